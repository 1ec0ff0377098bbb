package app_test

import (
	"context"
	"errors"
	"net/mail"
	"testing"
	"time"

	"plein.dev/notifications/internal/app"
	"plein.dev/notifications/internal/delivery"
	"plein.dev/notifications/internal/domain"
	"plein.dev/notifications/internal/store"
	"plein.dev/notifications/migrations"
	"plein.dev/platform/identity"
	"plein.dev/platform/page"
	"plein.dev/platform/rule"
	"plein.dev/platform/seal"
	"plein.dev/platform/sqlite"
	"plein.dev/platform/testkit"
	"plein.dev/platform/zone"
)

// keys is the keyring the tests seal manage tokens with.
var keys = func() *seal.Keyring {
	k, err := seal.NewKey("test")
	if err != nil {
		panic(err)
	}
	ring, err := seal.Parse(k)
	if err != nil {
		panic(err)
	}
	return ring
}()

// newApp returns an app on a fresh database, with the clock now and the
// sender (nil where nothing is sent), reminding a day ahead.
func newApp(t *testing.T, now func() time.Time, sender delivery.Sender) (*app.App, *sqlite.DB) {
	t.Helper()
	db := testkit.DB(t, migrations.FS)
	m := app.Mail{Writer: domain.Writer{BaseURL: "http://localhost:8080", Zone: zone.Amsterdam},
		From: mail.Address{Name: "Plein", Address: "noreply@plein.local"}, Sender: sender, Keys: keys,
		ReminderLead: 24 * time.Hour}
	return app.New(db, m, testkit.Logger(t), now), db
}

// asOrganiser is the context of a call by an organiser.
func asOrganiser() context.Context {
	return identity.NewContext(context.Background(),
		identity.Identity{UserID: "u-organiser", Roles: []string{identity.RoleOrganiser}})
}

// emailLog returns the whole e-mail log, as an administrator sees it (an
// organiser sees their organisations' events' only).
func emailLog(t *testing.T, a *app.App, f app.EmailFilter) []domain.Email {
	t.Helper()
	admin := identity.NewContext(context.Background(), identity.Identity{UserID: "u-admin", Roles: []string{identity.RoleAdmin}})
	emails, _, err := a.ListEmails(admin, f, page.Request[app.EmailCursor]{First: true, Size: page.MaxSize})
	if err != nil {
		t.Fatal(err)
	}
	return emails
}

func apply(t *testing.T, a *app.App, db *sqlite.DB, c domain.Change) error {
	t.Helper()
	ctx := context.Background()
	return db.InTx(ctx, func(tx sqlite.Tx) error { return a.ApplyRegistration(ctx, tx, c) })
}

func change(h domain.Happening, version int64, status string, now time.Time) domain.Change {
	return domain.Change{Happened: h, Registration: domain.Registration{ID: "r1", EventID: "ev1", Version: version,
		Name: "Piet", Email: "Piet@Example.nl", Status: status, RegisteredAt: now.Add(-time.Hour),
		Event: domain.Event{Title: "Kennissessie", StartsAt: now.Add(48 * time.Hour), EndsAt: now.Add(50 * time.Hour)}}}
}

