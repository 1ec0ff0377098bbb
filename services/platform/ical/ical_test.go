package ical_test

import (
	"bytes"
	"strings"
	"testing"
	"time"

	goical "github.com/emersion/go-ical"

	"plein.dev/platform/ical"
	"plein.dev/platform/zone"
)

// TestWriteParsesBack writes a file and reads it back with an independent
// strict parser (emersion/go-ical), and checks the line form RFC 5545 asks.
func TestWriteParsesBack(t *testing.T) {
	t.Parallel()
	ams := func(m time.Month, d, h int) time.Time { return time.Date(2026, m, d, h, 0, 0, 0, zone.Amsterdam) }
	stamp := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	long := strings.Repeat("Smart Industry ontbijt; met koffie, ", 6)
	events := []ical.Event{
		{ID: "e1", Title: long, Description: "Regel 1\nRegel 2", Location: "Zaal 1, Ondernemersplein, Coolsingel 58, Rotterdam",
			URL: "https://plein.example/evenementen/e1", StartsAt: ams(3, 29, 9), EndsAt: ams(3, 29, 11),
			Sequence: 2, Status: ical.Confirmed, Categories: []string{"innovatie"}, Created: stamp, Modified: stamp},
		{ID: "e2", Title: "Afgelast", StartsAt: ams(10, 25, 14), EndsAt: ams(10, 25, 15), Sequence: 1, Status: ical.Cancelled},
	}
	out := ical.Write(ical.Calendar{Name: "Plein", Method: ical.Request, Stamp: stamp, Events: events})

	for i, line := range strings.SplitAfter(string(out), "\r\n") {
		if line == "" {
			continue
		}
		if !strings.HasSuffix(line, "\r\n") || strings.Contains(strings.TrimSuffix(line, "\r\n"), "\n") {
			t.Errorf("line %d does not end in CRLF alone: %q", i, line)
		}
		if len(line) > 75+2 {
			t.Errorf("line %d longer than 75 octets: %q", i, line)
		}
	}

	cal, err := goical.NewDecoder(bytes.NewReader(out)).Decode()
	if err != nil {
		t.Fatalf("parse: %v\n%s", err, out)
	}
	if m := cal.Props.Get(goical.PropMethod).Value; m != "REQUEST" {
		t.Errorf("METHOD %q", m)
	}
	var tz *goical.Component
	for _, c := range cal.Children {
		if c.Name == goical.CompTimezone {
			tz = c
		}
	}
	if tz == nil || tz.Props.Get(goical.PropTimezoneID).Value != zone.Name {
		t.Fatalf("no VTIMEZONE for %s:\n%s", zone.Name, out)
	}
	got := cal.Events()
	if len(got) != 2 {
		t.Fatalf("%d events, want 2", len(got))
	}
	for i, ev := range got {
		w := events[i]
		if uid := ev.Props.Get(goical.PropUID).Value; uid != ical.UID(w.ID) {
			t.Errorf("UID %q", uid)
		}
		if tzid := ev.Props.Get(goical.PropDateTimeStart).Params.Get(goical.ParamTimezoneID); tzid != zone.Name {
			t.Errorf("DTSTART TZID %q", tzid)
		}
		s, err := ev.DateTimeStart(time.UTC)
		if err != nil || !s.Equal(w.StartsAt) {
			t.Errorf("start %s (%v), want %s", s, err, w.StartsAt)
		}
		if e, err := ev.DateTimeEnd(time.UTC); err != nil || !e.Equal(w.EndsAt) {
			t.Errorf("end %s (%v), want %s", e, err, w.EndsAt)
		}
		if summary, _ := ev.Props.Text(goical.PropSummary); summary != w.Title {
			t.Errorf("SUMMARY %q, want %q", summary, w.Title)
		}
	}
	if st, _ := got[1].Status(); st != goical.EventCancelled {
		t.Errorf("STATUS %q", st)
	}
	if d, _ := got[0].Props.Text(goical.PropDescription); d != events[0].Description {
		t.Errorf("DESCRIPTION %q", d)
	}
}
