package store_test

import (
	"context"
	"testing"
	"time"

	"plein.dev/notifications/internal/domain"
	"plein.dev/notifications/internal/store"
	"plein.dev/notifications/migrations"
	"plein.dev/platform/sqlite"
	"plein.dev/platform/testkit"
)

// The store's contract, against a real SQLite file per test: what each
// function promises its callers in app.

var (
	ctx = context.Background()
	t0  = time.Date(2026, 3, 3, 12, 0, 0, 0, time.UTC)
)

func newDB(t *testing.T) *sqlite.DB {
	t.Helper()
	return testkit.DB(t, migrations.FS)
}

func write(t *testing.T, db *sqlite.DB, fn func(tx sqlite.Tx) error) {
	t.Helper()
	if err := db.InTx(ctx, fn); err != nil {
		t.Fatal(err)
	}
}

// enqueue logs and queues e under cause; it reports whether it did.
func enqueue(t *testing.T, db *sqlite.DB, e domain.Email, cause string) bool {
	t.Helper()
	var queued bool
	write(t, db, func(tx sqlite.Tx) error {
		var err error
		queued, err = store.Enqueue(ctx, tx, e, cause, "noreply@plein.local",
			domain.Outgoing{EnvelopeTo: e.To, Letter: letter(e)})
		return err
	})
	return queued
}

func email(id, reg, ev string, created time.Time) domain.Email {
	return domain.Email{ID: id, To: id + "@example.nl", Subject: "s " + id, Kind: domain.KindConfirmed,
		RegistrationID: reg, EventID: ev, CreatedAt: created}
}

func all(t *testing.T, db *sqlite.DB) []domain.Email {
	t.Helper()
	es, err := store.List(ctx, db.R, store.Filter{Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	return es
}

// letter is a letter that tells its e-mail apart.
func letter(e domain.Email) domain.Letter {
	return domain.Letter{Kind: e.Kind, Language: domain.Dutch, To: domain.Recipient{Name: "N " + e.ID, Email: e.To},
		Registration: &domain.Registration{ID: e.RegistrationID, EventID: e.EventID, SealedToken: "sealed-" + e.ID}}
}