// One e-mail per change, however often it comes; the manage token that
// came sealed with the first message goes with the later e-mails, and
// only sealed into the queue.
func TestApplyRegistration(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	now := time.Date(2026, 3, 3, 12, 0, 0, 0, time.UTC)
	a, db := newApp(t, func() time.Time { return now }, nil)

	first := change(domain.Waitlisted, 1, domain.StatusWaitlisted, now)
	first.Registration.SealedToken = keys.Seal("the-token", "r1")
	for _, c := range []domain.Change{
		first,
		first, // the same change again
		change(domain.Promoted, 2, domain.StatusConfirmed, now),
		change(domain.Promoted, 2, domain.StatusConfirmed, now),
		change(domain.Cancelled, 4, domain.StatusCancelled, now),
	} {
		if err := apply(t, a, db, c); err != nil {
			t.Fatalf("%d: %v", c.Happened, err)
		}
	}
	emails := emailLog(t, a, app.EmailFilter{RegistrationID: "r1"})
	var kinds []domain.Kind
	for _, e := range emails {
		kinds = append(kinds, e.Kind)
		if e.To != "Piet@Example.nl" || e.EventID != "ev1" || e.Status != domain.StatusPending || !e.CreatedAt.Equal(now) {
			t.Errorf("e-mail %+v", e)
		}
	}
	if want := []domain.Kind{domain.KindWaitlisted, domain.KindPromoted, domain.KindCancelled}; len(kinds) != 3 ||
		kinds[0] != want[0] || kinds[1] != want[1] || kinds[2] != want[2] {
		t.Fatalf("kinds %v, want %v", kinds, want)
	}
	if emails[1].Subject != "Er is een plaats vrij, je bent aangemeld: Kennissessie" {
		t.Errorf("subject %q", emails[1].Subject)
	}

	due, err := store.Due(ctx, db.R, now, 10)
	if err != nil || len(due) != 3 {
		t.Fatalf("queue %d, %v", len(due), err)
	}
	for i, q := range due {
		if q.Letter.Registration == nil || q.Letter.Registration.SealedToken == "" {
			t.Errorf("e-mail %d without the sealed token: %+v", i, q.Letter)
			continue
		}
		if tok, err := keys.Open(q.Letter.Registration.SealedToken, "r1"); err != nil || tok != "the-token" {
			t.Errorf("e-mail %d: token %q, %v", i, tok, err)
		}
		if q.EnvelopeTo != "Piet@Example.nl" {
			t.Errorf("envelope to %q", q.EnvelopeTo)
		}
	}
	// Nothing is kept of a cancelled registration.
	if _, ok, err := store.Attendee(ctx, db.R, "r1"); err != nil || ok {
		t.Errorf("attendee kept after cancellation: %v, %v", ok, err)
	}

	bad := change(domain.Confirmed, 1, domain.StatusConfirmed, now)
	bad.Registration.ID, bad.Registration.Email = "r2", "not-an-address"
	var re *rule.Error
	if err := apply(t, a, db, bad); !errors.As(err, &re) || re.Field() != "email" {
		t.Errorf("bad address: %v, want a rule error on email", err)
	}
}

// TestErasureForgetsTheAddress: once a person's data is erased, the e-mail
// log no longer holds their address, nothing queued for them goes out and
// nothing is kept of them.
func TestErasureForgetsTheAddress(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	now := time.Date(2026, 3, 3, 12, 0, 0, 0, time.UTC)
	a, db := newApp(t, func() time.Time { return now }, nil)
	erased, kept := change(domain.Confirmed, 1, domain.StatusConfirmed, now), change(domain.Confirmed, 1, domain.StatusConfirmed, now)
	kept.Registration.ID, kept.Registration.Email = "r2", "anna@example.nl"
	for _, c := range []domain.Change{erased, kept} {
		if err := apply(t, a, db, c); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.InTx(ctx, func(tx sqlite.Tx) error { return a.ApplyErasure(ctx, tx, "r1") }); err != nil {
		t.Fatal(err)
	}

	emails := emailLog(t, a, app.EmailFilter{})
	if len(emails) != 2 {
		t.Fatalf("log %v", emails)
	}
	for _, e := range emails {
		switch e.RegistrationID {
		case "r1":
			if e.To != "" || e.Status == domain.StatusPending {
				t.Errorf("erased registration's e-mail %+v", e)
			}
		case "r2":
			if e.To != "anna@example.nl" || e.Status != domain.StatusPending {
				t.Errorf("other registration's e-mail %+v", e)
			}
		}
	}
	due, err := store.Due(ctx, db.R, now, 10)
	if err != nil || len(due) != 1 || due[0].EnvelopeTo != "anna@example.nl" {
		t.Fatalf("queue after erasure: %+v, %v", due, err)
	}
	if _, ok, err := store.Attendee(ctx, db.R, "r1"); err != nil || ok {
		t.Errorf("attendee kept after erasure: %v, %v", ok, err)
	}
}
