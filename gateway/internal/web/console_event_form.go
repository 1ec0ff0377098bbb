package web

import (
	"context"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"google.golang.org/protobuf/types/known/timestamppb"

	eventsv1 "plein.dev/proto/gen/plein/events/v1"
)

// eventFields are the event form's fields in form order; their names are
// the API's.
var eventFields = []string{"title", "description", "programmeId", "themes", "hostAmbassadorIds", "roomId", "location",
	"startsAt", "endsAt", "capacity", "visibility", "registrationOpensAt", "registrationClosesAt", "recurrence",
	"ownerOrganisationId", "areas", "contacts", "agenda", "materials"}

// visibilities are the values of the visibility select.
var visibilities = []string{"public", "invite-only", "internal"}

// eventFormPage is the data of the new and edit pages of an event.
type eventFormPage struct {
	Form   *entry
	Action string
	// Event is the event being edited; nil on the new page.
	Event *eventView
	// The choices of the selects.
	Programmes   []option
	Themes       []option
	Hosts        []option
	Rooms        []option
	Visibilities []option
	// Conflict is the booking that holds the chosen room, with the room's
	// free slots around it.
	Conflict *roomConflict
	Notice   string
	// The rows of the content's tables (console_event_content.go), the
	// roles a contact is suggested, the programme's areas (nil: free
	// text) and the owners to choose from (nil: no choice).
	Contacts  []contactRow
	Agenda    []agendaRow
	Materials []materialRow
	Roles     []string
	Areas     []option
	Owners    []option
	// Note is the form of the post-event note, on an event that began.
	Note *entry
}

// eventView is what the edit page shows of an event beside the form.
type eventView struct {
	ID, Title, Status, When   string
	Seats, Capacity, Waitlist int
	InviteCode, Recurrence    string
	CancellationReason        string
	CanPublish, CanCancel     bool
	CanComplete, Public       bool
	// PostNote is what came of the event; CanNote whether it began, so
	// that it can be written.
	PostNote string
	CanNote  bool
}

// roomConflict names the event that holds the room and offers free slots.
type roomConflict struct {
	Title string
	When  string
	Slots []option // value "startsAt|endsAt" as datetime-local values
}

// formOptions fills the selects from the directory.
func (h *Handler) formOptions(ctx context.Context, l *Lang, p *eventFormPage) error {
	dir, err := h.directory.refresh(ctx)
	if err != nil {
		return err
	}
	p.Programmes = []option{{Value: "", Label: l.T("editor.field.noProgramme")}}
	mine := managedProgrammes(ctx, dir.programmes) // console_scope.go
	for _, pr := range mine {
		p.Programmes = append(p.Programmes, option{Value: pr.GetId(), Label: pr.GetName()})
	}
	for _, t := range dir.themes {
		p.Themes = append(p.Themes, option{Value: t, Label: t})
	}
	// The ambassadors who may host: those in term, by programme, and who
	// hosts already.
	for _, pr := range mine {
		ambs, err := h.programmeAmbassadors(ctx, pr.GetId())
		if err != nil {
			return err
		}
		for _, a := range ambs {
			if a.GetStatus() == "active" || (p.Form != nil && p.Form.Has("hostAmbassadorIds", a.GetId())) {
				p.Hosts = append(p.Hosts, option{Value: a.GetId(),
					Label: l.T("editor.field.hostOption", "Name", a.GetName(), "Programme", pr.GetName())})
			}
		}
	}
	p.Rooms = []option{{Value: "", Label: l.T("editor.field.noRoom")}}
	for _, v := range dir.venues {
		for _, r := range v.GetRooms() {
			p.Rooms = append(p.Rooms, option{Value: r.GetId(),
				Label: l.T("editor.field.roomOption", "Venue", v.GetName(), "Room", r.GetName(), "Capacity", r.GetCapacity())})
		}
	}
	for _, v := range visibilities {
		p.Visibilities = append(p.Visibilities, option{Value: v, Label: l.T("visibility." + v)})
	}
	if p.Note == nil && p.Event != nil {
		p.Note = newEntry(url.Values{"postNote": {p.Event.PostNote}}, "postNote")
	}
	return h.contentOptions(ctx, l, dir, p) // console_event_content.go
}

