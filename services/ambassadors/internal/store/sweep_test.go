package store_test

import (
	"reflect"
	"testing"

	"plein.dev/ambassadors/internal/domain"
	"plein.dev/ambassadors/internal/store"
	"plein.dev/platform/sqlite"
)

func TestActiveProgrammes(t *testing.T) {
	t.Parallel()
	db := newDB(t)
	closed := programme("closed", "2024-01-01")
	closed.Status = domain.ProgrammeClosed
	for _, p := range []domain.Programme{programme("b", "2025-01-01"), closed, programme("a", "2026-01-01")} {
		write(t, db, func(tx sqlite.Tx) error { return store.InsertProgramme(ctx, tx, p) })
	}
	got, err := store.ActiveProgrammes(ctx, db.R)
	if err != nil || len(got) != 2 || got[0].ID != "b" || got[1].ID != "a" {
		t.Fatalf("active programmes = %+v, %v", got, err)
	}
}

// Alumni not yet announced: the term ended before today, or the programme
// is closed; the last day of a term still counts as in it.
func TestTermEndedUnannounced(t *testing.T) {
	t.Parallel()
	db := newDB(t)
	closed := programme("closed", "2024-01-01")
	closed.Status = domain.ProgrammeClosed
	write(t, db, func(tx sqlite.Tx) error { return store.InsertProgramme(ctx, tx, closed) })
	withProgrammes(t, db, "p1")
	ended := ambassador("ended", "p1", "A", "a@example.nl")
	ended.TermEndsOn = "2025-06-15"
	lastDay := ambassador("last-day", "p1", "B", "b@example.nl")
	lastDay.TermEndsOn = "2025-06-16"
	announced := ambassador("announced", "p1", "C", "c@example.nl")
	announced.TermEndsOn, announced.TermEndedAnnounced = "2025-01-31", true
	ofClosed := ambassador("of-closed", "closed", "D", "d@example.nl")
	ofClosed.TermEndsOn = "2026-01-01"
	for _, a := range []domain.Ambassador{ended, lastDay, announced, ofClosed} {
		write(t, db, func(tx sqlite.Tx) error { return store.InsertAmbassador(ctx, tx, a) })
	}
	got, err := store.TermEndedUnannounced(ctx, db.R, "2025-06-16")
	var ids []string
	for _, a := range got {
		ids = append(ids, a.ID)
	}
	if err != nil || !reflect.DeepEqual(ids, []string{"ended", "of-closed"}) {
		t.Fatalf("unannounced alumni = %v, %v", ids, err)
	}
}

// A behind-target signal is recorded once per ambassador and month.
func TestRecordBehindSignal(t *testing.T) {
	t.Parallel()
	db := newDB(t)
	withProgrammes(t, db, "p1")
	write(t, db, func(tx sqlite.Tx) error {
		return store.InsertAmbassador(ctx, tx, ambassador("a1", "p1", "Anouk", "anouk@example.nl"))
	})
	for _, step := range []struct {
		month string
		first bool
	}{{"2025-06", true}, {"2025-06", false}, {"2025-07", true}} {
		var first bool
		write(t, db, func(tx sqlite.Tx) error {
			var err error
			first, err = store.RecordBehindSignal(ctx, tx, "a1", step.month, created)
			return err
		})
		if first != step.first {
			t.Fatalf("%s: first = %v, want %v", step.month, first, step.first)
		}
	}
}
