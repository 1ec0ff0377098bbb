package app_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"plein.dev/notifications/internal/app"
	"plein.dev/notifications/internal/domain"
	"plein.dev/notifications/internal/store"
	"plein.dev/platform/identity"
	"plein.dev/platform/page"
	"plein.dev/platform/sqlite"
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

// TestListEmailsOfOwnEvents: an organiser reads the e-mails of their
// organisations' events only — none of another organisation's event, nor
// those that concern no known event; an administrator reads them all.
func TestListEmailsOfOwnEvents(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 3, 3, 12, 0, 0, 0, time.UTC)
	a, db := newApp(t, func() time.Time { return now }, nil)
	err := db.InTx(context.Background(), func(tx sqlite.Tx) error {
		for _, ev := range []domain.EventFacts{
			{ID: "ev-velsen", Title: "Ontbijt", Status: "published", Owners: []string{"gm0453"}},
			{ID: "ev-samen", Title: "Samen", Status: "published", Owners: []string{"gm0453", "gm0375"}},
		} {
			if err := store.PutEvent(context.Background(), tx, ev); err != nil {
				return err
			}
		}
		for i, ev := range []string{"ev-velsen", "ev-samen", ""} {
			if _, err := store.Enqueue(context.Background(), tx, domain.Email{ID: fmt.Sprintf("m%d", i), To: "a@example.nl",
				Subject: "s", Kind: domain.KindConfirmed, EventID: ev, CreatedAt: now}, fmt.Sprintf("cause-%d", i), "noreply@plein.local",
				domain.Outgoing{EnvelopeTo: "a@example.nl", Letter: domain.Letter{Kind: domain.KindConfirmed, Language: domain.Dutch,
					To: domain.Recipient{Name: "Anna", Email: "a@example.nl"}}}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		id   identity.Identity
		want string
	}{
		{"organiser of Velsen", identity.Identity{UserID: "v", Roles: []string{identity.RoleOrganiser}, OrganisationIDs: []string{"gm0453"}}, "[m0 m1]"},
		{"organiser of Beverwijk", identity.Identity{UserID: "b", Roles: []string{identity.RoleOrganiser}, OrganisationIDs: []string{"gm0375"}}, "[m1]"},
		{"organiser of none", identity.Identity{UserID: "n", Roles: []string{identity.RoleOrganiser}}, "[]"},
		{"administrator", identity.Identity{UserID: "a", Roles: []string{identity.RoleAdmin}}, "[m0 m1 m2]"},
	} {
		emails, _, err := a.ListEmails(identity.NewContext(context.Background(), tc.id), app.EmailFilter{}, page.Request[app.EmailCursor]{First: true, Size: 10})
		var got []string
		for _, e := range emails {
			got = append(got, e.ID)
		}
		if err != nil || fmt.Sprint(got) != tc.want {
			t.Errorf("%s reads %v, %v; want %s", tc.name, got, err, tc.want)
		}
	}
}
