package rpcerr

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"testing"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"plein.dev/platform/page"
	"plein.dev/platform/rule"
)

func TestStatus(t *testing.T) {
	t.Parallel()
	errGone := errors.New("registration not found")
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	sentinels := map[error]codes.Code{errGone: codes.NotFound}
	cases := []struct {
		err    error
		code   codes.Code
		fields []string
	}{
		{fmt.Errorf("x: %w", rule.InvalidField("email", "not an address")), codes.InvalidArgument, []string{"email"}},
		{rule.Broken("registration has closed"), codes.FailedPrecondition, nil},
		{rule.TakenField("email", "registered already"), codes.AlreadyExists, []string{"email"}},
		{fmt.Errorf("get: %w", errGone), codes.NotFound, nil},
		{page.ErrInvalid, codes.InvalidArgument, []string{"pageToken"}},
		{context.Canceled, codes.Canceled, nil},
		{errors.New("disk on fire"), codes.Internal, nil},
		{status.Error(codes.PermissionDenied, "no"), codes.PermissionDenied, nil},
	}
	for _, c := range cases {
		got := Status(context.Background(), log, "op", c.err, sentinels)
		if status.Code(got) != c.code {
			t.Errorf("%v: code %s, want %s", c.err, status.Code(got), c.code)
		}
		var fields []string
		for _, v := range Violations(got) {
			fields = append(fields, v.Field)
		}
		if fmt.Sprint(fields) != fmt.Sprint(c.fields) {
			t.Errorf("%v: fields %v, want %v", c.err, fields, c.fields)
		}
	}
	if msg := status.Convert(Status(context.Background(), log, "op", errors.New("secret path /x"), nil)).Message(); msg != "internal error" {
		t.Errorf("internal error leaks %q", msg)
	}
}
