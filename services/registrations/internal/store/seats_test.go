package store_test

import (
	"fmt"
	"testing"
	"time"

	"plein.dev/platform/sqlite"
	"plein.dev/registrations/internal/domain"
	"plein.dev/registrations/internal/store"
)

// TestSeatCounts: confirmed and waitlisted of the event only, cancelled
// left out, the capacity with them; an unknown event is not found.
func TestSeatCounts(t *testing.T) {
	t.Parallel()
	db := open(t)
	_, err := store.CountSeats(ctx, db.R, "nope")
	wantNotFound(t, "seats of an unknown event", err)
	putEvent(t, db, "e1", 2)
	putEvent(t, db, "e2", 9)
	if s, err := store.CountSeats(ctx, db.R, "e1"); err != nil || s != (domain.Seats{EventID: "e1", Capacity: 2}) {
		t.Fatalf("empty event: %+v %v", s, err)
	}
	var regs []domain.Registration
	for i, st := range []domain.Status{domain.StatusConfirmed, domain.StatusConfirmed, domain.StatusWaitlisted, domain.StatusWaitlisted, domain.StatusWaitlisted} {
		regs = append(regs, insert(t, db, newRegistration("e1", fmt.Sprintf("p%d@x.nl", i), st)))
	}
	insert(t, db, newRegistration("e2", "p0@x.nl", domain.StatusConfirmed))
	cancel(t, db, regs[0])
	cancel(t, db, regs[4])
	s, err := store.CountSeats(ctx, db.R, "e1")
	if err != nil || s != (domain.Seats{EventID: "e1", Capacity: 2, Confirmed: 1, Waitlisted: 2}) {
		t.Fatalf("seats %+v %v", s, err)
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
		regs = append(regs, insert(t, db, newRegistration("e1", fmt.Sprintf("p%d@x.nl", i), st)))
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
}
