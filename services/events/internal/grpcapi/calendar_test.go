package grpcapi_test

import (
	"bytes"
	"strings"
	"testing"
	"time"

	goical "github.com/emersion/go-ical"
	"google.golang.org/protobuf/proto"

	eventsv1 "plein.dev/proto/gen/plein/events/v1"
)

// parse reads a served calendar file with an independent, strict parser
// and checks that every line ends in CRLF.
func parse(t *testing.T, ics []byte) *goical.Calendar {
	t.Helper()
	if n := bytes.Count(ics, []byte("\n")); n == 0 || n != bytes.Count(ics, []byte("\r\n")) {
		t.Errorf("%d of %d line ends are CRLF", bytes.Count(ics, []byte("\r\n")), n)
	}
	cal, err := goical.NewDecoder(bytes.NewReader(ics)).Decode()
	if err != nil {
		t.Fatalf("parse: %v\n%s", err, ics)
	}
	return cal
}

func uids(cal *goical.Calendar) map[string]string {
	out := map[string]string{}
	for _, ev := range cal.Events() {
		summary, _ := ev.Props.Text(goical.PropSummary)
		out[ev.Props.Get(goical.PropUID).Value] = summary
	}
	return out
}

func TestCalendarFeedVisibility(t *testing.T) {
	t.Parallel()
	c := start(t)
	mk := func(title, vis string, publish bool) string {
		e := must[*eventsv1.CreateEventResponse](t)(c.CreateEvent(orgCtx, &eventsv1.CreateEventRequest{Title: title,
			Location: proto.String("x"), Capacity: proto.Int32(5), StartsAt: ts(2, 9, 0), EndsAt: ts(2, 10, 0), Visibility: vis})).GetEvent()
		if publish {
			must[*eventsv1.PublishEventResponse](t)(c.PublishEvent(orgCtx, &eventsv1.PublishEventRequest{EventId: e.GetId()}))
		}
		return e.GetId()
	}
	pub := mk("Openbaar", "public", true)
	draft := mk("Concept", "public", false)
	internal := mk("Intern", "internal", true)
	cancelled := mk("Afgelast", "public", true)
	must[*eventsv1.CancelEventResponse](t)(c.CancelEvent(orgCtx, &eventsv1.CancelEventRequest{EventId: cancelled, Reason: "ziek"}))

	public := parse(t, must[*eventsv1.GetCalendarResponse](t)(c.GetCalendar(anonCtx, &eventsv1.GetCalendarRequest{})).GetIcs())
	if got := uids(public); len(got) != 2 || got[pub+"@plein"] != "Openbaar" || got[cancelled+"@plein"] != "Afgelast" {
		t.Errorf("public feed holds %v, want the published and the cancelled public event", got)
	}
	for _, ev := range public.Events() {
		if st, _ := ev.Status(); ev.Props.Get(goical.PropUID).Value == cancelled+"@plein" && st != goical.EventCancelled {
			t.Errorf("cancelled event STATUS %q", st)
		}
	}
	org := uids(parse(t, must[*eventsv1.GetCalendarResponse](t)(c.GetCalendar(orgCtx, &eventsv1.GetCalendarRequest{})).GetIcs()))
	if org[internal+"@plein"] != "Intern" || org[draft+"@plein"] != "Concept" {
		t.Errorf("organiser feed %v lacks the internal or draft event", org)
	}

	// SEQUENCE rises with a reschedule; times are Amsterdam wall-clock.
	must[*eventsv1.UpdateEventResponse](t)(c.UpdateEvent(orgCtx, &eventsv1.UpdateEventRequest{EventId: pub, StartsAt: ts(2, 10, 0), EndsAt: ts(2, 11, 0)}))
	one := must[*eventsv1.GetEventCalendarResponse](t)(c.GetEventCalendar(anonCtx, &eventsv1.GetEventCalendarRequest{EventId: pub})).GetIcs()
	events := parse(t, one).Events()
	if len(events) != 1 {
		t.Fatalf("%d events in one event's calendar", len(events))
	}
	ev := events[0]
	if seq := ev.Props.Get(goical.PropSequence).Value; seq != "1" {
		t.Errorf("SEQUENCE %s after a reschedule", seq)
	}
	if start, err := ev.DateTimeStart(time.UTC); err != nil || !start.Equal(ts(2, 10, 0).AsTime()) {
		t.Errorf("DTSTART %s (%v)", start, err)
	}
	if !strings.Contains(string(one), "DTSTART;TZID=Europe/Amsterdam:20261202T110000") {
		t.Errorf("rescheduled event calendar:\n%s", one)
	}
	if st, _ := ev.Status(); st != goical.EventConfirmed {
		t.Errorf("published event STATUS %q", st)
	}
}

// TestEventCalendarPlace: LOCATION names the room, the venue and its
// address.
func TestEventCalendarPlace(t *testing.T) {
	t.Parallel()
	c := start(t)
	venue := must[*eventsv1.CreateVenueResponse](t)(c.CreateVenue(orgCtx, &eventsv1.CreateVenueRequest{Name: "Ondernemersplein",
		Address: "Coolsingel 58", City: "Rotterdam"})).GetVenue()
	room := must[*eventsv1.CreateRoomResponse](t)(c.CreateRoom(orgCtx, &eventsv1.CreateRoomRequest{VenueId: venue.GetId(),
		Name: "Zaal 1", Capacity: 30})).GetRoom()
	e := must[*eventsv1.CreateEventResponse](t)(c.CreateEvent(orgCtx, &eventsv1.CreateEventRequest{Title: "Ontbijt; met koffie",
		Description: "Regel 1\nRegel 2", Themes: []string{"innovatie"}, RoomId: proto.String(room.GetId()),
		StartsAt: ts(3, 8, 0), EndsAt: ts(3, 9, 0)})).GetEvent()
	ics := must[*eventsv1.GetEventCalendarResponse](t)(c.GetEventCalendar(orgCtx, &eventsv1.GetEventCalendarRequest{EventId: e.GetId()})).GetIcs()
	ev := parse(t, ics).Events()[0]
	if loc, _ := ev.Props.Text(goical.PropLocation); loc != "Zaal 1, Ondernemersplein, Coolsingel 58, Rotterdam" {
		t.Errorf("LOCATION %q", loc)
	}
	if d, _ := ev.Props.Text(goical.PropDescription); d != "Regel 1\nRegel 2" {
		t.Errorf("DESCRIPTION %q", d)
	}
	if s, _ := ev.Props.Text(goical.PropSummary); s != "Ontbijt; met koffie" {
		t.Errorf("SUMMARY %q", s)
	}
	if st, _ := ev.Status(); st != goical.EventTentative {
		t.Errorf("draft STATUS %q", st)
	}
}
