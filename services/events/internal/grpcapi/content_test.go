package grpcapi_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	goical "github.com/emersion/go-ical"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"

	"plein.dev/platform/rpcerr"
	eventsv1 "plein.dev/proto/gen/plein/events/v1"
)

// contentRequest is an event of A ("default") on 2 December, 13:00-17:00
// UTC (14:00-18:00 in Amsterdam), with a public and a private contact,
// an agenda given out of order and a link.
func contentRequest() *eventsv1.CreateEventRequest {
	return &eventsv1.CreateEventRequest{Title: "Havendag", Description: "Over de havens.", Location: proto.String("Stadhuis"),
		Capacity: proto.Int32(50), StartsAt: ts(2, 13, 0), EndsAt: ts(2, 17, 0),
		Contacts: []*eventsv1.EventContact{
			{Name: "Wethouder Jansen", Role: "wethouder", Email: "jansen@gemeente.example", Phone: "+31 20 1234567", Public: true},
			{Name: "Petra de Vries", Role: "programmamanager", Email: "petra@gemeente.example", Phone: "06 12345678"},
		},
		Areas: []string{"Havens", "Binnenstad"},
		Agenda: []*eventsv1.AgendaItem{
			{StartsAt: ts(2, 14, 0), Title: "Rondleiding", Speaker: "Havenmeester"},
			{StartsAt: ts(2, 13, 0), Title: "Opening", Speaker: "Wethouder Jansen"},
		},
		Materials: []*eventsv1.Material{{Title: "Presentatie", Url: "https://example.org/havendag.pdf"}},
	}
}

func violates(t *testing.T, err error, code codes.Code, field string) {
	t.Helper()
	if status.Code(err) != code {
		t.Fatalf("%v, want %s", err, code)
	}
	for _, v := range rpcerr.Violations(err) {
		if v.Field == field {
			return
		}
	}
	t.Errorf("violations %v do not name %s", rpcerr.Violations(err), field)
}

// TestEventContentValidation: an agenda item outside the event, a link
// that is not http(s) are refused naming the item; the agenda comes back
// in order of time; moving the event away from its agenda is refused
// unless the same change brings the agenda along.
func TestEventContentValidation(t *testing.T) {
	t.Parallel()
	c := start(t)
	r := contentRequest()
	r.Agenda = append(r.Agenda, &eventsv1.AgendaItem{StartsAt: ts(2, 17, 0), Title: "Borrel"})
	_, err := c.CreateEvent(orgCtx, r)
	violates(t, err, codes.InvalidArgument, "agenda[2].startsAt")
	r = contentRequest()
	r.Agenda[0].StartsAt = ts(2, 12, 59)
	_, err = c.CreateEvent(orgCtx, r)
	violates(t, err, codes.InvalidArgument, "agenda[0].startsAt")
	for _, url := range []string{"ftp://example.org/x", "javascript:alert(1)", "https://"} {
		r = contentRequest()
		r.Materials[0].Url = url
		_, err = c.CreateEvent(orgCtx, r)
		violates(t, err, codes.InvalidArgument, "materials[0].url")
	}

	e := must[*eventsv1.CreateEventResponse](t)(c.CreateEvent(orgCtx, contentRequest())).GetEvent()
	var titles []string
	for _, it := range e.GetAgenda() {
		titles = append(titles, it.GetTitle())
	}
	if !slices.Equal(titles, []string{"Opening", "Rondleiding"}) || len(e.GetContacts()) != 2 ||
		!slices.Equal(e.GetAreas(), []string{"Havens", "Binnenstad"}) || e.GetMaterials()[0].GetUrl() != "https://example.org/havendag.pdf" {
		t.Fatalf("created %v", e)
	}

	// A day later: the agenda stays behind, refused.
	_, err = c.UpdateEvent(orgCtx, &eventsv1.UpdateEventRequest{EventId: e.GetId(), StartsAt: ts(3, 13, 0), EndsAt: ts(3, 17, 0)})
	violates(t, err, codes.InvalidArgument, "agenda[0].startsAt")
	moved := must[*eventsv1.UpdateEventResponse](t)(c.UpdateEvent(orgCtx, &eventsv1.UpdateEventRequest{EventId: e.GetId(),
		StartsAt: ts(3, 13, 0), EndsAt: ts(3, 17, 0), SetAgenda: true,
		Agenda: []*eventsv1.AgendaItem{{StartsAt: ts(3, 15, 0), Title: "Pitches"}, {StartsAt: ts(3, 13, 30), Title: "Opening"}}})).GetEvent()
	if got := moved.GetAgenda(); len(got) != 2 || got[0].GetTitle() != "Opening" || !got[1].GetStartsAt().AsTime().Equal(ts(3, 15, 0).AsTime()) {
		t.Errorf("moved with its agenda: %v", got)
	}
	// The other lists stay unless set; set empty, they are emptied.
	cleared := must[*eventsv1.UpdateEventResponse](t)(c.UpdateEvent(orgCtx, &eventsv1.UpdateEventRequest{EventId: e.GetId(),
		SetContacts: true, SetMaterials: true})).GetEvent()
	if len(cleared.GetContacts()) != 0 || len(cleared.GetMaterials()) != 0 || len(cleared.GetAgenda()) != 2 || len(cleared.GetAreas()) != 2 {
		t.Errorf("after clearing contacts and materials: %v", cleared)
	}
}

