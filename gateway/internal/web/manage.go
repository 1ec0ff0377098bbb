package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	eventsv1 "plein.dev/proto/gen/plein/events/v1"
	registrationsv1 "plein.dev/proto/gen/plein/registrations/v1"
)

// managePage is the data of /aanmelding/{registrationId} and of the step
// that confirms a cancellation.
type managePage struct {
	ID       string
	Token    string
	Name     string
	Email    string
	Status   string
	Position int
	// Cancelled by whom: attendee, organiser, event, erased.
	CancelledBy string
	CheckInCode string
	Event       eventSummary
	CalendarURL string
	QRURL       string
	ManageURL   string
	CancelURL   string
	// CanCancel is false once cancelled or once the event is over.
	CanCancel bool
	CSRF      string
	Action    string
}

// eventSummary is what the manage page shows of the event.
type eventSummary struct {
	ID    string
	Title string
	When  string
	Start string
	Place place
	// Gone means the event is no longer shown to visitors.
	Gone      bool
	Cancelled bool
	Over      bool
}

// errLinkInvalid means the registration does not exist or the token does
// not open it; the visitor learns nothing more.
var errLinkInvalid = errors.New("manage link not valid")

// manage serves GET /aanmelding/{registrationId}?token=.
func (h *Handler) manage(w http.ResponseWriter, r *http.Request) {
	h.managePage(w, r, "manage")
}

// confirmCancel serves GET /aanmelding/{registrationId}/afmelden?token=:
// the step that asks whether to cancel.
func (h *Handler) confirmCancel(w http.ResponseWriter, r *http.Request) {
	h.managePage(w, r, "cancel")
}

func (h *Handler) managePage(w http.ResponseWriter, r *http.Request, name string) {
	l := h.lang(w, r)
	p, err := h.loadRegistration(r.Context(), l, r.PathValue("registrationId"), r.URL.Query().Get("token"))
	switch {
	case errors.Is(err, errLinkInvalid):
		h.fail(w, r, http.StatusNotFound, "error.linkInvalid")
		return
	case err != nil:
		h.serviceFailed(w, r, name, err)
		return
	}
	if name == "cancel" && !p.CanCancel {
		http.Redirect(w, r, p.ManageURL, http.StatusSeeOther)
		return
	}
	p.CSRF = h.csrfToken(w, r)
	p.Action = "/aanmelding/" + url.PathEscape(p.ID) + "/afmelden"
	if lang := r.URL.Query().Get("lang"); lang != "" {
		p.Action += "?" + url.Values{"lang": {lang}}.Encode()
	}
	h.renderIn(w, r, l, http.StatusOK, name, p)
}

// cancel serves POST /aanmelding/{registrationId}/afmelden (fields token
// and csrf), then sends the visitor back to the manage page.
func (h *Handler) cancel(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		h.fail(w, r, http.StatusBadRequest, "error.badRequest")
		return
	}
	if !csrfValid(r) {
		h.fail(w, r, http.StatusForbidden, "error.expired")
		return
	}
	id, token := r.PathValue("registrationId"), r.PostFormValue("token")
	_, err := h.registrations.CancelRegistration(r.Context(), &registrationsv1.CancelRegistrationRequest{RegistrationId: id, Token: token})
	switch status.Code(err) {
	case codes.OK:
	case codes.NotFound, codes.PermissionDenied, codes.InvalidArgument, codes.Unauthenticated:
		h.fail(w, r, http.StatusNotFound, "error.linkInvalid")
		return
	default:
		h.serviceFailed(w, r, "cancel", err)
		return
	}
	http.Redirect(w, r, manageURL(id, token, r.URL.Query().Get("lang")), http.StatusSeeOther)
}

func manageURL(id, token, lang string) string {
	q := url.Values{"token": {token}}
	if lang != "" {
		q.Set("lang", lang)
	}
	return "/aanmelding/" + url.PathEscape(id) + "?" + q.Encode()
}

// loadRegistration reads a registration with its manage token, and its
// event. A missing or wrong token is errLinkInvalid, like an unknown id.
func (h *Handler) loadRegistration(ctx context.Context, l *Lang, id, token string) (managePage, error) {
	if token == "" {
		return managePage{}, errLinkInvalid
	}
	resp, err := h.registrations.GetRegistration(ctx, &registrationsv1.GetRegistrationRequest{RegistrationId: id, Token: token})
	switch status.Code(err) {
	case codes.OK:
	case codes.NotFound, codes.PermissionDenied, codes.InvalidArgument, codes.Unauthenticated:
		return managePage{}, errLinkInvalid
	default:
		return managePage{}, fmt.Errorf("get registration: %w", err)
	}
	reg := resp.GetRegistration()
	p := managePage{ID: reg.GetId(), Token: token, Name: reg.GetName(), Email: reg.GetEmail(), Status: reg.GetStatus(),
		Position: int(reg.GetWaitlistPosition()), CancelledBy: reg.GetCancelledBy(), CheckInCode: reg.GetCheckInCode()}
	tq := url.Values{"token": {token}}.Encode()
	base := "/aanmelding/" + url.PathEscape(p.ID)
	p.ManageURL = base + "?" + tq
	p.CancelURL = base + "/afmelden?" + tq
	api := "/api/v1/registrations/" + url.PathEscape(p.ID)
	p.CalendarURL = api + "/calendar.ics?" + tq
	p.QRURL = api + "/qr?" + tq + "&format=svg"

	p.Event = eventSummary{ID: reg.GetEventId(), Gone: true}
	ev, err := h.events.GetEvent(ctx, &eventsv1.GetEventRequest{EventId: reg.GetEventId()})
	switch status.Code(err) {
	case codes.OK:
		e := ev.GetEvent()
		dir, err := h.directory.forEvents(ctx, e)
		if err != nil {
			return managePage{}, err
		}
		w := registrationWindow(e, h.now())
		p.Event = eventSummary{ID: e.GetId(), Title: e.GetTitle(), When: l.Span(e.GetStartsAt().AsTime(), e.GetEndsAt().AsTime()),
			Start: machineTime(e.GetStartsAt().AsTime()), Place: fullPlace(dir, e),
			Cancelled: w == windowCancelled, Over: w == windowOver}
	case codes.NotFound:
	default:
		return managePage{}, fmt.Errorf("get event: %w", err)
	}
	p.CanCancel = p.Status != "cancelled" && !p.Event.Over && !p.Event.Cancelled
	return p, nil
}
