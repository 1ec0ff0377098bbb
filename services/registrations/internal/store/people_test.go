package store_test

import (
	"testing"

	"plein.dev/platform/sqlite"
	"plein.dev/registrations/internal/domain"
	"plein.dev/registrations/internal/store"
)

// TestAnonymise: personal data gone, the token opens nothing, the code and
// the address are free again.
func TestAnonymise(t *testing.T) {
	t.Parallel()
	db := open(t)
	putEvent(t, db, "e1", 5)
	r := newRegistration("e1", "anna@x.nl", domain.StatusConfirmed)
	r.Organisation, r.ConsentVersion, r.CheckInCode = "Haven", "2026-01", "ABCD2345"
	r.Answers = []domain.Answer{{QuestionID: "q", Values: []string{"x"}}}
	r = insert(t, db, r)
	write(t, db, func(tx sqlite.Tx) error { return store.Anonymise(ctx, tx, r.ID) })
	got, err := store.GetRegistration(ctx, db.R, r.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Name != "" || got.Email != "" || got.Organisation != "" || len(got.Answers) != 0 || got.ConsentVersion != "" ||
		got.CheckInCode != "" || domain.TokenMatches(got.TokenHash, "tanna@x.nl") || got.Status != domain.StatusConfirmed {
		t.Fatalf("anonymised %+v", got)
	}
	if regs, _ := store.ListRegistrations(ctx, db.R, store.ListFilter{Email: "anna@x.nl", Limit: 10}); len(regs) != 0 {
		t.Errorf("still found by address: %v", ids(regs))
	}
	again := newRegistration("e1", "anna@x.nl", domain.StatusConfirmed)
	again.CheckInCode = "ABCD2345"
	insert(t, db, again)
	err = db.InTx(ctx, func(tx sqlite.Tx) error { return store.Anonymise(ctx, tx, "nope") })
	wantNotFound(t, "anonymise an unknown registration", err)
}
