package store_test

import (
	"errors"
	"testing"

	"plein.dev/platform/sqlite"
	"plein.dev/registrations/internal/domain"
	"plein.dev/registrations/internal/store"
)

// TestCheckInCodes: a code belongs to its event; the same code may serve
// another event.
func TestCheckInCodes(t *testing.T) {
	t.Parallel()
	db := open(t)
	putEvent(t, db, "e1", 5)
	putEvent(t, db, "e2", 5)
	r := newRegistration("e1", "a@x.nl", domain.StatusConfirmed)
	r.CheckInCode = "ABCD2345"
	r = insert(t, db, r)
	if taken, err := store.CheckInCodeTaken(ctx, db.R, "e1", "ABCD2345"); err != nil || !taken {
		t.Errorf("taken at e1: %v %v", taken, err)
	}
	if taken, err := store.CheckInCodeTaken(ctx, db.R, "e2", "ABCD2345"); err != nil || taken {
		t.Errorf("taken at e2: %v %v", taken, err)
	}
	if id, err := store.RegistrationIDByCode(ctx, db.R, "e1", "ABCD2345"); err != nil || id != r.ID {
		t.Errorf("by code: %q %v", id, err)
	}
	_, err := store.RegistrationIDByCode(ctx, db.R, "e2", "ABCD2345")
	wantNotFound(t, "code at another event", err)
	_, err = store.RegistrationIDByCode(ctx, db.R, "e1", "ZZZZZZZZ")
	wantNotFound(t, "unknown code", err)
	other := newRegistration("e2", "b@x.nl", domain.StatusConfirmed)
	other.CheckInCode = "ABCD2345"
	insert(t, db, other)
	// Within one event a code is given once.
	twice := newRegistration("e1", "c@x.nl", domain.StatusConfirmed)
	twice.CheckInCode = "ABCD2345"
	if err := db.InTx(ctx, func(tx sqlite.Tx) error { return store.InsertRegistration(ctx, tx, twice) }); !errors.Is(err, domain.ErrDuplicate) {
		t.Errorf("a code twice at one event: %v", err)
	}
}
