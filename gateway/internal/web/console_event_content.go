package web

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"google.golang.org/protobuf/types/known/timestamppb"

	"plein.dev/platform/zone"
	eventsv1 "plein.dev/proto/gen/plein/events/v1"
)

// The event form's content beyond the basics (issue 16): its contacts,
// areas, agenda and materials, and the owner of an event without a
// programme. Rows post as the contacts do (console_rows.go):
// agendaStartsAt (a time on the event's first day), agendaTitle,
// agendaSpeaker; materialTitle, materialUrl. Areas post as areas, ticked
// from the programme's or one per line without a programme.

// eventGroups are the messages of the service's refusals of the form's
// groups, by the API's field.
var eventGroups = map[string]string{"contacts": "console16.contacts.error", "areas": "console16.areas.error",
	"agenda": "console16.agenda.error", "materials": "console16.materials.error",
	"ownerOrganisationId": "console16.owner.error", "postNote": "console16.postNote.error"}

// agendaRow and materialRow are rows of the agenda and materials tables.
type agendaRow struct {
	N                        int
	StartsAt, Title, Speaker string
}

type materialRow struct {
	N          int
	Title, URL string
}

var (
	agendaFields   = []string{"agendaStartsAt", "agendaTitle", "agendaSpeaker"}
	materialFields = []string{"materialTitle", "materialUrl"}
)

func agendaRowsOf(v url.Values) []agendaRow {
	var out []agendaRow
	for _, r := range tableRows(v, agendaFields...) {
		out = append(out, agendaRow{N: len(out) + 1, StartsAt: r.Cells[0], Title: r.Cells[1], Speaker: r.Cells[2]})
	}
	for range extraRows {
		out = append(out, agendaRow{N: len(out) + 1})
	}
	return out
}

func materialRowsOf(v url.Values) []materialRow {
	var out []materialRow
	for _, r := range tableRows(v, materialFields...) {
		out = append(out, materialRow{N: len(out) + 1, Title: r.Cells[0], URL: r.Cells[1]})
	}
	for range extraRows {
		out = append(out, materialRow{N: len(out) + 1})
	}
	return out
}

// areasOf reads the areas: ticked ones, or one per line.
func areasOf(v url.Values) []string {
	var out []string
	for _, a := range v["areas"] {
		for _, line := range lines(a) {
			if !slices.Contains(out, line) {
				out = append(out, line)
			}
		}
	}
	return out
}

// eventFormContent is the content read from the form.
type eventFormContent struct {
	Contacts  []*eventsv1.EventContact
	Areas     []string
	Agenda    []*eventsv1.AgendaItem
	Materials []*eventsv1.Material
	// Owner is the owner organisation chosen for an event without a
	// programme; "" leaves it to the service (the user's one).
	Owner string
}

// readEventContent reads the content, recording what is wrong in e. The
// agenda's times are on the day the event starts (day; zero when the
// start is not given).
func readEventContent(l *Lang, e *entry, day time.Time) eventFormContent {
	var c eventFormContent
	for _, r := range checkContacts(l, e, contactRowsOf(e.Values)) {
		c.Contacts = append(c.Contacts, &eventsv1.EventContact{Name: r.Name, Role: r.Role, Email: r.Email, Phone: r.Phone, Public: r.Public})
	}
	c.Areas = areasOf(e.Values)
	for _, r := range agendaRowsOf(e.Values) {
		if r.StartsAt == "" && r.Title == "" && r.Speaker == "" {
			continue
		}
		at, ok := agendaTime(day, r.StartsAt)
		if !ok && day.IsZero() && r.Title != "" {
			continue // a time of a day not given: the start's error says so
		}
		if !ok || r.Title == "" {
			e.fail("agenda", l.T("console16.agenda.error", "N", r.N))
			continue
		}
		c.Agenda = append(c.Agenda, &eventsv1.AgendaItem{StartsAt: timestamppb.New(at), Title: r.Title, Speaker: r.Speaker})
	}
	for _, r := range materialRowsOf(e.Values) {
		if r.Title == "" && r.URL == "" {
			continue
		}
		u, err := url.Parse(r.URL)
		if r.Title == "" || err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			e.fail("materials", l.T("console16.materials.error", "N", r.N))
			continue
		}
		c.Materials = append(c.Materials, &eventsv1.Material{Title: r.Title, Url: r.URL})
	}
	if e.Value("programmeId") == "" {
		c.Owner = e.Value("ownerOrganisationId")
	}
	return c
}

// checkOwner requires the owner of an event without a programme when the
// form offers a choice of them (contentOptions).
func (h *Handler) checkOwner(ctx context.Context, l *Lang, e *entry, in eventInput) error {
	if in.ProgrammeID != "" || in.Content.Owner != "" {
		return nil
	}
	choices, err := h.organisationChoices(ctx)
	if err != nil {
		return err
	}
	if len(choices.Own) > 1 {
		e.fail("ownerOrganisationId", l.T("console16.owner.error"))
	}
	return nil
}

