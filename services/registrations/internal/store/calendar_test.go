package store_test

import (
	"testing"

	"plein.dev/platform/sqlite"
	"plein.dev/registrations/internal/domain"
	"plein.dev/registrations/internal/store"
)

// TestEarlierVersions: the versions of the same address's earlier
// registrations for the same event, and nothing else.
func TestEarlierVersions(t *testing.T) {
	t.Parallel()
	db := open(t)
	putEvent(t, db, "e1", 5)
	putEvent(t, db, "e2", 5)
	first := insert(t, db, newRegistration("e1", "anna@x.nl", domain.StatusConfirmed))
	if v, err := store.EarlierVersions(ctx, db.R, first); err != nil || v != 0 {
		t.Fatalf("first registration: %d %v", v, err)
	}
	cancel(t, db, first) // version 2
	insert(t, db, newRegistration("e2", "anna@x.nl", domain.StatusConfirmed))
	insert(t, db, newRegistration("e1", "bram@x.nl", domain.StatusConfirmed))
	second := cancel(t, db, insert(t, db, newRegistration("e1", "ANNA@x.nl", domain.StatusConfirmed))) // version 2
	third := insert(t, db, newRegistration("e1", "anna@x.nl", domain.StatusWaitlisted))
	if v, err := store.EarlierVersions(ctx, db.R, third); err != nil || v != 4 {
		t.Fatalf("third registration: %d %v, want 4", v, err)
	}
	if v, _ := store.EarlierVersions(ctx, db.R, second); v != 2 {
		t.Errorf("second registration: %d, want 2", v)
	}
	// Erased registrations no longer count for the address.
	write(t, db, func(tx sqlite.Tx) error { return store.Anonymise(ctx, tx, first.ID) })
	if v, _ := store.EarlierVersions(ctx, db.R, third); v != 2 {
		t.Errorf("after erasing the first: %d, want 2", v)
	}
}