// contactNames lists the names of an event's contacts, with the e-mail
// address and phone number when given.
func contactNames(e *eventsv1.Event) []string {
	var out []string
	for _, c := range e.GetContacts() {
		out = append(out, strings.TrimSpace(c.GetName()+" "+c.GetEmail()+" "+c.GetPhone()))
	}
	return out
}

// TestEventContactsVisibility: the organisers of the event's owner see
// every contact; another organisation's organiser, an ambassador and the
// public only the public ones — in GetEvent and ListEvents alike.
func TestEventContactsVisibility(t *testing.T) {
	t.Parallel()
	c := start(t)
	e := must[*eventsv1.CreateEventResponse](t)(c.CreateEvent(orgCtx, contentRequest())).GetEvent()
	must[*eventsv1.PublishEventResponse](t)(c.PublishEvent(orgCtx, &eventsv1.PublishEventRequest{EventId: e.GetId()}))
	all := []string{"Wethouder Jansen jansen@gemeente.example +31 20 1234567", "Petra de Vries petra@gemeente.example 06 12345678"}
	public := all[:1]
	for _, tc := range []struct {
		who  string
		ctx  context.Context
		want []string
	}{
		{"organiser of A", orgCtx, all},
		{"organiser of B", organiserOf("gm0453"), public},
		{"ambassador", ambCtx, public},
		{"anonymous", anonCtx, public},
	} {
		got := must[*eventsv1.GetEventResponse](t)(c.GetEvent(tc.ctx, &eventsv1.GetEventRequest{EventId: e.GetId()})).GetEvent()
		if !slices.Equal(contactNames(got), tc.want) {
			t.Errorf("%s gets contacts %v, want %v", tc.who, contactNames(got), tc.want)
		}
		l := must[*eventsv1.ListEventsResponse](t)(c.ListEvents(tc.ctx, &eventsv1.ListEventsRequest{})).GetItems()
		if len(l) != 1 || !slices.Equal(contactNames(l[0]), tc.want) || len(l[0].GetAgenda()) != 2 || len(l[0].GetMaterials()) != 1 {
			t.Errorf("%s lists %v, want the one event with contacts %v, its agenda and materials", tc.who, l, tc.want)
		}
	}
}

