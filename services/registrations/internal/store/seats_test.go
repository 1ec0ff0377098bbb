package store_test

import (
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"plein.dev/platform/sqlite"
	"plein.dev/platform/testkit"
	"plein.dev/registrations/internal/domain"
	"plein.dev/registrations/internal/store"
	"plein.dev/registrations/migrations"
)

// TestSeatCounts: the counts kept on the event follow every change of a
// registration's status: confirmed and waitlisted of the event only,
// cancelled left out, the capacity with them; a refused insert, a change
// without a new status and a new copy of the event leave them; an unknown
// event is not found.
func TestSeatCounts(t *testing.T) {
	t.Parallel()
	db := open(t)
	_, err := store.Seats(ctx, db.R, "nope")
	wantNotFound(t, "seats of an unknown event", err)
	ev := putEvent(t, db, "e1", 2)
	putEvent(t, db, "e2", 9)
	wantSeats := func(what string, want domain.Seats) {
		t.Helper()
		if s, err := store.Seats(ctx, db.R, want.EventID); err != nil || s != want {
			t.Fatalf("%s: seats %+v (%v), want %+v", what, s, err, want)
		}
	}
	wantSeats("empty event", domain.Seats{EventID: "e1", Capacity: 2})
	var regs []domain.Registration
	for i, st := range []domain.Status{domain.StatusConfirmed, domain.StatusConfirmed, domain.StatusWaitlisted, domain.StatusWaitlisted, domain.StatusWaitlisted} {
		regs = append(regs, insert(t, db, newRegistration("e1", fmt.Sprintf("p%d@x.nl", i), st)))
	}
	insert(t, db, newRegistration("e2", "p0@x.nl", domain.StatusConfirmed))
	wantSeats("after inserts", domain.Seats{EventID: "e1", Capacity: 2, Confirmed: 2, Waitlisted: 3})

	err = db.InTx(ctx, func(tx sqlite.Tx) error {
		return store.InsertRegistration(ctx, tx, newRegistration("e1", "p0@x.nl", domain.StatusWaitlisted))
	})
	if !errors.Is(err, domain.ErrDuplicate) {
		t.Fatalf("duplicate: %v", err)
	}
	wantSeats("after a refused insert", domain.Seats{EventID: "e1", Capacity: 2, Confirmed: 2, Waitlisted: 3})

	cancel(t, db, regs[0])
	cancel(t, db, regs[4])
	wantSeats("after cancellations", domain.Seats{EventID: "e1", Capacity: 2, Confirmed: 1, Waitlisted: 2})

	promoted := regs[2]
	promoted.Status, promoted.ConfirmedAt = domain.StatusConfirmed, &now
	write(t, db, func(tx sqlite.Tx) error { return store.SaveStatus(ctx, tx, promoted) })
	checkedIn := regs[1]
	checkedIn.CheckedInAt = &now
	write(t, db, func(tx sqlite.Tx) error { return store.SaveStatus(ctx, tx, checkedIn) })
	cancel(t, db, regs[0]) // cancelled again: no change
	ev.Capacity = 3
	write(t, db, func(tx sqlite.Tx) error { return store.PutEvent(ctx, tx, ev) })
	wantSeats("after a promotion, a check-in and a new capacity", domain.Seats{EventID: "e1", Capacity: 3, Confirmed: 2, Waitlisted: 1})
	wantSeats("the other event", domain.Seats{EventID: "e2", Capacity: 9, Confirmed: 1})
}

