package calendar_test

import (
	"bytes"
	"strings"
	"testing"
	"time"

	goical "github.com/emersion/go-ical"

	"plein.dev/events/internal/calendar"
	"plein.dev/events/internal/domain"
)

// TestBuildParsesBack writes a calendar and reads it back with an
// independent parser (emersion/go-ical).
func TestBuildParsesBack(t *testing.T) {
	ams := func(m time.Month, d, h int) time.Time { return time.Date(2026, m, d, h, 0, 0, 0, domain.Amsterdam) }
	stamp := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	published := domain.Event{ID: "e1", Title: "Smart Industry, ontbijt; met koffie", Description: "Regel 1\nRegel 2",
		StartsAt: ams(3, 29, 9).UTC(), EndsAt: ams(3, 29, 11).UTC(), Status: domain.StatusPublished, Sequence: 2,
		Themes: []string{"innovatie", "onderwijs"}, CreatedAt: stamp, UpdatedAt: stamp}
	cancelled := domain.Event{ID: "e2", Title: "Afgelast", StartsAt: ams(10, 25, 14).UTC(), EndsAt: ams(10, 25, 15).UTC(),
		Status: domain.StatusCancelled, Sequence: 1, CreatedAt: stamp, UpdatedAt: stamp}
	out := calendar.Build([]calendar.Entry{
		{Event: published, Location: "Zaal 1, Ondernemersplein, Coolsingel 58, Rotterdam"},
		{Event: cancelled, Location: "Stadhuis"},
	}, "Plein", stamp)

	cal, err := goical.NewDecoder(bytes.NewReader(out)).Decode()
	if err != nil {
		t.Fatalf("parse: %v\n%s", err, out)
	}
	var tz *goical.Component
	for _, c := range cal.Children {
		if c.Name == goical.CompTimezone {
			tz = c
		}
	}
	if tz == nil || tz.Props.Get(goical.PropTimezoneID).Value != "Europe/Amsterdam" {
		t.Fatalf("no VTIMEZONE for Europe/Amsterdam:\n%s", out)
	}
	offsets := map[string]string{}
	for _, c := range tz.Children {
		offsets[c.Name] = c.Props.Get(goical.PropTimezoneOffsetTo).Value
	}
	if offsets[goical.CompTimezoneStandard] != "+0100" || offsets[goical.CompTimezoneDaylight] != "+0200" {
		t.Errorf("VTIMEZONE offsets %v", offsets)
	}

	events := cal.Events()
	if len(events) != 2 {
		t.Fatalf("%d events, want 2", len(events))
	}
	want := []domain.Event{published, cancelled}
	for i, ev := range events {
		w := want[i]
		if uid := ev.Props.Get(goical.PropUID).Value; uid != calendar.UID(w.ID) {
			t.Errorf("UID %q", uid)
		}
		start := ev.Props.Get(goical.PropDateTimeStart)
		if start.Params.Get(goical.ParamTimezoneID) != "Europe/Amsterdam" {
			t.Errorf("DTSTART without TZID: %v", start)
		}
		s, err := ev.DateTimeStart(time.UTC)
		if err != nil || !s.Equal(w.StartsAt) {
			t.Errorf("start %s (%v), want %s", s, err, w.StartsAt)
		}
		e, err := ev.DateTimeEnd(time.UTC)
		if err != nil || !e.Equal(w.EndsAt) {
			t.Errorf("end %s (%v), want %s", e, err, w.EndsAt)
		}
		if seq := ev.Props.Get(goical.PropSequence).Value; seq != map[int]string{0: "2", 1: "1"}[i] {
			t.Errorf("SEQUENCE %s", seq)
		}
		if summary, _ := ev.Props.Text(goical.PropSummary); summary != w.Title {
			t.Errorf("SUMMARY %q, want %q", summary, w.Title)
		}
	}
	if st, _ := events[1].Status(); st != goical.EventCancelled {
		t.Errorf("cancelled event STATUS %q", st)
	}
	if st, _ := events[0].Status(); st != goical.EventConfirmed {
		t.Errorf("published event STATUS %q", st)
	}
	if loc, _ := events[0].Props.Text(goical.PropLocation); !strings.Contains(loc, "Coolsingel 58, Rotterdam") {
		t.Errorf("LOCATION %q", loc)
	}
	if d, _ := events[0].Props.Text(goical.PropDescription); d != published.Description {
		t.Errorf("DESCRIPTION %q", d)
	}
}