// agendaTime reads an agenda row's time (15:04) on the event's first day;
// a full datetime-local value is taken as it is.
func agendaTime(day time.Time, v string) (time.Time, bool) {
	if t, ok := parseLocal(v); ok {
		return t, true
	}
	t, err := time.Parse("15:04", v)
	if err != nil || day.IsZero() {
		return time.Time{}, false
	}
	d := day.In(zone.Amsterdam)
	return time.Date(d.Year(), d.Month(), d.Day(), t.Hour(), t.Minute(), 0, 0, zone.Amsterdam), true
}

// addEventContent fills the form's values with an event's content.
func addEventContent(v url.Values, e *eventsv1.Event) {
	for _, c := range e.GetContacts() {
		addContact(v, c.GetName(), c.GetRole(), c.GetEmail(), c.GetPhone(), c.GetPublic())
	}
	v["areas"] = slices.Clone(e.GetAreas())
	start := e.GetStartsAt().AsTime().In(zone.Amsterdam)
	for _, a := range e.GetAgenda() {
		t := a.GetStartsAt().AsTime().In(zone.Amsterdam)
		at := t.Format("15:04")
		if dayStart(t) != dayStart(start) {
			at = localValue(t) // not on the first day: as it is
		}
		v.Add("agendaStartsAt", at)
		v.Add("agendaTitle", a.GetTitle())
		v.Add("agendaSpeaker", a.GetSpeaker())
	}
	for _, m := range e.GetMaterials() {
		v.Add("materialTitle", m.GetTitle())
		v.Add("materialUrl", m.GetUrl())
	}
	if e.GetProgrammeId() == "" {
		v.Set("ownerOrganisationId", e.GetOwnerOrganisationId())
	}
}

// contentOptions fills the page's tables and the choices of the areas and
// the owner: the areas of the programme chosen as checkboxes (or none:
// one per line), the owner select when the event has no programme and the
// user more than one organisation to choose from.
func (h *Handler) contentOptions(ctx context.Context, l *Lang, dir *listing, p *eventFormPage) error {
	v := p.Form.Values
	p.Contacts, p.Agenda, p.Materials, p.Roles = contactRowsOf(v), agendaRowsOf(v), materialRowsOf(v), contactRoles
	areas := areasOf(v)
	if pr := dir.programme[p.Form.Value("programmeId")]; pr != nil && len(pr.GetAreas()) > 0 {
		for _, a := range append(slices.Clone(pr.GetAreas()), areas...) {
			if !slices.ContainsFunc(p.Areas, func(o option) bool { return o.Value == a }) {
				p.Areas = append(p.Areas, option{Value: a, Label: a})
			}
		}
		v["areas"] = areas
	} else {
		v["areas"] = []string{strings.Join(areas, "\n")}
	}
	if p.Form.Value("programmeId") != "" {
		return nil
	}
	choices, err := h.organisationChoices(ctx)
	if err != nil {
		return err
	}
	if len(choices.Own) > 1 {
		p.Owners = append([]option{{Value: "", Label: l.T("console16.owner.choose")}}, choices.Own...)
	}
	return nil
}

// savePostNote serves POST /beheer/evenementen/{eventId}/verslag (field
// postNote): what came of the event, written once it has begun.
func (h *Handler) savePostNote(w http.ResponseWriter, r *http.Request, s *session) {
	l := h.lang(w, r)
	id := r.PathValue("eventId")
	note := strings.TrimSpace(r.PostForm.Get("postNote"))
	_, err := h.events.UpdateEvent(r.Context(), &eventsv1.UpdateEventRequest{EventId: id, PostNote: &note})
	if err == nil {
		http.Redirect(w, r, "/beheer/evenementen/"+url.PathEscape(id)+"?melding=verslag", http.StatusSeeOther)
		return
	}
	e, v, gerr := h.consoleEvent(r, l, id)
	if gerr != nil {
		h.staffFailed(w, r, "event", gerr)
		return
	}
	p := eventFormPage{Form: newEntry(eventValues(e), eventFields...), Event: v, Action: "/beheer/evenementen/" + url.PathEscape(id),
		Note: newEntry(url.Values{"postNote": {note}}, "postNote")}
	if !rowsRefused(l, p.Note, err, "console16.postNote.", eventGroups) {
		h.staffFailed(w, r, "post note", err)
		return
	}
	if err := h.formOptions(r.Context(), l, &p); err != nil {
		h.staffFailed(w, r, "event", err)
		return
	}
	h.renderStaff(w, r, s, http.StatusUnprocessableEntity, "console/event", p)
}
