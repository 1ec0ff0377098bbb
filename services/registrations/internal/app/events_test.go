package app_test

import (
	"testing"
	"time"

	"plein.dev/registrations/internal/app"
	"plein.dev/registrations/internal/domain"
)

func TestEventCancellationCancelsEveryRegistration(t *testing.T) {
	t.Parallel()
	a, db := setup(t)
	ev := publish(t, a, db, "e1", 1)
	ra, _ := mustRegister(t, a, "e1", "a@example.nl")
	b, _ := mustRegister(t, a, "e1", "b@example.nl")
	ev.Status = domain.EventCancelled
	applyEvent(t, a, db, ev, "zaal onder water")
	for _, id := range []string{ra.ID, b.ID} {
		r := mustGet(t, a, id)
		if r.Status != domain.StatusCancelled || r.CancellationReason != "zaal onder water" || r.CancelledBy != domain.CancelledByEvent {
			t.Errorf("registration after event cancellation: %s %q", r.Status, r.CancellationReason)
		}
	}
	if n := outboxSubjects(t, db)["plein.registrations.registration.promoted"]; n != 0 {
		t.Errorf("%d promotions for a cancelled event", n)
	}
}

func TestCapacityIncreasePromotes(t *testing.T) {
	t.Parallel()
	a, db := setup(t)
	ev := publish(t, a, db, "e1", 1)
	for _, e := range []string{"a", "b", "c"} {
		mustRegister(t, a, "e1", e+"@example.nl")
	}
	ev.Capacity = 2
	applyEvent(t, a, db, ev, "")
	if s := seats(t, a, "e1"); s.Confirmed != 2 || s.Waitlisted != 1 {
		t.Fatalf("after capacity 1 -> 2: %+v", s)
	}
	// A decrease leaves confirmed people confirmed.
	ev.Capacity = 1
	applyEvent(t, a, db, ev, "")
	if s := seats(t, a, "e1"); s.Confirmed != 2 {
		t.Fatalf("after capacity 2 -> 1: %+v", s)
	}
}

func TestCapacityDecreaseStopsNewConfirmations(t *testing.T) {
	t.Parallel()
	a, db := setup(t)
	ev := publish(t, a, db, "e1", 3)
	for _, e := range []string{"a", "b", "c"} {
		mustRegister(t, a, "e1", e+"@x.nl")
	}
	ev.Capacity = 1
	applyEvent(t, a, db, ev, "")
	if r, _ := mustRegister(t, a, "e1", "d@x.nl"); r.Status != domain.StatusWaitlisted {
		t.Fatalf("after a decrease: %s", r.Status)
	}
	if s := seats(t, a, "e1"); s.Confirmed != 3 {
		t.Fatalf("confirmed after decrease %d, want the 3 kept", s.Confirmed)
	}
	// Cancelling one of the three frees no seat: still above capacity.
	regs := list(t, a, app.RegistrationQuery{EventID: "e1", Status: domain.StatusConfirmed})
	if err := a.Cancel(org, regs[0].ID, ""); err != nil {
		t.Fatal(err)
	}
	if n := outboxSubjects(t, db)["plein.registrations.registration.promoted"]; n != 0 {
		t.Fatalf("%d promoted while over capacity", n)
	}
}

// TestPublicationPromotes: registrations waiting while the event was
// taken back to draft are promoted when it is published again with room.
func TestPublicationPromotes(t *testing.T) {
	t.Parallel()
	a, db := setup(t)
	ev := publish(t, a, db, "e1", 1)
	mustRegister(t, a, "e1", "a@x.nl")
	w, _ := mustRegister(t, a, "e1", "b@x.nl")
	ev.Status = domain.EventDraft
	applyEvent(t, a, db, ev, "")
	ev.Status, ev.Capacity = domain.EventPublished, 2
	applyEvent(t, a, db, ev, "")
	if got := mustGet(t, a, w.ID); got.Status != domain.StatusConfirmed {
		t.Fatalf("waitlisted after publication with room: %s", got.Status)
	}
}

func TestRescheduleIsPassedOn(t *testing.T) {
	t.Parallel()
	a, db := setup(t)
	ev := publish(t, a, db, "e1", 1)
	ra, _ := mustRegister(t, a, "e1", "a@x.nl")
	mustRegister(t, a, "e1", "b@x.nl")
	c, _ := mustRegister(t, a, "e1", "c@x.nl")
	if err := a.Cancel(org, c.ID, ""); err != nil {
		t.Fatal(err)
	}
	ev.StartsAt = ev.StartsAt.Add(24 * time.Hour)
	ev.EndsAt = ev.EndsAt.Add(24 * time.Hour)
	applyEvent(t, a, db, ev, "")
	if n := outboxSubjects(t, db)["plein.registrations.registration.rescheduled"]; n != 2 {
		t.Fatalf("%d rescheduled messages, want 2 (the live registrations)", n)
	}
	if got := mustGet(t, a, ra.ID); got.Version != 2 {
		t.Errorf("version after reschedule %d, want 2", got.Version)
	}
	// Same time and place again: nothing more.
	applyEvent(t, a, db, ev, "")
	if n := outboxSubjects(t, db)["plein.registrations.registration.rescheduled"]; n != 2 {
		t.Fatalf("%d rescheduled messages after an unchanged update", n)
	}
}
