package app_test

import (
	"bytes"
	"context"
	"errors"
	"net/mail"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"

	"plein.dev/notifications/internal/app"
	"plein.dev/notifications/internal/domain"
	"plein.dev/notifications/internal/store"
	"plein.dev/notifications/migrations"
	"plein.dev/platform/testkit"
)

func TestApplyRegistration(t *testing.T) {
	ctx := context.Background()
	db := testkit.DB(t, migrations.FS)
	now := time.Date(2026, 3, 3, 12, 0, 0, 0, time.UTC)
	a := app.New(db, domain.Notices{BaseURL: "http://localhost:8080"},
		mail.Address{Name: "Plein", Address: "noreply@plein.local"}, testkit.Logger(t), func() time.Time { return now })
	apply := func(c domain.Change) error {
		return db.InTx(ctx, func(tx *sqlx.Tx) error { return a.ApplyRegistration(ctx, tx, c) })
	}
	c := domain.Change{RegistrationID: "r1", EventID: "ev1", Version: 1, Name: "Piet", Email: "Piet@Example.nl",
		EventTitle: "Kennissessie", EventStartsAt: now.Add(48 * time.Hour)}

	for _, step := range []struct {
		verb    string
		version int64
	}{
		{domain.VerbWaitlisted, 1},
		{domain.VerbWaitlisted, 1}, // the same change again
		{domain.VerbPromoted, 2},
		{domain.VerbCheckedIn, 3},
		{domain.VerbCancelled, 4},
	} {
		c.Verb, c.Version = step.verb, step.version
		if err := apply(c); err != nil {
			t.Fatalf("%s: %v", step.verb, err)
		}
	}
	emails, err := a.List(ctx, store.Filter{RegistrationID: "r1", Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	var kinds []domain.Kind
	for _, e := range emails {
		kinds = append(kinds, e.Kind)
		if e.To != "Piet@Example.nl" || e.EventID != "ev1" || e.Status != store.StatusPending || !e.CreatedAt.Equal(now) {
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

	c.Verb, c.RegistrationID, c.Email = domain.VerbConfirmed, "r2", "not-an-address"
	if err := apply(c); !errors.Is(err, domain.ErrInvalid) {
		t.Errorf("bad address: %v, want ErrInvalid", err)
	}
}

// TestErasureForgetsTheAddress: once a person's data is erased, the e-mail
// log no longer holds their address and nothing queued for them goes out.
func TestErasureForgetsTheAddress(t *testing.T) {
	ctx := context.Background()
	db := testkit.DB(t, migrations.FS)
	now := time.Date(2026, 3, 3, 12, 0, 0, 0, time.UTC)
	a := app.New(db, domain.Notices{BaseURL: "http://localhost:8080"},
		mail.Address{Name: "Plein", Address: "noreply@plein.local"}, testkit.Logger(t), func() time.Time { return now })
	apply := func(c domain.Change) {
		t.Helper()
		if err := db.InTx(ctx, func(tx *sqlx.Tx) error { return a.ApplyRegistration(ctx, tx, c) }); err != nil {
			t.Fatal(err)
		}
	}
	base := domain.Change{EventID: "ev1", Version: 1, Name: "Piet", Email: "piet@example.nl",
		EventTitle: "Kennissessie", EventStartsAt: now.Add(48 * time.Hour), Verb: domain.VerbConfirmed}
	erased, kept := base, base
	erased.RegistrationID, kept.RegistrationID, kept.Email = "r1", "r2", "anna@example.nl"
	apply(erased)
	apply(kept)
	erased.Verb, erased.Version, erased.Email, erased.Name = domain.VerbErased, 2, "", ""
	apply(erased)

	emails, err := a.List(ctx, store.Filter{Limit: 10})
	if err != nil || len(emails) != 2 {
		t.Fatalf("log %v, %v", emails, err)
	}
	for _, e := range emails {
		switch e.RegistrationID {
		case "r1":
			if e.To != "" || e.Status == store.StatusPending {
				t.Errorf("erased registration's e-mail %+v", e)
			}
		case "r2":
			if e.To != "anna@example.nl" || e.Status != store.StatusPending {
				t.Errorf("other registration's e-mail %+v", e)
			}
		}
	}
	due, err := store.Due(ctx, db.R, now, 10)
	if err != nil || len(due) != 1 || due[0].EnvelopeTo != "anna@example.nl" {
		t.Fatalf("queue after erasure: %+v, %v", due, err)
	}
}
