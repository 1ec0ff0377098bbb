package app_test

import (
	"errors"
	"testing"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"plein.dev/platform/rule"
	"plein.dev/registrations/internal/domain"
)

// An organiser moves the person of their choice off the waiting list, but
// only into a free seat: with none, the refusal names the seats.
func TestPromoteTheChosenOne(t *testing.T) {
	t.Parallel()
	a, db := setup(t)
	publish(t, a, db, "e1", 1)
	first, _ := mustRegister(t, a, "e1", "eerste@example.nl")
	second, _ := mustRegister(t, a, "e1", "tweede@example.nl")
	third, _ := mustRegister(t, a, "e1", "derde@example.nl")
	if second.Status != domain.StatusWaitlisted || third.WaitlistPosition != 2 {
		t.Fatalf("set-up: %+v, %+v", second, third)
	}

	if _, err := a.Promote(anon, third.ID); status.Code(err) != codes.Unauthenticated {
		t.Fatalf("anonymous: %v", err)
	}
	if _, err := a.Promote(amb, third.ID); status.Code(err) != codes.PermissionDenied {
		t.Fatalf("ambassador: %v", err)
	}
	if _, err := a.Promote(org, "nope"); !errors.Is(err, domain.ErrNotFound) {
		t.Fatalf("unknown registration: %v", err)
	}
	if re := ruleError(t, mustFail(a.Promote(org, third.ID))); re.Kind != rule.Taken || re.Field() != "seats" {
		t.Fatalf("no free seat: %v", re)
	}
	if re := ruleError(t, mustFail(a.Promote(org, first.ID))); re.Kind != rule.Unmet || re.Field() != "status" {
		t.Fatalf("a confirmed registration: %v", re)
	}

	// A seat free beside the waiting list: what the automatic promotion
	// leaves once the event has started (set here in the projection).
	if _, err := db.W.Exec(`UPDATE events SET capacity = 2 WHERE id = 'e1'`); err != nil {
		t.Fatal(err)
	}
	before := outboxSubjects(t, db)
	got, err := a.Promote(org, third.ID)
	if err != nil || got.Status != domain.StatusConfirmed || got.WaitlistPosition != 0 || got.ConfirmedAt == nil {
		t.Fatalf("promote: %+v, %v", got, err)
	}
	if s := seats(t, a, "e1"); s.Confirmed != 2 || s.Waitlisted != 1 {
		t.Fatalf("seats after promoting: %+v", s)
	}
	if r := mustGet(t, a, second.ID); r.Status != domain.StatusWaitlisted || r.WaitlistPosition != 1 {
		t.Fatalf("the one passed over: %+v", r)
	}
	after := outboxSubjects(t, db)
	if after["plein.registrations.registration.promoted"] != before["plein.registrations.registration.promoted"]+1 ||
		after["plein.registrations.seats.changed"] != before["plein.registrations.seats.changed"]+1 {
		t.Fatalf("outbox before %v, after %v", before, after)
	}
	if re := ruleError(t, mustFail(a.Promote(org, second.ID))); re.Kind != rule.Taken {
		t.Fatalf("the seat is taken again: %v", re)
	}
}

func mustFail[T any](_ T, err error) error { return err }
