package store_test

import (
	"errors"
	"reflect"
	"testing"

	"plein.dev/events/internal/domain"
	"plein.dev/events/internal/store"
	"plein.dev/platform/sqlite"
)

// TestDirectoryKeepsNewest: a programme or ambassador is replaced by the
// same or a newer version, never by an older one.
func TestDirectoryKeepsNewest(t *testing.T) {
	t.Parallel()
	db := open(t)
	p2 := domain.Programme{ID: "p1", Name: "Smart Industry", Themes: []string{"innovatie"}, Status: "active", Version: 2}
	a2 := domain.Ambassador{ID: "a1", ProgrammeID: "p1", Name: "Anna", Status: "active", Version: 2}
	put := func(p domain.Programme, a domain.Ambassador) {
		t.Helper()
		must(t, write(db, func(tx sqlite.Tx) error {
			if err := store.PutProgramme(bg, tx, p); err != nil {
				return err
			}
			return store.PutAmbassador(bg, tx, a)
		}))
	}
	put(p2, a2)
	put(domain.Programme{ID: "p1", Name: "Oud", Status: "active", Version: 1},
		domain.Ambassador{ID: "a1", ProgrammeID: "p0", Name: "Oud", Status: "active", Version: 1})
	p, err := store.GetProgramme(bg, db.R, "p1")
	must(t, err)
	a, err := store.GetAmbassador(bg, db.R, "a1")
	must(t, err)
	if !reflect.DeepEqual(p, p2) || a != a2 {
		t.Errorf("an older version replaced a newer one: %+v %+v", p, a)
	}
	p3 := domain.Programme{ID: "p1", Name: "Smart Industry", Themes: []string{"innovatie", "logistiek"}, Status: "closed", Version: 3}
	put(p3, domain.Ambassador{ID: "a1", ProgrammeID: "p1", Name: "Anna", Status: "alumni", Version: 3})
	p, _ = store.GetProgramme(bg, db.R, "p1")
	a, _ = store.GetAmbassador(bg, db.R, "a1")
	if !reflect.DeepEqual(p, p3) || a.Status != "alumni" {
		t.Errorf("a newer version was not taken: %+v %+v", p, a)
	}
	if _, err := store.GetProgramme(bg, db.R, "nope"); !errors.Is(err, domain.ErrNotFound) {
		t.Errorf("unknown programme: %v", err)
	}
	if _, err := store.GetAmbassador(bg, db.R, "nope"); !errors.Is(err, domain.ErrNotFound) {
		t.Errorf("unknown ambassador: %v", err)
	}
}
