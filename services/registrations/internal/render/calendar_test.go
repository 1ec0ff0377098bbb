package render_test

import (
	"bytes"
	"strings"
	"testing"
	"time"

	goical "github.com/emersion/go-ical"

	"plein.dev/platform/ical"
	"plein.dev/platform/zone"
	"plein.dev/registrations/internal/domain"
	"plein.dev/registrations/internal/render"
)

// TestCalendar reads each file back with an independent, strict parser:
// CRLF line ends, the event's UID, the method and status by the
// registration's state, times in Europe/Amsterdam.
func TestCalendar(t *testing.T) {
	t.Parallel()
	start := time.Date(2026, 12, 10, 7, 0, 0, 0, time.UTC)
	ev := domain.Event{ID: "e1", Title: "Ontbijt; met, komma's", StartsAt: start, EndsAt: start.Add(2 * time.Hour),
		Location: "Plein 1, Rotterdam", Description: "Koffie\nen croissants", Status: domain.EventPublished}
	cancelledEvent := ev
	cancelledEvent.Status = domain.EventCancelled
	cases := []struct {
		name   string
		status domain.Status
		ev     domain.Event
		method string
		want   string
	}{
		{"confirmed", domain.StatusConfirmed, ev, "REQUEST", "CONFIRMED"},
		{"waitlisted", domain.StatusWaitlisted, ev, "REQUEST", "TENTATIVE"},
		{"cancelled", domain.StatusCancelled, ev, "CANCEL", "CANCELLED"},
		{"event cancelled", domain.StatusCancelled, cancelledEvent, "CANCEL", "CANCELLED"},
		{"event cancelled, registration not yet", domain.StatusConfirmed, cancelledEvent, "CANCEL", "CANCELLED"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			out := render.Calendar(domain.Registration{ID: "r1", Status: tc.status}, tc.ev, 7, start)
			for i, line := range strings.SplitAfter(string(out), "\r\n") {
				if line != "" && (!strings.HasSuffix(line, "\r\n") || strings.Contains(strings.TrimSuffix(line, "\r\n"), "\n")) {
					t.Errorf("line %d does not end in CRLF alone: %q", i, line)
				}
			}
			cal, err := goical.NewDecoder(bytes.NewReader(out)).Decode()
			if err != nil {
				t.Fatalf("parse: %v\n%s", err, out)
			}
			if m := cal.Props.Get(goical.PropMethod).Value; m != tc.method {
				t.Errorf("METHOD %q, want %q", m, tc.method)
			}
			events := cal.Events()
			if len(events) != 1 {
				t.Fatalf("%d events", len(events))
			}
			e := events[0]
			text := func(p string) string {
				v, err := e.Props.Text(p)
				if err != nil {
					t.Errorf("%s: %v", p, err)
				}
				return v
			}
			if uid := e.Props.Get(goical.PropUID).Value; uid != ical.UID("e1") {
				t.Errorf("UID %q, want the event's %q", uid, ical.UID("e1"))
			}
			if st := e.Props.Get(goical.PropStatus).Value; st != tc.want {
				t.Errorf("STATUS %q, want %q", st, tc.want)
			}
			if seq := e.Props.Get(goical.PropSequence).Value; seq != "7" {
				t.Errorf("SEQUENCE %q", seq)
			}
			if s, err := e.DateTimeStart(time.UTC); err != nil || !s.Equal(start) {
				t.Errorf("DTSTART %s (%v)", s, err)
			}
			if tzid := e.Props.Get(goical.PropDateTimeStart).Params.Get(goical.ParamTimezoneID); tzid != zone.Name {
				t.Errorf("DTSTART in %q", tzid)
			}
			if end, err := e.DateTimeEnd(time.UTC); err != nil || !end.Equal(start.Add(2*time.Hour)) {
				t.Errorf("DTEND %s (%v)", end, err)
			}
			if text(goical.PropSummary) != ev.Title || text(goical.PropLocation) != ev.Location || text(goical.PropDescription) != ev.Description {
				t.Errorf("text properties:\n%s", out)
			}
		})
	}
}