// eventInput is the event form read and checked as far as the page can;
// the service judges the rest.
type eventInput struct {
	Title, Description, ProgrammeID, RoomID, Location, Visibility, Recurrence string
	Themes, Hosts                                                             []string
	StartsAt, EndsAt                                                          time.Time
	Capacity                                                                  *int32
	OpensAt, ClosesAt                                                         *time.Time
	Content                                                                   eventFormContent
}

// readEvent reads the form into an input, recording what is missing or
// malformed in e.
func readEvent(l *Lang, e *entry) eventInput {
	in := eventInput{Title: e.Value("title"), Description: strings.TrimSpace(e.Values.Get("description")),
		ProgrammeID: e.Value("programmeId"), RoomID: e.Value("roomId"), Location: e.Value("location"),
		Visibility: e.Value("visibility"), Recurrence: e.Value("recurrence")}
	for _, t := range e.Values["themes"] {
		if t = strings.TrimSpace(t); t != "" {
			in.Themes = append(in.Themes, t)
		}
	}
	for _, a := range e.Values["hostAmbassadorIds"] {
		if a = strings.TrimSpace(a); a != "" {
			in.Hosts = append(in.Hosts, a)
		}
	}
	if in.Title == "" {
		e.fail("title", l.T("editor.error.title"))
	}
	if in.RoomID == "" && in.Location == "" {
		e.fail("roomId", l.T("editor.error.place"))
	}
	var ok bool
	if in.StartsAt, ok = parseLocal(e.Value("startsAt")); !ok {
		e.fail("startsAt", l.T("editor.error.startsAt"))
	}
	if in.EndsAt, ok = parseLocal(e.Value("endsAt")); !ok {
		e.fail("endsAt", l.T("editor.error.endsAt"))
	}
	if v := e.Value("capacity"); v != "" {
		n, err := strconv.ParseInt(v, 10, 32)
		if err != nil || n < 0 {
			e.fail("capacity", l.T("editor.error.capacity"))
		}
		c := int32(n)
		in.Capacity = &c
	}
	for name, dst := range map[string]**time.Time{"registrationOpensAt": &in.OpensAt, "registrationClosesAt": &in.ClosesAt} {
		if v := e.Value(name); v != "" {
			t, ok := parseLocal(v)
			if !ok {
				e.fail(name, l.T("editor.error."+name))
			}
			*dst = &t
		}
	}
	in.Content = readEventContent(l, e, in.StartsAt)
	return in
}

func stamp(t *time.Time) *timestamppb.Timestamp {
	if t == nil {
		return nil
	}
	return timestamppb.New(*t)
}

