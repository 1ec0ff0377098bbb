package store_test

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"plein.dev/platform/sqlite"
	"plein.dev/platform/testkit"
	"plein.dev/registrations/internal/domain"
	"plein.dev/registrations/internal/store"
	"plein.dev/registrations/migrations"
)

// The contract of the store, run against a real SQLite file per test.

var (
	ctx = context.Background()
	now = time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
)

func open(t *testing.T) *sqlite.DB {
	t.Helper()
	return testkit.DB(t, migrations.FS)
}

// write runs fn in a write transaction and fails the test on an error.
func write(t *testing.T, db *sqlite.DB, fn func(tx sqlite.Tx) error) {
	t.Helper()
	if err := db.InTx(ctx, fn); err != nil {
		t.Fatal(err)
	}
}

func putEvent(t *testing.T, db *sqlite.DB, id string, capacity int) domain.Event {
	t.Helper()
	ev := domain.Event{ID: id, Title: "Ontbijt " + id, StartsAt: now.Add(48 * time.Hour), EndsAt: now.Add(50 * time.Hour),
		Capacity: capacity, Status: domain.EventPublished, Visibility: domain.VisibilityPublic, Version: 1}
	write(t, db, func(tx sqlite.Tx) error { return store.PutEvent(ctx, tx, ev) })
	return ev
}

var nextID atomic.Int64

// newRegistration returns a registration of email for the event, not yet
// stored.
func newRegistration(eventID, email string, status domain.Status) domain.Registration {
	r := domain.Registration{ID: fmt.Sprintf("r%d-%s", nextID.Add(1), email), EventID: eventID, Name: "N " + email, Email: email,
		Status: status, TokenHash: domain.HashToken("t" + email), RegisteredAt: now, Version: 1}
	if status == domain.StatusConfirmed {
		r.ConfirmedAt = &now
	}
	return r
}

func insert(t *testing.T, db *sqlite.DB, r domain.Registration) domain.Registration {
	t.Helper()
	write(t, db, func(tx sqlite.Tx) error { return store.InsertRegistration(ctx, tx, r) })
	got, err := store.GetRegistration(ctx, db.R, r.ID)
	if err != nil {
		t.Fatal(err)
	}
	return got
}

func cancel(t *testing.T, db *sqlite.DB, r domain.Registration) domain.Registration {
	t.Helper()
	r.Status, r.CancelledAt, r.CancelledBy, r.WaitlistPosition = domain.StatusCancelled, &now, domain.CancelledByAttendee, 0
	r.Version++
	write(t, db, func(tx sqlite.Tx) error { return store.SaveStatus(ctx, tx, r) })
	return r
}

func ids(regs []domain.Registration) []string {
	out := make([]string, len(regs))
	for i, r := range regs {
		out[i] = r.ID
	}
	return out
}

func wantNotFound(t *testing.T, what string, err error) {
	t.Helper()
	if !errors.Is(err, domain.ErrNotFound) {
		t.Errorf("%s: %v, want not found", what, err)
	}
}
