package web

import (
	"errors"
	"net/http"
	"net/url"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	registrationsv1 "plein.dev/proto/gen/plein/registrations/v1"
)

// PrivacyVersion is the version of the privacy statement that a visitor
// agrees to when registering; it is stored with the consent.
const PrivacyVersion = "2026-11"

// confirmationPage is the data of the page after registering.
type confirmationPage struct {
	Event     eventPage
	Waitlist  bool
	Position  int
	Email     string
	ManageURL string
	// ManageLink is ManageURL in full, to copy.
	ManageLink  string
	CalendarURL string
}

// register serves POST /evenementen/{eventId}: the form is checked, sent
// to the registrations service, and answered with the confirmation, or
// shown again with the errors next to the fields and the values kept.
func (h *Handler) register(w http.ResponseWriter, r *http.Request) {
	l := h.lang(w, r)
	if err := r.ParseForm(); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			h.fail(w, r, http.StatusRequestEntityTooLarge, "error.tooLarge")
			return
		}
		h.fail(w, r, http.StatusBadRequest, "error.badRequest")
		return
	}
	values := readForm(r.PostForm)
	id := r.PathValue("eventId")
	p, err := h.loadEvent(r.Context(), l, id, values.InviteCode)
	switch {
	case errors.Is(err, errNotVisible):
		h.fail(w, r, http.StatusNotFound, "error.eventNotFound")
		return
	case err != nil:
		h.serviceFailed(w, r, "register", err)
		return
	}
	p.Form.Values = values
	p.Form.Action = formAction(r)
	again := func(code int) {
		p.Form.summarise(p.InviteOnly)
		p.Form.CSRF = h.csrfToken(w, r)
		h.renderIn(w, r, l, code, "event", p)
	}
	if status, msg, ok := admitPublicPost(w, r, h.limit, "form.error.tooMany"); !ok {
		p.Form.General = l.T(msg)
		again(status)
		return
	}
	if p.Window != windowOpen {
		p.Form.General = l.T("form.error.closed")
		again(http.StatusUnprocessableEntity)
		return
	}
	p.Form.check(l, p.InviteOnly)
	if p.Form.Invalid() {
		again(http.StatusUnprocessableEntity)
		return
	}
	answers, answerIDs := p.Form.answers()
	req := &registrationsv1.CreateRegistrationRequest{EventId: id, Name: values.Name, Email: values.Email,
		Answers: answers, Consent: true, InviteCode: values.InviteCode, ConsentVersion: PrivacyVersion,
		Language:  l.Code, // the attendee's e-mails follow the language of the form
		KvkNumber: values.KvKNumber}
	if values.Organisation != "" {
		req.Organisation = &values.Organisation
	}
	resp, err := h.registrations.CreateRegistration(r.Context(), req)
	if err != nil {
		if status.Code(err) == codes.NotFound {
			h.fail(w, r, http.StatusNotFound, "error.eventNotFound")
			return
		}
		if !p.Form.refused(l, err, answerIDs) {
			h.log.ErrorContext(r.Context(), "register", "event", id, "err", err)
			p.Form.General = l.T("form.error.unavailable")
			again(http.StatusServiceUnavailable)
			return
		}
		again(http.StatusUnprocessableEntity)
		return
	}
	manage := "/aanmelding/" + url.PathEscape(resp.GetId()) + "?" + url.Values{"token": {resp.GetManageToken()}}.Encode()
	c := confirmationPage{Event: p, Waitlist: resp.GetStatus() == "waitlisted", Position: int(resp.GetWaitlistPosition()),
		Email: values.Email, ManageURL: manage, ManageLink: h.baseURL + manage,
		CalendarURL: "/api/v1/registrations/" + url.PathEscape(resp.GetId()) + "/calendar.ics?" +
			url.Values{"token": {resp.GetManageToken()}}.Encode()}
	h.renderIn(w, r, l, http.StatusOK, "confirmation", c)
}
