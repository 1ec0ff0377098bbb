package app_test

import (
	"errors"
	"strings"
	"testing"

	"plein.dev/events/internal/app"
	"plein.dev/events/internal/domain"
)

func TestEveryChangeIsAnnounced(t *testing.T) {
	t.Parallel()
	s, db, _ := setup(t)
	e, err := s.CreateEvent(org, domain.Event{Title: "Werksessie", Location: "Stadhuis", Capacity: 10,
		StartsAt: at(5, 14, 0), EndsAt: at(5, 16, 0)}, true)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Publish(org, e.ID, app.ThisEvent); err != nil {
		t.Fatal(err)
	}
	title := "Werksessie circulaire economie"
	if _, err := s.UpdateEvent(org, e.ID, app.Change{Title: &title}); err != nil {
		t.Fatal(err)
	}
	later := at(5, 15, 0)
	end := at(5, 17, 0)
	moved, err := s.UpdateEvent(org, e.ID, app.Change{StartsAt: &later, EndsAt: &end})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Publish(org, e.ID, app.ThisEvent); !errors.Is(err, domain.ErrTransition) {
		t.Fatalf("publishing twice: %v", err)
	}
	if _, err := s.Cancel(org, e.ID, "ziek", app.ThisEvent); err != nil {
		t.Fatal(err)
	}
	want := []string{"plein.events.event.drafted", "plein.events.event.published", "plein.events.event.updated",
		"plein.events.event.rescheduled", "plein.events.event.cancelled"}
	got := subjects(t, db)
	if len(got) != len(want) {
		t.Fatalf("outbox %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("outbox %v, want %v", got, want)
		}
	}
	if moved.Version != 4 {
		t.Errorf("version after four changes %d, want 4", moved.Version)
	}
}

func TestInviteCodeFollowsVisibility(t *testing.T) {
	t.Parallel()
	s, _, _ := setup(t)
	e, err := s.CreateEvent(org, domain.Event{Title: "Besloten", Location: "Stadhuis", Capacity: 10,
		Visibility: domain.VisibilityInviteOnly, StartsAt: at(8, 9, 0), EndsAt: at(8, 10, 0),
		Accessibility: domain.Accessibility{WheelchairAccessible: true, Languages: []string{"nl", "en"}}}, true)
	if err != nil {
		t.Fatal(err)
	}
	if len(e.InviteCode) != 10 || strings.ContainsAny(e.InviteCode, "01IO") {
		t.Fatalf("invite code %q", e.InviteCode)
	}
	got, _ := s.GetEvent(org, e.ID)
	if got.InviteCode != e.InviteCode || !got.Accessibility.WheelchairAccessible || len(got.Accessibility.Languages) != 2 {
		t.Fatalf("stored %+v", got)
	}
	public := string(domain.VisibilityPublic)
	pub, err := s.UpdateEvent(org, e.ID, app.Change{Visibility: &public})
	if err != nil || pub.InviteCode != "" {
		t.Fatalf("public event keeps code %q (%v)", pub.InviteCode, err)
	}
	plain, err := s.CreateEvent(org, domain.Event{Title: "Open", Location: "x", Capacity: 5,
		StartsAt: at(8, 9, 0), EndsAt: at(8, 10, 0)}, true)
	if err != nil || plain.InviteCode != "" {
		t.Fatalf("public event has code %q (%v)", plain.InviteCode, err)
	}
}

func TestSearchAndFilters(t *testing.T) {
	t.Parallel()
	s, _, _ := setup(t)
	mk := func(title, desc string, day int) domain.Event {
		e, err := s.CreateEvent(org, domain.Event{Title: title, Description: desc, Location: "x", Capacity: 5,
			StartsAt: at(day, 9, 0), EndsAt: at(day, 10, 0)}, true)
		if err != nil {
			t.Fatal(err)
		}
		return e
	}
	a := mk("Circulaire economie in de haven", "Ondernemers over hergebruik van materialen.", 1)
	b := mk("Smart Industry ontbijt", "Digitalisering van de maakindustrie; circulair ontwerpen.", 2)
	mk("Onderwijs en arbeidsmarkt", "Stages en leerbanen.", 3)
	cases := []struct {
		q    string
		want []string
	}{
		{"circulair", []string{a.ID, b.ID}},
		{"CIRCULAIRE haven", []string{a.ID}},
		{"maakindustrie", []string{b.ID}},
		{"leerbaan", nil},
		{`"; DROP TABLE events; --`, nil},
		{"***", nil},
	}
	for _, tc := range cases {
		t.Run(tc.q, func(t *testing.T) {
			got := list(t, s, app.EventFilter{Query: tc.q})
			var ids []string
			for _, e := range got {
				ids = append(ids, e.ID)
			}
			if strings.Join(ids, ",") != strings.Join(tc.want, ",") {
				t.Errorf("q=%q found %v, want %v", tc.q, ids, tc.want)
			}
		})
	}
	// The index follows changes of the title.
	title := "Havenlogistiek"
	if _, err := s.UpdateEvent(org, a.ID, app.Change{Title: &title}); err != nil {
		t.Fatal(err)
	}
	got := list(t, s, app.EventFilter{Query: "havenlogistiek"})
	if len(got) != 1 || got[0].ID != a.ID {
		t.Errorf("after rename: %v", got)
	}
}
