package store_test

import (
	"testing"
	"time"

	"plein.dev/platform/sqlite"
	"plein.dev/registrations/internal/domain"
	"plein.dev/registrations/internal/store"
)

func TestEventProjection(t *testing.T) {
	t.Parallel()
	db := open(t)
	_, err := store.GetEvent(ctx, db.R, "nope")
	wantNotFound(t, "unknown event", err)

	opens, closes := now.Add(time.Hour), now.Add(24*time.Hour)
	ev := domain.Event{ID: "e1", Title: "Ontbijt", StartsAt: now.Add(48 * time.Hour), EndsAt: now.Add(50 * time.Hour),
		Capacity: 40, Status: domain.EventPublished, Visibility: domain.VisibilityInviteOnly, OpensAt: &opens,
		ClosesAt: &closes, Location: "Plein 1", Description: "Koffie", InviteCode: "K7QXPL4M", Version: 3}
	write(t, db, func(tx sqlite.Tx) error { return store.PutEvent(ctx, tx, ev) })
	got, err := store.GetEvent(ctx, db.R, "e1")
	if err != nil {
		t.Fatal(err)
	}
	if got.Title != ev.Title || !got.StartsAt.Equal(ev.StartsAt) || !got.EndsAt.Equal(ev.EndsAt) || got.Capacity != 40 ||
		got.Status != ev.Status || got.Visibility != ev.Visibility || !got.OpensAt.Equal(opens) || !got.ClosesAt.Equal(closes) ||
		got.Location != ev.Location || got.Description != ev.Description || got.InviteCode != ev.InviteCode || got.Version != 3 {
		t.Fatalf("read back %+v", got)
	}

	// The versions of seats and attendance are the service's own: a new
	// copy of the event keeps them.
	write(t, db, func(tx sqlite.Tx) error {
		if _, err := store.BumpSeats(ctx, tx, "e1"); err != nil {
			return err
		}
		_, err := store.BumpAttendanceVersion(ctx, tx, "e1")
		return err
	})
	ev.OpensAt, ev.ClosesAt, ev.Version, ev.Capacity = nil, nil, 4, 50
	ev.SeatsVersion, ev.AttendanceVersion = 0, 0
	write(t, db, func(tx sqlite.Tx) error { return store.PutEvent(ctx, tx, ev) })
	got, _ = store.GetEvent(ctx, db.R, "e1")
	if got.OpensAt != nil || got.ClosesAt != nil || got.Version != 4 || got.Capacity != 50 ||
		got.SeatsVersion != 1 || got.AttendanceVersion != 1 {
		t.Fatalf("after a second copy %+v", got)
	}
}

func TestVersionCounters(t *testing.T) {
	t.Parallel()
	db := open(t)
	putEvent(t, db, "e1", 5)
	r := insert(t, db, newRegistration("e1", "a@x.nl", domain.StatusConfirmed))
	write(t, db, func(tx sqlite.Tx) error {
		for want := int64(1); want <= 2; want++ {
			if s, err := store.BumpSeats(ctx, tx, "e1"); err != nil || s.Version != want || s.Confirmed != 1 {
				t.Errorf("seats %+v (%v), want version %d with one confirmed", s, err, want)
			}
			if v, err := store.BumpAttendanceVersion(ctx, tx, "e1"); err != nil || v != want {
				t.Errorf("attendance version %d (%v), want %d", v, err, want)
			}
			if v, err := store.BumpVersion(ctx, tx, r.ID); err != nil || v != want+1 {
				t.Errorf("registration version %d (%v), want %d", v, err, want+1)
			}
		}
		_, err := store.BumpSeats(ctx, tx, "nope")
		wantNotFound(t, "seats version of an unknown event", err)
		_, err = store.BumpAttendanceVersion(ctx, tx, "nope")
		wantNotFound(t, "attendance version of an unknown event", err)
		_, err = store.BumpVersion(ctx, tx, "nope")
		wantNotFound(t, "version of an unknown registration", err)
		return nil
	})
}
