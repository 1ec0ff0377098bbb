package app_test

import (
	"errors"
	"testing"

	"plein.dev/events/internal/app"
	"plein.dev/events/internal/domain"
	"plein.dev/platform/rule"
)

// agendaField is the field a refusal names first.
func agendaField(t *testing.T, err error) string {
	t.Helper()
	var re *rule.Error
	if !errors.As(err, &re) {
		t.Fatalf("%v is no rule error", err)
	}
	return re.Field()
}

// An agenda item outside the event is named by its place in the agenda
// as sent — the console maps agenda[i] to the row typed — and the agenda
// is kept in order of time afterwards.
func TestAgendaRefusalNamesTheRowAsSent(t *testing.T) {
	t.Parallel()
	s, _, room := setup(t)
	// 10:00-12:00: 11:00 is within, 09:00 is not; sorted, 09:00 would be
	// agenda[0].
	agenda := []domain.AgendaItem{{StartsAt: at(3, 11, 0), Title: "Pitches"}, {StartsAt: at(3, 9, 0), Title: "Inloop"}}
	_, err := s.CreateEvent(org, domain.Event{Title: "Havendag", RoomID: room.ID, StartsAt: at(3, 10, 0), EndsAt: at(3, 12, 0),
		Agenda: agenda}, false)
	if got := agendaField(t, err); got != "agenda[1].startsAt" {
		t.Errorf("create refused %q, want agenda[1].startsAt", got)
	}
	if agenda[0].Title != "Pitches" {
		t.Errorf("the caller's agenda was reordered: %v", agenda)
	}

	e, err := s.CreateEvent(org, domain.Event{Title: "Havendag", RoomID: room.ID, StartsAt: at(3, 10, 0), EndsAt: at(3, 12, 0),
		Agenda: []domain.AgendaItem{{StartsAt: at(3, 11, 0), Title: "Pitches"}, {StartsAt: at(3, 10, 0), Title: "Opening"}}}, false)
	if err != nil {
		t.Fatal(err)
	}
	if len(e.Agenda) != 2 || e.Agenda[0].Title != "Opening" {
		t.Errorf("created agenda %v, not in order of time", e.Agenda)
	}
	_, err = s.UpdateEvent(org, e.ID, app.Change{Agenda: &agenda})
	if got := agendaField(t, err); got != "agenda[1].startsAt" {
		t.Errorf("update refused %q, want agenda[1].startsAt", got)
	}
	later := []domain.AgendaItem{{StartsAt: at(3, 11, 30), Title: "Borrel"}, {StartsAt: at(3, 10, 15), Title: "Welkom"}}
	u, err := s.UpdateEvent(org, e.ID, app.Change{Agenda: &later})
	if err != nil {
		t.Fatal(err)
	}
	if len(u.Agenda) != 2 || u.Agenda[0].Title != "Welkom" || u.Agenda[1].Title != "Borrel" {
		t.Errorf("updated agenda %v, not in order of time", u.Agenda)
	}
}
