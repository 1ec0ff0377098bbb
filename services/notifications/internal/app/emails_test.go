package app_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"plein.dev/notifications/internal/app"
	"plein.dev/platform/identity"
	"plein.dev/platform/page"
)

// The log is for organisers and administrators only, paged by keyset.
func TestListEmails(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 3, 3, 12, 0, 0, 0, time.UTC)
	a, db := newApp(t, func() time.Time { return now }, nil)
	for i := range 5 {
		queue(t, db, fmt.Sprintf("e%d", i), now)
	}
	as := func(roles ...string) context.Context {
		return identity.NewContext(context.Background(), identity.Identity{UserID: "u", Roles: roles})
	}
	first := page.Request[app.EmailCursor]{First: true, Size: 2}
	for _, tc := range []struct {
		name string
		ctx  context.Context
		code codes.Code
	}{
		{"organiser", as(identity.RoleOrganiser), codes.OK},
		{"admin", as(identity.RoleAdmin), codes.OK},
		{"ambassador", as(identity.RoleAmbassador), codes.PermissionDenied},
		{"anonymous", context.Background(), codes.Unauthenticated},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, _, err := a.ListEmails(tc.ctx, app.EmailFilter{}, first)
			if status.Code(err) != tc.code {
				t.Fatalf("err = %v, want %s", err, tc.code)
			}
		})
	}

	var seen []string
	r := first
	for {
		emails, next, err := a.ListEmails(as(identity.RoleAdmin), app.EmailFilter{}, r)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range emails {
			seen = append(seen, e.ID)
		}
		if next == "" {
			break
		}
		if r, err = page.Parse[app.EmailCursor](next, 2); err != nil {
			t.Fatal(err)
		}
	}
	if fmt.Sprint(seen) != "[e0 e1 e2 e3 e4]" {
		t.Fatalf("paged through %v", seen)
	}
}
