package app_test

import (
	"context"
	"testing"
	"time"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"plein.dev/notifications/internal/domain"
	"plein.dev/platform/identity"
)

// An administrator's export of an address holds every e-mail logged to it,
// whatever the case of the address; an organiser is refused.
func TestPersonEmails(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 3, 3, 12, 0, 0, 0, time.UTC)
	a, db := newApp(t, func() time.Time { return now }, nil)
	for _, c := range []domain.Change{
		change(domain.Confirmed, 1, domain.StatusConfirmed, now),
		change(domain.Cancelled, 2, domain.StatusCancelled, now),
	} {
		if err := apply(t, a, db, c); err != nil {
			t.Fatal(err)
		}
	}
	admin := identity.NewContext(context.Background(), identity.Identity{UserID: "u-admin", Roles: []string{identity.RoleAdmin}})
	emails, err := a.PersonEmails(admin, "piet@example.NL")
	if err != nil {
		t.Fatal(err)
	}
	if len(emails) != 2 || emails[0].Kind != domain.KindConfirmed || emails[1].Kind != domain.KindCancelled {
		t.Errorf("exported e-mails %+v, want the confirmation and the cancellation", emails)
	}
	if none, err := a.PersonEmails(admin, "nobody@example.nl"); err != nil || len(none) != 0 {
		t.Errorf("an unknown address: %v %v", none, err)
	}
	if _, err := a.PersonEmails(asOrganiser(), "piet@example.nl"); status.Code(err) != codes.PermissionDenied {
		t.Errorf("an organiser's export: %v", err)
	}
}
