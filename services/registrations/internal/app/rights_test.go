package app_test

import (
	"context"
	"errors"
	"testing"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"plein.dev/platform/page"
	"plein.dev/registrations/internal/app"
	"plein.dev/registrations/internal/domain"
)

// TestRights: the app decides who may call what from the identity in the
// context; anonymous callers are asked to sign in, others without the role
// are refused.
func TestRights(t *testing.T) {
	t.Parallel()
	a, db := setup(t)
	publish(t, a, db, "e1", 5)
	r, _ := mustRegister(t, a, "e1", "anna@x.nl")
	calls := []struct {
		name  string
		role  context.Context // a caller who may
		call  func(ctx context.Context) error
		quiet bool // refused as not found rather than by role
	}{
		{"list", org, func(ctx context.Context) error {
			_, _, err := a.List(ctx, app.RegistrationQuery{EventID: "e1"}, page.Request[app.RegistrationCursor]{Size: 10})
			return err
		}, false},
		{"check in", org, func(ctx context.Context) error { _, err := a.CheckIn(ctx, r.ID); return err }, false},
		{"check in by code", org, func(ctx context.Context) error { _, err := a.CheckInByCode(ctx, "e1", r.CheckInCode); return err }, false},
		{"set questions", org, func(ctx context.Context) error { _, err := a.SetQuestions(ctx, "e1", nil); return err }, false},
		{"attendance", org, func(ctx context.Context) error { _, err := a.Attendance(ctx, "e1"); return err }, false},
		{"export person", admin, func(ctx context.Context) error { _, err := a.PersonRegistrations(ctx, "anna@x.nl"); return err }, false},
		{"get without token", org, func(ctx context.Context) error { _, err := a.Get(ctx, r.ID, ""); return err }, true},
		{"calendar without token", org, func(ctx context.Context) error { _, err := a.Calendar(ctx, r.ID, ""); return err }, true},
	}
	for _, c := range calls {
		for _, caller := range []struct {
			name string
			ctx  context.Context
			code codes.Code
		}{{"anonymous", anon, codes.Unauthenticated}, {"ambassador", amb, codes.PermissionDenied}} {
			err := c.call(caller.ctx)
			if c.quiet {
				if !errors.Is(err, domain.ErrNotFound) {
					t.Errorf("%s by %s: %v, want not found", c.name, caller.name, err)
				}
				continue
			}
			if got := status.Code(err); got != caller.code {
				t.Errorf("%s by %s: %v, want %v", c.name, caller.name, err, caller.code)
			}
		}
		if err := c.call(c.role); err != nil {
			t.Errorf("%s with the role: %v", c.name, err)
		}
	}
}
