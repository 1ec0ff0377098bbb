package web

import (
	"net/http"
	"net/url"

	registrationsv1 "plein.dev/proto/gen/plein/registrations/v1"
)

// attendeeRow is a registration as the attendees list shows it.
type attendeeRow struct {
	ID, Name, Email, Organisation, Status string
	Position                              int
	Registered, RegisteredAt              string
	CheckedIn, CheckedInAt                string
}

func attendee(l *Lang, reg *registrationsv1.Registration) attendeeRow {
	a := attendeeRow{ID: reg.GetId(), Name: reg.GetName(), Email: reg.GetEmail(), Organisation: reg.GetOrganisation(),
		Status: reg.GetStatus(), Position: int(reg.GetWaitlistPosition())}
	if t := reg.GetRegisteredAt(); t != nil {
		a.Registered, a.RegisteredAt = l.Date(t.AsTime())+" "+l.Clock(t.AsTime()), machineTime(t.AsTime())
	}
	if t := reg.GetCheckedInAt(); t != nil {
		a.CheckedIn, a.CheckedInAt = l.Clock(t.AsTime()), machineTime(t.AsTime())
	}
	return a
}

// attendeesPage is the data of /beheer/evenementen/{eventId}/deelnemers.
type attendeesPage struct {
	Event     *eventView
	Filter    *entry
	Statuses  []option
	Attendees []attendeeRow
	Next      string
	CSVURL    string
	Counts    *registrationsv1.GetAttendanceResponse
	Notice    string
	// Problem says why moving someone off the waiting list failed.
	Problem string
}

// attendees serves GET /beheer/evenementen/{eventId}/deelnemers: the
// registrations with their status and check-in time, searched with q and
// filtered by status, 100 a page; a CSV export of the same selection.
func (h *Handler) attendees(w http.ResponseWriter, r *http.Request, s *session) {
	l := h.lang(w, r)
	ctx := r.Context()
	id := r.PathValue("eventId")
	_, v, err := h.consoleEvent(r, l, id)
	if err != nil {
		h.staffFailed(w, r, "attendees", err)
		return
	}
	q := r.URL.Query()
	f := newEntry(q, "q", "status")
	st := f.Value("status")
	if st != "confirmed" && st != "waitlisted" && st != "cancelled" {
		st = ""
	}
	resp, err := h.registrations.ListEventRegistrations(ctx, &registrationsv1.ListEventRegistrationsRequest{EventId: id,
		Status: st, Q: f.Value("q"), PageSize: 100, PageToken: q.Get("pageToken")})
	if err != nil {
		h.staffFailed(w, r, "attendees", err)
		return
	}
	counts, err := h.registrations.GetAttendance(ctx, &registrationsv1.GetAttendanceRequest{EventId: id})
	if err != nil {
		h.staffFailed(w, r, "attendees", err)
		return
	}
	csv := url.Values{"format": {"csv"}}
	if st != "" {
		csv.Set("status", st)
	}
	if f.Value("q") != "" {
		csv.Set("q", f.Value("q"))
	}
	p := attendeesPage{Event: v, Filter: f, Counts: counts, Notice: notice(r, "afgemeld", "doorgeschoven"),
		Problem:  promoteProblem(r),
		CSVURL:   "/api/v1/events/" + url.PathEscape(id) + "/registrations?" + csv.Encode(),
		Statuses: []option{{Value: "", Label: l.T("attendees.allStatuses")}}}
	for _, s := range []string{"confirmed", "waitlisted", "cancelled"} {
		p.Statuses = append(p.Statuses, option{Value: s, Label: l.T("registration." + s)})
	}
	for _, reg := range resp.GetItems() {
		p.Attendees = append(p.Attendees, attendee(l, reg))
	}
	if next := resp.GetNextPageToken(); next != "" {
		nq := url.Values{"pageToken": {next}, "q": {f.Value("q")}, "status": {st}}
		p.Next = "/beheer/evenementen/" + url.PathEscape(id) + "/deelnemers?" + nq.Encode()
	}
	h.renderStaff(w, r, s, http.StatusOK, "console/attendees", p)
}

// cancelAttendeePage is the data of the step that cancels a registration.
type cancelAttendeePage struct {
	Event    *eventView
	Attendee attendeeRow
}

// confirmCancelAttendee serves GET
// /beheer/evenementen/{eventId}/deelnemers/{registrationId}/afmelden.
func (h *Handler) confirmCancelAttendee(w http.ResponseWriter, r *http.Request, s *session) {
	l := h.lang(w, r)
	_, v, err := h.consoleEvent(r, l, r.PathValue("eventId"))
	if err != nil {
		h.staffFailed(w, r, "cancel attendee", err)
		return
	}
	reg, err := h.registrations.GetRegistration(r.Context(), &registrationsv1.GetRegistrationRequest{RegistrationId: r.PathValue("registrationId")})
	if err != nil {
		h.staffFailed(w, r, "cancel attendee", err)
		return
	}
	if reg.GetRegistration().GetEventId() != v.ID {
		h.fail(w, r, http.StatusNotFound, "error.notFound")
		return
	}
	h.renderStaff(w, r, s, http.StatusOK, "console/cancel-attendee", cancelAttendeePage{Event: v, Attendee: attendee(l, reg.GetRegistration())})
}

// cancelAttendee serves the POST of that step: the registration is
// cancelled by the organiser, and the first on the waiting list moves up.
func (h *Handler) cancelAttendee(w http.ResponseWriter, r *http.Request, _ *session) {
	eventID, id := r.PathValue("eventId"), r.PathValue("registrationId")
	reg, err := h.registrations.GetRegistration(r.Context(), &registrationsv1.GetRegistrationRequest{RegistrationId: id})
	if err != nil {
		h.staffFailed(w, r, "cancel attendee", err)
		return
	}
	if reg.GetRegistration().GetEventId() != eventID {
		h.fail(w, r, http.StatusNotFound, "error.notFound")
		return
	}
	if _, err := h.registrations.CancelRegistration(r.Context(), &registrationsv1.CancelRegistrationRequest{RegistrationId: id}); err != nil {
		h.staffFailed(w, r, "cancel attendee", err)
		return
	}
	http.Redirect(w, r, "/beheer/evenementen/"+url.PathEscape(eventID)+"/deelnemers?melding=afgemeld", http.StatusSeeOther)
}
