package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	ambassadorsv1 "plein.dev/proto/gen/plein/ambassadors/v1"
	eventsv1 "plein.dev/proto/gen/plein/events/v1"
	registrationsv1 "plein.dev/proto/gen/plein/registrations/v1"
)

// eventPage is the data of /evenementen/{eventId}: the event and its
// registration form.
type eventPage struct {
	ID          string
	Title       string
	Paragraphs  []string
	When        string
	Start       string
	End         string
	Place       place
	Programme   string
	Themes      []string
	Hosts       []*ambassadorsv1.Ambassador
	Access      *eventsv1.Accessibility
	Seats       seatsView
	InviteOnly  bool
	Cancelled   bool
	Reason      string
	Window      window
	OpensOn     string
	CalendarURL string
	Form        form
	eventContent
}

// seatsView are the seat counts shown, and the phrases the live-update
// script fills in ({n} for the number).
type seatsView struct {
	Capacity  int
	Free      int
	Waitlist  int
	Full      bool
	FreeOne   string
	FreeOther string
	FullText  string
}

// RegistrationOpen and the like let the template ask about the window.
func (p eventPage) RegistrationOpen() bool { return p.Window == windowOpen }
func (p eventPage) NotYetOpen() bool       { return p.Window == windowNotYet }
func (p eventPage) Closed() bool           { return p.Window == windowClosed }
func (p eventPage) Over() bool             { return p.Window == windowOver }

// errNotVisible means the event does not exist for a visitor.
var errNotVisible = errors.New("event not visible")

// event serves GET /evenementen/{eventId}.
func (h *Handler) event(w http.ResponseWriter, r *http.Request) {
	l := h.lang(w, r)
	code := r.URL.Query().Get("code")
	p, err := h.loadEvent(r.Context(), l, r.PathValue("eventId"), code)
	switch {
	case errors.Is(err, errNotVisible):
		h.fail(w, r, http.StatusNotFound, "error.eventNotFound")
		return
	case err != nil:
		h.serviceFailed(w, r, "event", err)
		return
	}
	p.Form.Values.InviteCode = code
	p.Form.CSRF = h.csrfToken(w, r)
	p.Form.Action = formAction(r)
	h.renderIn(w, r, l, http.StatusOK, "event", p)
}

// formAction is where the form posts: this page, keeping an explicit
// language choice.
func formAction(r *http.Request) string {
	if lang := r.URL.Query().Get("lang"); lang != "" {
		return r.URL.Path + "?" + url.Values{"lang": {lang}}.Encode()
	}
	return r.URL.Path
}

// loadEvent reads the event, its seats, questions and hosts. inviteCode
// opens the questions of an invite-only event.
func (h *Handler) loadEvent(ctx context.Context, l *Lang, id, inviteCode string) (eventPage, error) {
	resp, err := h.events.GetEvent(ctx, &eventsv1.GetEventRequest{EventId: id})
	if err != nil {
		if c := status.Code(err); c == codes.NotFound || c == codes.InvalidArgument {
			return eventPage{}, errNotVisible
		}
		return eventPage{}, fmt.Errorf("get event %s: %w", id, err)
	}
	e := resp.GetEvent()
	p := eventPage{ID: e.GetId(), Title: e.GetTitle(), Paragraphs: paragraphs(e.GetDescription()),
		When: l.Span(e.GetStartsAt().AsTime(), e.GetEndsAt().AsTime()), Start: machineTime(e.GetStartsAt().AsTime()),
		End: machineTime(e.GetEndsAt().AsTime()), Themes: e.GetThemes(), Access: e.GetAccessibility(),
		InviteOnly: e.GetVisibility() == "invite-only", Cancelled: e.GetStatus() == "cancelled",
		Reason: e.GetCancellationReason(), Window: registrationWindow(e, h.now()),
		CalendarURL: "/api/v1/events/" + url.PathEscape(e.GetId()) + "/calendar.ics"}
	p.loadContent(l, e) // eventcontent.go
	if p.Window == windowNotYet {
		at := e.GetRegistrationOpensAt().AsTime()
		p.OpensOn = l.Date(at) + " " + l.Clock(at)
	}
	p.Seats = seatsView{Capacity: int(e.GetCapacity()), Free: max(0, int(e.GetCapacity()-e.GetSeatsTaken())),
		Waitlist: int(e.GetWaitlistLength())}

	var wg sync.WaitGroup
	var dir *listing
	var dirErr error
	wg.Go(func() { dir, dirErr = h.directory.forEvents(ctx, e) })
	wg.Go(func() {
		s, err := h.registrations.GetSeats(ctx, &registrationsv1.GetSeatsRequest{EventId: id})
		if err == nil { // the event's own counts are a fine fallback
			p.Seats.Capacity, p.Seats.Free = int(s.GetSeats().GetCapacity()), int(s.GetSeats().GetSeatsFree())
			p.Seats.Waitlist = int(s.GetSeats().GetWaitlistLength())
		}
	})
	wg.Go(func() {
		qs, err := h.registrations.ListEventQuestions(ctx, &registrationsv1.ListEventQuestionsRequest{EventId: id, InviteCode: inviteCode})
		if err == nil { // without the invite code, the questions come with it
			for _, q := range qs.GetItems() {
				p.Form.Questions = append(p.Form.Questions, newQuestion(q))
			}
		}
	})
	hosts := make([]*ambassadorsv1.Ambassador, len(e.GetHostAmbassadorIds()))
	for i, aid := range e.GetHostAmbassadorIds() {
		wg.Go(func() {
			if a, err := h.ambassadors.GetAmbassador(ctx, &ambassadorsv1.GetAmbassadorRequest{AmbassadorId: aid}); err == nil {
				hosts[i] = a.GetAmbassador()
			}
		})
	}
	wg.Wait()
	if dirErr != nil {
		return eventPage{}, dirErr
	}
	for _, a := range hosts {
		if a != nil {
			p.Hosts = append(p.Hosts, a)
		}
	}
	p.Seats.Full = p.Seats.Free == 0
	p.Seats.FreeOne = l.pattern("seats.free", 1)
	p.Seats.FreeOther = l.pattern("seats.free", 2)
	p.Seats.FullText = l.T("seats.full")
	p.Place = fullPlace(dir, e)
	if pr := dir.programme[e.GetProgrammeId()]; pr != nil {
		p.Programme = pr.GetName()
	}
	return p, nil
}

// paragraphs splits plain text at blank lines.
func paragraphs(s string) []string {
	var out []string
	for _, p := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n\n") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}