func optional(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func (in eventInput) create() *eventsv1.CreateEventRequest {
	return &eventsv1.CreateEventRequest{Title: in.Title, Description: in.Description, ProgrammeId: optional(in.ProgrammeID),
		Themes: in.Themes, RoomId: optional(in.RoomID), Location: optional(in.Location),
		StartsAt: timestamppb.New(in.StartsAt), EndsAt: timestamppb.New(in.EndsAt), Capacity: in.Capacity,
		RegistrationOpensAt: stamp(in.OpensAt), RegistrationClosesAt: stamp(in.ClosesAt), Visibility: in.Visibility,
		Recurrence: optional(in.Recurrence), HostAmbassadorIds: in.Hosts, OwnerOrganisationId: optional(in.Content.Owner),
		Contacts: in.Content.Contacts, Areas: in.Content.Areas, Agenda: in.Content.Agenda, Materials: in.Content.Materials}
}

func (in eventInput) update(id string) *eventsv1.UpdateEventRequest {
	return &eventsv1.UpdateEventRequest{EventId: id, Title: &in.Title, Description: &in.Description,
		ProgrammeId: &in.ProgrammeID, Themes: in.Themes, SetThemes: true, RoomId: &in.RoomID, Location: &in.Location,
		StartsAt: timestamppb.New(in.StartsAt), EndsAt: timestamppb.New(in.EndsAt), Capacity: in.Capacity,
		RegistrationOpensAt: stamp(in.OpensAt), RegistrationClosesAt: stamp(in.ClosesAt), Visibility: optional(in.Visibility),
		HostAmbassadorIds: in.Hosts, SetHostAmbassadorIds: true, OwnerOrganisationId: optional(in.Content.Owner),
		Contacts: in.Content.Contacts, SetContacts: true, Areas: in.Content.Areas, SetAreas: true,
		Agenda: in.Content.Agenda, SetAgenda: true, Materials: in.Content.Materials, SetMaterials: true}
}

// eventValues fills the form from an event.
func eventValues(e *eventsv1.Event) url.Values {
	v := url.Values{"title": {e.GetTitle()}, "description": {e.GetDescription()}, "programmeId": {e.GetProgrammeId()},
		"themes": e.GetThemes(), "roomId": {e.GetRoomId()}, "location": {e.GetLocation()},
		"startsAt": {localValue(e.GetStartsAt().AsTime())}, "endsAt": {localValue(e.GetEndsAt().AsTime())},
		"capacity": {strconv.Itoa(int(e.GetCapacity()))}, "visibility": {e.GetVisibility()}, "recurrence": {e.GetRecurrence()},
		"hostAmbassadorIds": e.GetHostAmbassadorIds()}
	if t := e.GetRegistrationOpensAt(); t != nil {
		v.Set("registrationOpensAt", localValue(t.AsTime()))
	}
	if t := e.GetRegistrationClosesAt(); t != nil {
		v.Set("registrationClosesAt", localValue(t.AsTime()))
	}
	addEventContent(v, e) // console_event_content.go
	return v
}

// conflictAt finds the booking that holds a room over the time asked for
// (widened by the room's set-up buffer) and the room's free slots of that
// length on that day and the next.
func (h *Handler) conflictAt(ctx context.Context, l *Lang, excludeID string, in eventInput) (*roomConflict, error) {
	dir, err := h.directory.get(ctx)
	if err != nil {
		return nil, err
	}
	buffer := time.Duration(dir.room[in.RoomID].GetSetupMinutes()) * time.Minute
	bookings, err := h.events.ListRoomBookings(ctx, &eventsv1.ListRoomBookingsRequest{RoomId: in.RoomID,
		From: timestamppb.New(in.StartsAt.Add(-buffer - 24*time.Hour)), To: timestamppb.New(in.EndsAt.Add(buffer + 24*time.Hour))})
	if err != nil {
		return nil, fmt.Errorf("list room bookings: %w", err)
	}
	c := &roomConflict{}
	for _, b := range bookings.GetItems() {
		s, e := b.GetStartsAt().AsTime(), b.GetEndsAt().AsTime()
		if b.GetEventId() != excludeID && b.GetStatus() != "cancelled" && s.Before(in.EndsAt.Add(buffer)) && in.StartsAt.Before(e.Add(buffer)) {
			c.Title, c.When = b.GetTitle(), l.Span(s, e)
			break
		}
	}
	if c.Title == "" {
		return nil, nil
	}
	length := in.EndsAt.Sub(in.StartsAt)
	if length <= 0 {
		return c, nil
	}
	from := dayStart(in.StartsAt)
	slots, err := h.events.ListFreeSlots(ctx, &eventsv1.ListFreeSlotsRequest{RoomId: in.RoomID,
		From: timestamppb.New(from), To: timestamppb.New(from.AddDate(0, 0, 2)), DurationMinutes: int32(length.Minutes())})
	if err != nil {
		return nil, fmt.Errorf("list free slots: %w", err)
	}
	for _, s := range slots.GetItems() {
		// A free period can be longer than asked: offer its start.
		start := s.GetStartsAt().AsTime()
		c.Slots = append(c.Slots, option{Value: localValue(start) + "|" + localValue(start.Add(length)),
			Label: l.Span(start, start.Add(length))})
		if len(c.Slots) == 6 {
			break
		}
	}
	return c, nil
}

// useSlot applies a free slot chosen on the conflict list to the form.
func useSlot(e *entry) {
	start, end, ok := strings.Cut(e.Value("slot"), "|")
	if !ok {
		return
	}
	if _, ok := parseLocal(start); !ok {
		return
	}
	if _, ok := parseLocal(end); !ok {
		return
	}
	e.Values.Set("startsAt", start)
	e.Values.Set("endsAt", end)
}
