package app_test

import (
	"bytes"
	"strconv"
	"testing"
	"time"

	goical "github.com/emersion/go-ical"

	"plein.dev/platform/ical"
	"plein.dev/registrations/internal/app"
	"plein.dev/registrations/internal/domain"
)

// calendarFile fetches a registration's calendar file, parses it with a
// strict parser, checks its METHOD, STATUS and UID, and returns its
// SEQUENCE.
func calendarFile(t *testing.T, a *app.App, step, id, token, method, status string) int {
	t.Helper()
	data, err := a.Calendar(anon, id, token)
	if err != nil {
		t.Fatalf("%s: %v", step, err)
	}
	cal, err := goical.NewDecoder(bytes.NewReader(data)).Decode()
	if err != nil {
		t.Fatalf("%s: parse: %v\n%s", step, err, data)
	}
	e := cal.Events()[0]
	m, st, uid := cal.Props.Get(goical.PropMethod).Value, e.Props.Get(goical.PropStatus).Value, e.Props.Get(goical.PropUID).Value
	if m != method || st != status || uid != ical.UID("e1") {
		t.Errorf("%s: METHOD %s STATUS %s UID %s, want %s %s %s", step, m, st, uid, method, status, ical.UID("e1"))
	}
	seq, err := strconv.Atoi(e.Props.Get(goical.PropSequence).Value)
	if err != nil {
		t.Fatalf("%s: SEQUENCE: %v", step, err)
	}
	return seq
}

// TestCalendarSequenceGrows follows one attendee's calendar file through
// every change it must carry over: each file has the event's UID and a
// higher SEQUENCE than the one before, so calendar programs take it over.
func TestCalendarSequenceGrows(t *testing.T) {
	t.Parallel()
	a, db := setup(t)
	ev := publish(t, a, db, "e1", 1)
	first, firstTok := mustRegister(t, a, "e1", "first@x.nl")
	r, tok := mustRegister(t, a, "e1", "anna@x.nl")

	last := -1
	step := func(name, id, token, method, status string) {
		t.Helper()
		seq := calendarFile(t, a, name, id, token, method, status)
		if seq <= last {
			t.Errorf("%s: SEQUENCE %d after %d", name, seq, last)
		}
		last = seq
	}
	step("waitlisted", r.ID, tok, "REQUEST", "TENTATIVE")
	if err := a.Cancel(anon, first.ID, firstTok); err != nil {
		t.Fatal(err)
	}
	step("promoted", r.ID, tok, "REQUEST", "CONFIRMED")
	ev.Title, ev.Version = "Ontbijt met de wethouder", ev.Version+1
	applyEvent(t, a, db, ev, "")
	step("retitled", r.ID, tok, "REQUEST", "CONFIRMED")
	ev.StartsAt, ev.EndsAt, ev.Version = ev.StartsAt.Add(time.Hour), ev.EndsAt.Add(time.Hour), ev.Version+1
	applyEvent(t, a, db, ev, "")
	step("rescheduled", r.ID, tok, "REQUEST", "CONFIRMED")
	if err := a.Cancel(anon, r.ID, tok); err != nil {
		t.Fatal(err)
	}
	step("cancelled", r.ID, tok, "CANCEL", "CANCELLED")
	again, againTok := mustRegister(t, a, "e1", "ANNA@x.nl")
	step("registered again", again.ID, againTok, "REQUEST", "CONFIRMED")
	ev.Status, ev.Version = domain.EventCancelled, ev.Version+1
	applyEvent(t, a, db, ev, "storm")
	step("event cancelled", again.ID, againTok, "CANCEL", "CANCELLED")

	// The first registration's file, fetched late, stays below the new
	// one's: it cannot undo the later registration in the calendar.
	if old := calendarFile(t, a, "old registration", r.ID, tok, "CANCEL", "CANCELLED"); old >= last {
		t.Errorf("old registration's SEQUENCE %d, not below the new one's %d", old, last)
	}
}
