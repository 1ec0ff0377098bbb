package app_test

import (
	"context"
	"slices"
	"testing"

	"plein.dev/events/internal/app"
	"plein.dev/events/internal/domain"
	"plein.dev/platform/sqlite"
)

// TestHostedEvents: an ambassador finds the events they host, internal
// ones included, but not an organiser's draft, cancelled or not; anyone else asking for
// their events finds the listed ones only; a new list of hosts moves the
// event between ambassadors.
func TestHostedEvents(t *testing.T) {
	t.Parallel()
	s, db, _ := setup(t)
	for _, id := range []string{"amb-1", "amb-2"} {
		a := domain.Ambassador{ID: id, ProgrammeID: "p1", Name: id, Status: "active", Version: 1}
		if err := db.InTx(context.Background(), func(tx sqlite.Tx) error { return s.ApplyAmbassador(context.Background(), tx, a) }); err != nil {
			t.Fatal(err)
		}
	}
	create := func(title string, v domain.Visibility, publish bool, hosts ...string) domain.Event {
		t.Helper()
		e, err := s.CreateEvent(org, domain.Event{Title: title, Location: "Stadhuis", Capacity: 10, Visibility: v,
			StartsAt: at(5, 14, 0), EndsAt: at(5, 16, 0), HostAmbassadorIDs: hosts}, true)
		if err != nil {
			t.Fatal(err)
		}
		if publish {
			if e, err = s.Publish(org, e.ID, app.ThisEvent); err != nil {
				t.Fatal(err)
			}
		}
		return e
	}
	open := create("Open", domain.VisibilityPublic, true, "amb-1", "amb-2")
	closed := create("Besloten", domain.VisibilityInternal, true, "amb-1")
	create("Concept", domain.VisibilityPublic, false, "amb-1")
	dropped := create("Geschrapt concept", domain.VisibilityInternal, false, "amb-1")
	if _, err := s.Cancel(org, dropped.ID, "niet nodig", app.ThisEvent); err != nil {
		t.Fatal(err)
	}
	other := create("Van een ander", domain.VisibilityPublic, true, "amb-2")
	titles := func(ctx context.Context, host string) []string {
		t.Helper()
		evs, _, err := s.ListEvents(ctx, app.EventFilter{HostedBy: host}, firstPage)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, e := range evs {
			out = append(out, e.Title)
		}
		slices.Sort(out)
		return out
	}
	if got := titles(amb, "amb-1"); !slices.Equal(got, []string{"Besloten", "Open"}) {
		t.Errorf("amb-1's own: %v, want Besloten and Open", got)
	}
	if got := titles(anon, "amb-1"); !slices.Equal(got, []string{"Open"}) {
		t.Errorf("amb-1's, to a visitor: %v, want Open", got)
	}
	if got := titles(org, "amb-2"); !slices.Equal(got, []string{"Open", "Van een ander"}) {
		t.Errorf("amb-2's, to an organiser: %v", got)
	}
	hosts := []string{"amb-1"}
	if _, err := s.UpdateEvent(org, other.ID, app.Change{HostAmbassadorIDs: &hosts}); err != nil {
		t.Fatal(err)
	}
	none := []string{}
	if _, err := s.UpdateEvent(org, closed.ID, app.Change{HostAmbassadorIDs: &none}); err != nil {
		t.Fatal(err)
	}
	if got := titles(amb, "amb-1"); !slices.Equal(got, []string{"Open", "Van een ander"}) {
		t.Errorf("amb-1's after new hosts: %v", got)
	}
	if got := titles(org, "amb-2"); !slices.Equal(got, []string{open.Title}) {
		t.Errorf("amb-2's after new hosts: %v", got)
	}
}
