package store_test

import (
	"context"
	"testing"
	"time"

	"plein.dev/events/internal/domain"
	"plein.dev/events/internal/store"
	"plein.dev/events/migrations"
	"plein.dev/platform/sqlite"
	"plein.dev/platform/testkit"
)

// The store's contract, tested against a real SQLite file: what each
// function returns, in which order, and which sentinel it answers for a
// missing or duplicate row.

var bg = context.Background()

func open(t *testing.T) *sqlite.DB {
	t.Helper()
	return testkit.DB(t, migrations.FS)
}

// write runs fn in a write transaction and returns its error.
func write(db *sqlite.DB, fn func(tx sqlite.Tx) error) error {
	return db.InTx(bg, fn)
}

// must fails the test on err.
func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func at(day, h int) time.Time { return time.Date(2026, 12, day, h, 0, 0, 0, time.UTC) }

// venueWithRoom stores a venue with one room and returns the room.
func venueWithRoom(t *testing.T, db *sqlite.DB, venueID, roomID string) domain.Room {
	t.Helper()
	r := domain.Room{ID: roomID, VenueID: venueID, Name: "Zaal " + roomID, Capacity: 30, SetupMinutes: 15}
	must(t, write(db, func(tx sqlite.Tx) error {
		if err := store.InsertVenue(bg, tx, domain.Venue{ID: venueID, Name: "Venue " + venueID, CreatedAt: at(1, 0)}); err != nil {
			return err
		}
		return store.InsertRoom(bg, tx, r)
	}))
	return r
}

// event returns a valid draft event starting at start, an hour long.
func event(id string, start time.Time) domain.Event {
	return domain.Event{ID: id, Title: "Event " + id, StartsAt: start, EndsAt: start.Add(time.Hour), Capacity: 10,
		Visibility: domain.VisibilityPublic, Status: domain.StatusDraft, CreatedAt: at(1, 0), UpdatedAt: at(1, 0), Version: 1}
}

func insert(t *testing.T, db *sqlite.DB, events ...domain.Event) {
	t.Helper()
	must(t, write(db, func(tx sqlite.Tx) error {
		for _, e := range events {
			if err := store.InsertEvent(bg, tx, e); err != nil {
				return err
			}
		}
		return nil
	}))
}

func ids(events []domain.Event) []string {
	out := make([]string, 0, len(events))
	for _, e := range events {
		out = append(out, e.ID)
	}
	return out
}
