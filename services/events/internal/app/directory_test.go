package app_test

import (
	"context"
	"errors"
	"plein.dev/platform/identity"
	"slices"
	"testing"

	"plein.dev/events/internal/domain"
	"plein.dev/platform/rule"
	"plein.dev/platform/sqlite"
)

func TestProgrammeProjectionValidates(t *testing.T) {
	t.Parallel()
	s, db, _ := setup(t)
	apply := func(f func(tx sqlite.Tx) error) {
		t.Helper()
		if err := db.InTx(context.Background(), f); err != nil {
			t.Fatal(err)
		}
	}
	programme := func(p domain.Programme) {
		apply(func(tx sqlite.Tx) error { return s.ApplyProgramme(context.Background(), tx, p) })
	}
	ambassador := func(a domain.Ambassador) {
		apply(func(tx sqlite.Tx) error { return s.ApplyAmbassador(context.Background(), tx, a) })
	}
	programme(domain.Programme{ID: "p1", Name: "Smart Industry", Themes: []string{"innovatie", "onderwijs"}, Status: "active", Version: 1})
	ambassador(domain.Ambassador{ID: "a1", ProgrammeID: "p1", Name: "Anna", Status: "active", Version: 1})
	ambassador(domain.Ambassador{ID: "a2", ProgrammeID: "p2", Name: "Bram", Status: "active", Version: 1})
	// An older version never overwrites a newer one.
	programme(domain.Programme{ID: "p1", Name: "Oud", Status: "active", Version: 0})

	base := domain.Event{Title: "x", Location: "x", Capacity: 5, StartsAt: at(8, 9, 0), EndsAt: at(8, 10, 0)}
	cases := []struct {
		name      string
		edit      func(*domain.Event)
		wantField string
	}{
		{"known programme, theme and host", func(e *domain.Event) {
			e.ProgrammeID, e.Themes, e.HostAmbassadorIDs = "p1", []string{"innovatie"}, []string{"a1"}
		}, ""},
		{"unknown programme", func(e *domain.Event) { e.ProgrammeID = "nope" }, "programmeId"},
		{"theme not in programme", func(e *domain.Event) { e.ProgrammeID, e.Themes = "p1", []string{"sport"} }, "themes"},
		{"unknown host", func(e *domain.Event) { e.HostAmbassadorIDs = []string{"ghost"} }, "hostAmbassadorIds"},
		{"host of another programme", func(e *domain.Event) { e.ProgrammeID, e.HostAmbassadorIDs = "p1", []string{"a2"} }, "hostAmbassadorIds"},
		{"free themes without a programme", func(e *domain.Event) { e.Themes = []string{"wat dan ook"} }, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			e := base
			tc.edit(&e)
			_, err := s.CreateEvent(org, e, true)
			var re *rule.Error
			switch {
			case tc.wantField == "" && err != nil:
				t.Fatal(err)
			case tc.wantField != "" && (!errors.As(err, &re) || re.Kind != rule.Unmet || re.Field() != tc.wantField):
				t.Fatalf("err = %v, want a violation of %s", err, tc.wantField)
			}
		})
	}
}

// TestProgrammeOwnersMoveItsEvents: a programme's events are its owners';
// when the owners change, each event is announced again (updated, its
// version raised) carrying them, and the organisers of the new owner
// manage it while those of the old one no longer find it.
func TestProgrammeOwnersMoveItsEvents(t *testing.T) {
	t.Parallel()
	s, db, _ := setup(t)
	programme := func(p domain.Programme) {
		t.Helper()
		if err := db.InTx(context.Background(), func(tx sqlite.Tx) error { return s.ApplyProgramme(context.Background(), tx, p) }); err != nil {
			t.Fatal(err)
		}
	}
	programme(domain.Programme{ID: "p1", Name: "IJmond", Themes: []string{"innovatie"}, Status: "active", Version: 1}) // of before: default's
	e, err := s.CreateEvent(org, domain.Event{Title: "Draft", ProgrammeID: "p1", Location: "x", Capacity: 5,
		StartsAt: at(8, 9, 0), EndsAt: at(8, 10, 0)}, true)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(e.Owners, []string{"default"}) {
		t.Fatalf("owners of the event of a programme of before: %v", e.Owners)
	}
	before := len(subjects(t, db))
	programme(domain.Programme{ID: "p1", Name: "IJmond", Themes: []string{"innovatie"}, Status: "active", Owners: []string{"gm0453"}, Version: 2})
	if got := subjects(t, db)[before:]; !slices.Equal(got, []string{"plein.events.event.updated"}) {
		t.Errorf("announced on a change of owners: %v", got)
	}
	// The same message again (a duplicate) announces nothing more.
	programme(domain.Programme{ID: "p1", Name: "IJmond", Themes: []string{"innovatie"}, Status: "active", Owners: []string{"gm0453"}, Version: 2})
	if n := len(subjects(t, db)); n != before+1 {
		t.Errorf("a duplicate announced %d more", n-before-1)
	}
	velsen := identity.NewContext(context.Background(), identity.Identity{UserID: "v", Roles: []string{identity.RoleOrganiser}, OrganisationIDs: []string{"gm0453"}})
	got, err := s.GetEvent(velsen, e.ID)
	if err != nil || got.Version != e.Version+1 || !slices.Equal(got.Owners, []string{"gm0453"}) {
		t.Errorf("the new owner's view: %+v, %v", got, err)
	}
	if _, err := s.GetEvent(org, e.ID); !errors.Is(err, domain.ErrNotFound) {
		t.Errorf("the old owner's organiser: %v, want ErrNotFound", err)
	}
}
