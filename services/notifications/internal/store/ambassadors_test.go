package store_test

import (
	"fmt"
	"testing"

	"plein.dev/notifications/internal/domain"
	"plein.dev/notifications/internal/store"
	"plein.dev/platform/sqlite"
)

// The terms ending in a period are those of active ambassadors, with
// their programme's name when known; an ambassador recorded again is
// replaced.
func TestTermsEnding(t *testing.T) {
	t.Parallel()
	db := newDB(t)
	put := func(a domain.Ambassador) {
		t.Helper()
		write(t, db, func(tx sqlite.Tx) error { return store.PutAmbassador(ctx, tx, a) })
	}
	write(t, db, func(tx sqlite.Tx) error { return store.PutProgramme(ctx, tx, "p1", "Smart Industry") })
	write(t, db, func(tx sqlite.Tx) error { return store.PutProgramme(ctx, tx, "p1", "Smart Industry Rotterdam") })
	put(domain.Ambassador{ID: "a1", ProgrammeID: "p1", Name: "Eva", Email: "eva@example.nl", TermEndsOn: "2026-04-01", Status: domain.AmbassadorActive})
	put(domain.Ambassador{ID: "a2", ProgrammeID: "p2", TermEndsOn: "2026-03-15", Status: domain.AmbassadorActive})
	put(domain.Ambassador{ID: "a3", ProgrammeID: "p1", TermEndsOn: "2026-03-20", Status: domain.AmbassadorAlumni})
	put(domain.Ambassador{ID: "a4", ProgrammeID: "p1", TermEndsOn: "2026-05-01", Status: domain.AmbassadorActive})
	// a4's term is extended past the period.
	put(domain.Ambassador{ID: "a4", ProgrammeID: "p1", TermEndsOn: "2026-09-01", Status: domain.AmbassadorActive})

	got, err := store.TermsEnding(ctx, db.R, "2026-03-03", "2026-06-01")
	if err != nil {
		t.Fatal(err)
	}
	var s []string
	for _, a := range got {
		s = append(s, a.ID+":"+a.Programme)
	}
	if fmt.Sprint(s) != "[a2: a1:Smart Industry Rotterdam]" {
		t.Errorf("terms ending = %v", s)
	}
	if got[1].Email != "eva@example.nl" || got[1].Name != "Eva" {
		t.Errorf("a1 = %+v", got[1])
	}
	if name, err := store.ProgrammeName(ctx, db.R, "p9"); err != nil || name != "" {
		t.Errorf("unknown programme: %q, %v", name, err)
	}
}
