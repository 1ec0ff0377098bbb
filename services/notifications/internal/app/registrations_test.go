package app_test

import (
	"bytes"
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
	"plein.dev/platform/sqlite"
	"plein.dev/platform/testkit"
)

// newApp returns an app on a fresh database, with the clock now and the
// sender (nil where nothing is sent).
func newApp(t *testing.T, now func() time.Time, sender delivery.Sender) (*app.App, *sqlite.DB) {
	t.Helper()
	db := testkit.DB(t, migrations.FS)
	m := app.Mail{Notices: domain.Notices{BaseURL: "http://localhost:8080"},
		From: mail.Address{Name: "Plein", Address: "noreply@plein.local"}, Sender: sender}
	return app.New(db, m, testkit.Logger(t), now), db
}

// asOrganiser is the context of a call by an organiser.
func asOrganiser() context.Context {
	return identity.NewContext(context.Background(),
		identity.Identity{UserID: "u-organiser", Roles: []string{identity.RoleOrganiser}})
}

// emailLog returns the whole e-mail log, as an organiser sees it.
func emailLog(t *testing.T, a *app.App, f app.EmailFilter) []domain.Email {
	t.Helper()
	emails, _, err := a.ListEmails(asOrganiser(), f, page.Request[app.EmailCursor]{First: true, Size: page.MaxSize})
	if err != nil {
		t.Fatal(err)
	}
	return emails
}

func TestApplyRegistration(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	now := time.Date(2026, 3, 3, 12, 0, 0, 0, time.UTC)
	a, db := newApp(t, func() time.Time { return now }, nil)
	apply := func(c domain.Change) error {
		return db.InTx(ctx, func(tx sqlite.Tx) error { return a.ApplyRegistration(ctx, tx, c) })
	}
	c := domain.Change{RegistrationID: "r1", EventID: "ev1", Version: 1, Name: "Piet", Email: "Piet@Example.nl",
		EventTitle: "Kennissessie", EventStartsAt: now.Add(48 * time.Hour)}

	for _, step := range []struct {
		happened domain.Happening
		version  int64
	}{
		{domain.Waitlisted, 1},
		{domain.Waitlisted, 1}, // the same change again
		{domain.Promoted, 2},
		{domain.Cancelled, 4},
	} {
		c.Happened, c.Version = step.happened, step.version
		if err := apply(c); err != nil {
			t.Fatalf("%d: %v", step.happened, err)
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

	due, err := store.Due(ctx, db.R, now, 10)
	if err != nil || len(due) != 3 {
		t.Fatalf("queue %d, %v", len(due), err)
	}
	msg, err := mail.ReadMessage(bytes.NewReader(due[0].Message))
	if err != nil {
		t.Fatal(err)
	}
	if got := msg.Header.Get("Message-ID"); got != "<"+emails[0].ID+"@plein.local>" {
		t.Errorf("Message-ID %q", got)
	}
	if due[0].EnvelopeTo != "Piet@Example.nl" || due[0].EnvelopeFrom != "noreply@plein.local" {
		t.Errorf("envelope %q -> %q", due[0].EnvelopeFrom, due[0].EnvelopeTo)
	}

	c.Happened, c.RegistrationID, c.Email = domain.Confirmed, "r2", "not-an-address"
	var re *rule.Error
	if err := apply(c); !errors.As(err, &re) || re.Field() != "email" {
		t.Errorf("bad address: %v, want a rule error on email", err)
	}
}

// TestErasureForgetsTheAddress: once a person's data is erased, the e-mail
// log no longer holds their address and nothing queued for them goes out.
func TestErasureForgetsTheAddress(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	now := time.Date(2026, 3, 3, 12, 0, 0, 0, time.UTC)
	a, db := newApp(t, func() time.Time { return now }, nil)
	apply := func(c domain.Change) {
		t.Helper()
		if err := db.InTx(ctx, func(tx sqlite.Tx) error { return a.ApplyRegistration(ctx, tx, c) }); err != nil {
			t.Fatal(err)
		}
	}
	base := domain.Change{EventID: "ev1", Version: 1, Name: "Piet", Email: "piet@example.nl",
		EventTitle: "Kennissessie", EventStartsAt: now.Add(48 * time.Hour), Happened: domain.Confirmed}
	erased, kept := base, base
	erased.RegistrationID, kept.RegistrationID, kept.Email = "r1", "r2", "anna@example.nl"
	apply(erased)
	apply(kept)
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
}
