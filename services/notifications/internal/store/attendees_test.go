package store_test

import (
	"fmt"
	"testing"
	"time"

	"plein.dev/notifications/internal/domain"
	"plein.dev/notifications/internal/store"
	"plein.dev/platform/sqlite"
)

// What is recorded of a registration comes back whole, and is replaced by
// what is recorded later.
func TestAttendees(t *testing.T) {
	t.Parallel()
	db := newDB(t)
	if _, ok, err := store.Attendee(ctx, db.R, "r1"); err != nil || ok {
		t.Fatalf("unknown attendee: %v, %v", ok, err)
	}
	r := domain.Registration{ID: "r1", EventID: "ev1", Version: 1, Name: "Jan", Email: "jan@example.nl",
		Language: domain.English, Status: domain.StatusWaitlisted, WaitlistPosition: 2, CheckInCode: "AB12",
		RegisteredAt: t0, SealedToken: "s1.k.x", CalendarSequence: 3,
		Event: domain.Event{Title: "T", StartsAt: t0.Add(48 * time.Hour), EndsAt: t0.Add(50 * time.Hour), Location: "L"}}
	write(t, db, func(tx sqlite.Tx) error { return store.PutAttendee(ctx, tx, r) })
	r.Status, r.Version, r.WaitlistPosition = domain.StatusConfirmed, 2, 0
	write(t, db, func(tx sqlite.Tx) error { return store.PutAttendee(ctx, tx, r) })
	got, ok, err := store.Attendee(ctx, db.R, "r1")
	if err != nil || !ok || fmt.Sprintf("%+v", got) != fmt.Sprintf("%+v", r) {
		t.Fatalf("attendee = %+v, %v, %v; want %+v", got, ok, err, r)
	}
	write(t, db, func(tx sqlite.Tx) error { return store.EraseAttendee(ctx, tx, "r1") })
	if _, ok, err := store.Attendee(ctx, db.R, "r1"); err != nil || ok {
		t.Fatalf("erased attendee: %v, %v", ok, err)
	}
}

// The reminders due are the confirmed registrations whose event starts
// within the lead, who registered before the lead began, and whom no
// reminder was sent.
func TestRemindersDue(t *testing.T) {
	t.Parallel()
	db := newDB(t)
	lead := 24 * time.Hour
	now := t0
	put := func(id, status string, startsIn, registeredBefore time.Duration) {
		t.Helper()
		start := now.Add(startsIn)
		write(t, db, func(tx sqlite.Tx) error {
			return store.PutAttendee(ctx, tx, domain.Registration{ID: id, EventID: "ev", Status: status,
				RegisteredAt: start.Add(-registeredBefore), Event: domain.Event{StartsAt: start}})
		})
	}
	put("due-soonest", domain.StatusConfirmed, time.Hour, 3*lead)
	put("due", domain.StatusConfirmed, 23*time.Hour, 2*lead)
	put("just-due", domain.StatusConfirmed, lead, lead)
	put("registered-late", domain.StatusConfirmed, 2*time.Hour, lead-time.Minute)
	put("too-early", domain.StatusConfirmed, lead+time.Minute, 2*lead)
	put("started", domain.StatusConfirmed, 0, 2*lead)
	put("waitlisted", domain.StatusWaitlisted, time.Hour, 2*lead)
	put("reminded", domain.StatusConfirmed, 2*time.Hour, 2*lead)
	enqueue(t, db, email("e1", "reminded", "ev", now), domain.ReminderCause("reminded"))

	due, err := store.RemindersDue(ctx, db.R, now, lead, 10)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, r := range due {
		ids = append(ids, r.ID)
	}
	if got := fmt.Sprint(ids); got != "[due-soonest due just-due]" {
		t.Errorf("due = %s", got)
	}
	for _, r := range due {
		if !domain.ReminderDue(r, lead, now) {
			t.Errorf("the store finds %s due, the domain does not", r.ID)
		}
	}
	if due, err := store.RemindersDue(ctx, db.R, now, lead, 1); err != nil || len(due) != 1 || due[0].ID != "due-soonest" {
		t.Errorf("limit 1 = %+v, %v", due, err)
	}
}
