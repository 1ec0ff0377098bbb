package app_test

import (
	"errors"
	"testing"

	"plein.dev/registrations/internal/domain"
)

func TestErasePerson(t *testing.T) {
	t.Parallel()
	a, db := setup(t)
	publish(t, a, db, "e1", 1)
	publish(t, a, db, "e2", 5)
	a1, tok := mustRegister(t, a, "e1", "anna@x.nl")
	w, _ := mustRegister(t, a, "e1", "bram@x.nl")
	mustRegister(t, a, "e2", " ANNA@x.nl")
	regs, err := a.PersonRegistrations(admin, "Anna@X.nl")
	if err != nil || len(regs) != 2 {
		t.Fatalf("export: %d %v", len(regs), err)
	}
	n, err := a.ErasePerson(admin, "anna@x.nl")
	if err != nil || n != 2 {
		t.Fatalf("erase: %d %v", n, err)
	}
	if got := mustGet(t, a, a1.ID); got.Name != "" || got.Email != "" || got.Status != domain.StatusCancelled ||
		got.CheckInCode != "" || got.CancelledBy != domain.CancelledByErased {
		t.Fatalf("after erasure: %+v", got)
	}
	if _, err := a.Get(anon, a1.ID, tok); !errors.Is(err, domain.ErrNotFound) {
		t.Errorf("token after erasure: %v", err)
	}
	if promoted := mustGet(t, a, w.ID); promoted.Status != domain.StatusConfirmed {
		t.Errorf("waiting list not promoted after erasure: %s", promoted.Status)
	}
	if regs, _ := a.PersonRegistrations(admin, "anna@x.nl"); len(regs) != 0 {
		t.Errorf("%d registrations still found", len(regs))
	}
	if n := outboxSubjects(t, db)["plein.registrations.registration.erased"]; n != 2 {
		t.Errorf("%d erasures announced, want 2", n)
	}
	// The address may register again.
	mustRegister(t, a, "e2", "anna@x.nl")
}