// TestSeatCountsBackfilled: the migration that adds the counts fills them
// from the registrations stored before it.
func TestSeatCountsBackfilled(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "registrations.db")
	// The migrations up to the one before.
	files, err := fs.Glob(migrations.FS, "*.sql")
	if err != nil {
		t.Fatal(err)
	}
	before := fstest.MapFS{}
	for _, name := range files {
		if name >= "0005" {
			continue
		}
		b, err := fs.ReadFile(migrations.FS, name)
		if err != nil {
			t.Fatal(err)
		}
		before[name] = &fstest.MapFile{Data: b}
	}
	old, err := sqlite.Open(ctx, path, before, testkit.Logger(t))
	if err != nil {
		t.Fatal(err)
	}
	const event = `INSERT INTO events (id, title, starts_at, ends_at, capacity, status, visibility)
		VALUES (?, 'Ontbijt', 0, 3600, ?, 'published', 'public')`
	const registration = `INSERT INTO registrations (id, event_id, name, email, email_key, status,
		token_hash, registered_at, version) VALUES (?, ?, 'N', ?, ?, ?, X'00', 0, 1)`
	write(t, old, func(tx sqlite.Tx) error {
		for _, e := range []struct {
			id       string
			capacity int
			statuses []domain.Status
		}{
			{"e1", 2, []domain.Status{"confirmed", "cancelled", "confirmed", "waitlisted", "cancelled", "waitlisted", "waitlisted"}},
			{"e2", 5, []domain.Status{"cancelled", "confirmed"}},
			{"e3", 5, nil},
		} {
			if _, err := tx.ExecContext(ctx, event, e.id, e.capacity); err != nil {
				return err
			}
			for i, st := range e.statuses {
				email := fmt.Sprintf("p%d@x.nl", i)
				if _, err := tx.ExecContext(ctx, registration, e.id+email, e.id, email, email, string(st)); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err := old.Close(); err != nil {
		t.Fatal(err)
	}

	db, err := sqlite.Open(ctx, path, migrations.FS, testkit.Logger(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = db.Close() })
	for _, want := range []domain.Seats{
		{EventID: "e1", Capacity: 2, Confirmed: 2, Waitlisted: 3},
		{EventID: "e2", Capacity: 5, Confirmed: 1},
		{EventID: "e3", Capacity: 5},
	} {
		if s, err := store.Seats(ctx, db.R, want.EventID); err != nil || s != want {
			t.Errorf("seats %+v (%v), want %+v", s, err, want)
		}
	}
}

func TestAttendanceCounts(t *testing.T) {
	t.Parallel()
	db := open(t)
	_, err := store.CountAttendance(ctx, db.R, "nope")
	wantNotFound(t, "attendance of an unknown event", err)
	putEvent(t, db, "e1", 3)
	var regs []domain.Registration
	for i, st := range []domain.Status{domain.StatusConfirmed, domain.StatusConfirmed, domain.StatusConfirmed, domain.StatusWaitlisted} {
		r := newRegistration("e1", fmt.Sprintf("p%d@x.nl", i), st)
		r.KvKNumber = fmt.Sprintf("1000000%d", i)
		regs = append(regs, insert(t, db, r))
	}
	at := now.Add(time.Hour)
	for _, r := range regs[:2] {
		r.CheckedInAt = &at
		write(t, db, func(tx sqlite.Tx) error { return store.SaveStatus(ctx, tx, r) })
	}
	cancel(t, db, regs[1]) // checked in, then cancelled: no longer counts as checked in
	a, err := store.CountAttendance(ctx, db.R, "e1")
	want := domain.Attendance{EventID: "e1", EventStatus: domain.EventPublished, Capacity: 3, Confirmed: 2, CheckedIn: 1, Waitlisted: 1, Cancelled: 1}
	if err != nil || a != want {
		t.Fatalf("attendance %+v %v, want %+v", a, err, want)
	}
	// The confirmed only, with their numbers and check-ins.
	attendees, err := store.ConfirmedAttendees(ctx, db.R, "e1")
	slices.SortFunc(attendees, func(a, b domain.Attendee) int { return strings.Compare(a.KvKNumber, b.KvKNumber) })
	wantAttendees := []domain.Attendee{{KvKNumber: "10000000", CheckedIn: true}, {KvKNumber: "10000002"}}
	if err != nil || !slices.Equal(attendees, wantAttendees) {
		t.Errorf("attendees %+v %v, want %+v", attendees, err, wantAttendees)
	}
}

// TestSeatsCarryTheirVersion: the counts are read with the version of the
// last announcement of them, in one read.
func TestSeatsCarryTheirVersion(t *testing.T) {
	t.Parallel()
	db := open(t)
	putEvent(t, db, "e1", 2)
	for want := int64(1); want <= 2; want++ {
		err := db.InTx(ctx, func(tx sqlite.Tx) error {
			s, err := store.BumpSeats(ctx, tx, "e1")
			if err == nil && (s.Version != want || s.Capacity != 2 || s.EventID != "e1") {
				t.Errorf("bumped to %+v, want version %d of e1's counts", s, want)
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		if s, err := store.Seats(ctx, db.R, "e1"); err != nil || s.Version != want {
			t.Fatalf("seats %+v (%v), want version %d", s, err, want)
		}
	}
}
