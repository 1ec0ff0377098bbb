package app_test

import (
	"context"
	"errors"
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
