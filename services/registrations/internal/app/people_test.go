package app_test

import (
	"context"
	"errors"
	"testing"

	"plein.dev/platform/sqlite"
	"plein.dev/registrations/internal/app"
	"plein.dev/registrations/internal/domain"
)

// erase erases a person as an erasure request does, and returns how many
// registrations it erased.
func erase(t *testing.T, a *app.App, db *sqlite.DB, email string) int {
	t.Helper()
	var n int
	err := db.InTx(context.Background(), func(tx sqlite.Tx) error {
		var err error
		n, err = a.ErasePerson(context.Background(), tx, email)
		return err
	})
	if err != nil {
		t.Fatalf("erase %s: %v", email, err)
	}
	return n
}

func TestErasePerson(t *testing.T) {
	t.Parallel()
	a, db := setup(t)
	publish(t, a, db, "e1", 1)
	publish(t, a, db, "e2", 5)
	a1, tok := registerWithKvK(t, a, "e1", "anna@x.nl", "69599084")
	w, _ := mustRegister(t, a, "e1", "bram@x.nl")
	mustRegister(t, a, "e2", " ANNA@x.nl")
	regs, err := a.PersonRegistrations(admin, "Anna@X.nl")
	if err != nil || len(regs) != 2 || regs[0].KvKNumber != "69599084" {
		t.Fatalf("export: %d %v %+v", len(regs), err, regs)
	}
	if n := erase(t, a, db, "anna@x.nl"); n != 2 {
		t.Fatalf("erased %d, want 2", n)
	}
	if got := mustGet(t, a, a1.ID); got.Name != "" || got.Email != "" || got.KvKNumber != "" || got.Status != domain.StatusCancelled ||
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

// A person's key goes on the bus once, with their first registration, and
// serves all of them; erasing the person deletes it.
func TestPersonKeyOncePerPerson(t *testing.T) {
	t.Parallel()
	a, db := setup(t)
	publish(t, a, db, "e1", 5)
	publish(t, a, db, "e2", 5)
	mustRegister(t, a, "e1", "anna@x.nl")
	mustRegister(t, a, "e2", " ANNA@x.nl")
	mustRegister(t, a, "e1", "bram@x.nl")
	keys := func() int {
		t.Helper()
		var n int
		if err := db.R.Get(&n, `SELECT count(*) FROM outbox WHERE subject LIKE 'plein.registrations.person-key.%'`); err != nil {
			t.Fatal(err)
		}
		return n
	}
	if n := keys(); n != 2 {
		t.Errorf("%d key messages for two people", n)
	}
	var stored int
	if err := db.R.Get(&stored, `SELECT count(*) FROM person_keys`); err != nil || stored != 2 {
		t.Fatalf("%d keys stored, %v", stored, err)
	}
	erase(t, a, db, "anna@x.nl")
	if err := db.R.Get(&stored, `SELECT count(*) FROM person_keys`); err != nil || stored != 1 {
		t.Errorf("%d keys stored after erasing one person, %v", stored, err)
	}
	// The erased person's key, not yet published, must never be: it would
	// open every message about them again.
	if n := keys(); n != 1 {
		t.Errorf("%d key messages waiting after the erasure, want bram's alone", n)
	}
}
