package grpcapi_test

import (
	"context"
	"testing"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"plein.dev/platform/rpcerr"
	"plein.dev/platform/testkit"
	registrationsv1 "plein.dev/proto/gen/plein/registrations/v1"
	"plein.dev/registrations/internal/domain"
)

// The codes of PromoteRegistration, which the gateway answers as 401, 403,
// 404, 409 (naming seats) and 422.
func TestPromoteRegistrationCodes(t *testing.T) {
	t.Parallel()
	f := start(t, testkit.Logger(t))
	f.event(t, domain.Event{ID: "e1", Capacity: 1})
	ctx := context.Background()
	first, err := f.client.CreateRegistration(ctx, reg("e1", "a@x.nl"))
	if err != nil {
		t.Fatal(err)
	}
	waiting, err := f.client.CreateRegistration(ctx, reg("e1", "b@x.nl"))
	if err != nil || waiting.GetStatus() != "waitlisted" {
		t.Fatalf("second registration: %v, %v", waiting, err)
	}
	promote := func(ctx context.Context, id string) error {
		_, err := f.client.PromoteRegistration(ctx, &registrationsv1.PromoteRegistrationRequest{RegistrationId: id})
		return err
	}
	for _, tc := range []struct {
		name  string
		err   error
		code  codes.Code
		field string
	}{
		{"anonymous", promote(anonymous, waiting.GetId()), codes.Unauthenticated, ""},
		{"not an organiser", promote(attendee, waiting.GetId()), codes.PermissionDenied, ""},
		{"unknown", promote(organiser, "nope"), codes.NotFound, ""},
		{"no id", promote(organiser, ""), codes.InvalidArgument, "registrationId"},
		{"no free seat", promote(organiser, waiting.GetId()), codes.AlreadyExists, "seats"},
		{"confirmed already", promote(organiser, first.GetId()), codes.FailedPrecondition, "status"},
	} {
		if status.Code(tc.err) != tc.code {
			t.Errorf("%s: %v, want %s", tc.name, tc.err, tc.code)
			continue
		}
		if tc.field != "" {
			vs := rpcerr.Violations(tc.err)
			if len(vs) == 0 || vs[0].Field != tc.field {
				t.Errorf("%s: violations %v, want %s", tc.name, vs, tc.field)
			}
		}
	}
	if _, err := f.db.W.Exec(`UPDATE events SET capacity = 2 WHERE id = 'e1'`); err != nil {
		t.Fatal(err)
	}
	got, err := f.client.PromoteRegistration(organiser, &registrationsv1.PromoteRegistrationRequest{RegistrationId: waiting.GetId()})
	if err != nil || got.GetRegistration().GetStatus() != "confirmed" {
		t.Fatalf("promote into a free seat: %v, %v", got, err)
	}
}
