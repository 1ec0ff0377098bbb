package store_test

import (
	"reflect"
	"testing"

	"plein.dev/ambassadors/internal/domain"
	"plein.dev/ambassadors/internal/store"
	"plein.dev/platform/sqlite"
)

// An attendance summary is kept per event; only a later version replaces
// it, and the caller learns whether it did.
func TestAttendanceNewestVersionWins(t *testing.T) {
	t.Parallel()
	db := newDB(t)
	if _, ok, err := store.GetAttendance(ctx, db.R, "e1"); err != nil || ok {
		t.Fatalf("before any summary: ok %v, %v", ok, err)
	}
	for _, step := range []struct {
		a       domain.EventAttendance
		applied bool
	}{
		{domain.EventAttendance{EventID: "e1", Confirmed: 50, CheckedIn: 37, Version: 2}, true},
		{domain.EventAttendance{EventID: "e1", Confirmed: 50, CheckedIn: 12, Version: 1}, false},
		{domain.EventAttendance{EventID: "e1", Confirmed: 50, CheckedIn: 30, Version: 2}, false},
		{domain.EventAttendance{EventID: "e1", Confirmed: 51, CheckedIn: 41, Version: 3, KvKNumbers: []string{"12345678"}}, true},
	} {
		var applied bool
		write(t, db, func(tx sqlite.Tx) error {
			var err error
			applied, err = store.PutAttendance(ctx, tx, step.a, created.Unix())
			return err
		})
		if applied != step.applied {
			t.Fatalf("version %d: applied = %v, want %v", step.a.Version, applied, step.applied)
		}
	}
	got, ok, err := store.GetAttendance(ctx, db.R, "e1")
	if err != nil || !ok || !reflect.DeepEqual(got, domain.EventAttendance{EventID: "e1", Confirmed: 51, CheckedIn: 41, Version: 3,
		KvKNumbers: []string{"12345678"}}) {
		t.Fatalf("attendance = %+v, %v, %v", got, ok, err)
	}
}
