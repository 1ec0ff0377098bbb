package web

import (
	"net/http"
	"time"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	registrationsv1 "plein.dev/proto/gen/plein/registrations/v1"
)

// checkInPage is the data of /beheer/evenementen/{eventId}/inchecken.
type checkInPage struct {
	Event  *eventView
	Form   *entry
	Counts *registrationsv1.GetAttendanceResponse
	// Result is the outcome of the last check-in: who, when, and whether
	// they had been checked in before.
	Result *checkInResult
	// Matches are the registrations found by name (?q=).
	Matches []attendeeRow
	Query   string
}

type checkInResult struct {
	Name, Time string
	Before     bool
}

// checkInPage serves GET /beheer/evenementen/{eventId}/inchecken: a page
// for the door, for a phone: type the code (field code), or find a name
// (?q=).
func (h *Handler) checkInPage(w http.ResponseWriter, r *http.Request, s *session) {
	h.showCheckIn(w, r, s, http.StatusOK, newEntry(nil, "code"), nil)
}

func (h *Handler) showCheckIn(w http.ResponseWriter, r *http.Request, s *session, code int, f *entry, res *checkInResult) {
	l := h.lang(w, r)
	ctx := r.Context()
	id := r.PathValue("eventId")
	_, v, err := h.consoleEvent(r, l, id)
	if err != nil {
		h.staffFailed(w, r, "check-in", err)
		return
	}
	counts, err := h.registrations.GetAttendance(ctx, &registrationsv1.GetAttendanceRequest{EventId: id})
	if err != nil {
		h.staffFailed(w, r, "check-in", err)
		return
	}
	p := checkInPage{Event: v, Form: f, Counts: counts, Result: res, Query: r.URL.Query().Get("q")}
	if p.Query != "" {
		resp, err := h.registrations.ListEventRegistrations(ctx, &registrationsv1.ListEventRegistrationsRequest{EventId: id,
			Status: "confirmed", Q: p.Query, PageSize: 20})
		if err != nil {
			h.staffFailed(w, r, "check-in", err)
			return
		}
		for _, reg := range resp.GetItems() {
			p.Matches = append(p.Matches, attendee(l, reg))
		}
	}
	h.renderStaff(w, r, s, code, "console/checkin", p)
}

// checkIn serves POST /beheer/evenementen/{eventId}/inchecken: by code
// (field code) or, from a name search, by registration (field
// registrationId). The result is announced; a second check-in says when
// the first was.
func (h *Handler) checkIn(w http.ResponseWriter, r *http.Request, s *session) {
	l := h.lang(w, r)
	ctx := r.Context()
	id := r.PathValue("eventId")
	f := newEntry(r.PostForm, "code")
	before := h.now().Truncate(time.Second)
	var reg *registrationsv1.Registration
	var at time.Time
	if rid := f.Value("registrationId"); rid != "" {
		got, err := h.registrations.GetRegistration(ctx, &registrationsv1.GetRegistrationRequest{RegistrationId: rid})
		if err == nil && got.GetRegistration().GetEventId() != id {
			err = status.Error(codes.NotFound, "not found")
		}
		if err == nil {
			var resp *registrationsv1.CheckInResponse
			resp, err = h.registrations.CheckIn(ctx, &registrationsv1.CheckInRequest{RegistrationId: rid})
			reg, at = got.GetRegistration(), resp.GetCheckedInAt().AsTime()
		}
		if err != nil && !h.checkInRefused(l, f, err) {
			h.staffFailed(w, r, "check-in", err)
			return
		}
	} else if code := f.Value("code"); code == "" {
		f.fail("code", l.T("checkin.error.codeMissing"))
	} else {
		resp, err := h.registrations.CheckInByCode(ctx, &registrationsv1.CheckInByCodeRequest{EventId: id, Code: code})
		if err != nil && !h.checkInRefused(l, f, err) {
			h.staffFailed(w, r, "check-in", err)
			return
		}
		reg, at = resp.GetRegistration(), resp.GetCheckedInAt().AsTime()
	}
	if f.Invalid() {
		h.showCheckIn(w, r, s, http.StatusUnprocessableEntity, f, nil)
		return
	}
	res := &checkInResult{Name: reg.GetName(), Time: l.Clock(at), Before: at.Before(before)}
	h.showCheckIn(w, r, s, http.StatusOK, newEntry(nil, "code"), res)
}

// checkInRefused explains a refused check-in at the code field: an
// unknown code, or a registration that cannot check in (cancelled, on the
// waiting list).
func (h *Handler) checkInRefused(l *Lang, f *entry, err error) bool {
	switch status.Code(err) {
	case codes.NotFound, codes.InvalidArgument:
		f.fail("code", l.T("checkin.error.unknown"))
	case codes.FailedPrecondition:
		f.fail("code", l.T("checkin.error.cannot"))
	default:
		return false
	}
	return true
}