// TestPostNoteOnCompletedEvent: a completed event refuses changes, but
// takes the note written afterwards (and the materials), which the
// public then read.
func TestPostNoteOnCompletedEvent(t *testing.T) {
	t.Parallel()
	c := start(t)
	e := must[*eventsv1.CreateEventResponse](t)(c.CreateEvent(orgCtx, contentRequest())).GetEvent()
	must[*eventsv1.PublishEventResponse](t)(c.PublishEvent(orgCtx, &eventsv1.PublishEventRequest{EventId: e.GetId()}))
	must[*eventsv1.CompleteEventResponse](t)(c.CompleteEvent(orgCtx, &eventsv1.CompleteEventRequest{EventId: e.GetId()}))

	title := "Anders"
	_, err := c.UpdateEvent(orgCtx, &eventsv1.UpdateEventRequest{EventId: e.GetId(), Title: &title})
	violates(t, err, codes.FailedPrecondition, "status")
	note := "Tachtig ondernemers kwamen; drie bedrijven vestigen zich in de haven.\n\n" + strings.Repeat("x", 15000)
	_, err = c.UpdateEvent(orgCtx, &eventsv1.UpdateEventRequest{EventId: e.GetId(), PostNote: &note, Title: &title})
	violates(t, err, codes.FailedPrecondition, "status") // with another change: refused whole
	got := must[*eventsv1.UpdateEventResponse](t)(c.UpdateEvent(orgCtx, &eventsv1.UpdateEventRequest{EventId: e.GetId(), PostNote: &note,
		SetMaterials: true, Materials: []*eventsv1.Material{{Title: "Opname", Url: "https://example.org/opname"}}})).GetEvent()
	if got.GetPostNote() != note || got.GetStatus() != "completed" || got.GetVersion() <= e.GetVersion() || got.GetMaterials()[0].GetTitle() != "Opname" {
		t.Errorf("after the note: %q %s v%d %v", got.GetPostNote()[:20], got.GetStatus(), got.GetVersion(), got.GetMaterials())
	}
	read := must[*eventsv1.GetEventResponse](t)(c.GetEvent(anonCtx, &eventsv1.GetEventRequest{EventId: e.GetId()})).GetEvent()
	if read.GetPostNote() != note || read.GetTitle() != "Havendag" {
		t.Errorf("the public read %q, %q", read.GetTitle(), read.GetPostNote()[:20])
	}
	// Another organisation's organiser may not write it.
	_, err = c.UpdateEvent(organiserOf("gm0453"), &eventsv1.UpdateEventRequest{EventId: e.GetId(), PostNote: &title})
	if status.Code(err) != codes.NotFound {
		t.Errorf("B writes A's note: %v, want NotFound", err)
	}
	// Too long: refused before it reaches the service.
	long := strings.Repeat("x", 20001)
	_, err = c.UpdateEvent(orgCtx, &eventsv1.UpdateEventRequest{EventId: e.GetId(), PostNote: &long})
	violates(t, err, codes.InvalidArgument, "postNote")
}

// TestCalendarHoldsAgenda: the event's calendar file has the agenda in
// its DESCRIPTION after the description, a line an item in Amsterdam
// time, folded as RFC 5545 wants.
func TestCalendarHoldsAgenda(t *testing.T) {
	t.Parallel()
	c := start(t)
	r := contentRequest()
	r.Agenda[1].Speaker = strings.Repeat("Wethouder van Economische Zaken en Havens ", 3)
	e := must[*eventsv1.CreateEventResponse](t)(c.CreateEvent(orgCtx, r)).GetEvent()
	ics := must[*eventsv1.GetEventCalendarResponse](t)(c.GetEventCalendar(orgCtx, &eventsv1.GetEventCalendarRequest{EventId: e.GetId()})).GetIcs()
	for _, line := range strings.Split(string(ics), "\r\n") {
		if len(line) > 75 {
			t.Errorf("unfolded line of %d octets: %q", len(line), line)
		}
	}
	cal := parse(t, ics)
	desc, err := cal.Events()[0].Props.Text(goical.PropDescription)
	if err != nil {
		t.Fatal(err)
	}
	want := "Over de havens.\n\nProgramma / Agenda:\n14:00 Opening — " + strings.Repeat("Wethouder van Economische Zaken en Havens ", 3) +
		"\n15:00 Rondleiding — Havenmeester"
	if desc != want {
		t.Errorf("description\n%q\nwant\n%q", desc, want)
	}
}
