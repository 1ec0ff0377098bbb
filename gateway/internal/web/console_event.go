package web

import (
	"errors"
	"net/http"
	"net/url"
	"time"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	eventsv1 "plein.dev/proto/gen/plein/events/v1"
)

// newEvent serves GET /beheer/evenementen/nieuw. The query may prefill the
// form (roomId, startsAt, endsAt: a free slot chosen on the rooms page).
func (h *Handler) newEvent(w http.ResponseWriter, r *http.Request, s *session) {
	l := h.lang(w, r)
	q := r.URL.Query()
	values := url.Values{"visibility": {"public"}}
	for _, k := range []string{"roomId", "startsAt", "endsAt", "programmeId"} {
		if v := q.Get(k); v != "" {
			values.Set(k, v)
		}
	}
	p := eventFormPage{Form: newEntry(values, eventFields...), Action: "/beheer/evenementen/nieuw"}
	if err := h.formOptions(r.Context(), l, &p); err != nil {
		h.staffFailed(w, r, "new event", err)
		return
	}
	h.renderStaff(w, r, s, http.StatusOK, "console/event", p)
}

// createEvent serves POST /beheer/evenementen/nieuw: the event is created
// as a draft and its page opens; a refusal shows the form again with the
// reasons by its fields, a room conflict with the other event and the
// room's free slots.
func (h *Handler) createEvent(w http.ResponseWriter, r *http.Request, s *session) {
	l := h.lang(w, r)
	ctx := r.Context()
	p := eventFormPage{Form: newEntry(r.PostForm, eventFields...), Action: "/beheer/evenementen/nieuw"}
	useSlot(p.Form)
	in := readEvent(l, p.Form)
	if err := h.checkOwner(ctx, l, p.Form, in); err != nil {
		h.staffFailed(w, r, "create event", err)
		return
	}
	if !p.Form.Invalid() {
		resp, err := h.events.CreateEvent(ctx, in.create())
		if err == nil {
			http.Redirect(w, r, "/beheer/evenementen/"+url.PathEscape(resp.GetEvent().GetId())+"?melding=aangemaakt", http.StatusSeeOther)
			return
		}
		if !h.eventRefused(w, r, l, &p, "", in, err) {
			return
		}
	}
	if err := h.formOptions(ctx, l, &p); err != nil {
		h.staffFailed(w, r, "create event", err)
		return
	}
	h.renderStaff(w, r, s, http.StatusUnprocessableEntity, "console/event", p)
}

// eventRefused puts the service's refusal of an event form into the page;
// false means it answered the request itself.
func (h *Handler) eventRefused(w http.ResponseWriter, r *http.Request, l *Lang, p *eventFormPage, id string, in eventInput, err error) bool {
	if status.Code(err) == codes.AlreadyExists && in.RoomID != "" {
		c, cerr := h.conflictAt(r.Context(), l, id, in)
		if cerr != nil {
			h.staffFailed(w, r, "room conflict", cerr)
			return false
		}
		if c != nil {
			p.Conflict = c
			p.Form.fail("roomId", l.T("editor.error.roomTaken", "Title", c.Title, "When", c.When))
			return true
		}
	}
	if !rowsRefused(l, p.Form, err, "editor.error.", eventGroups) {
		h.staffFailed(w, r, "save event", err)
		return false
	}
	return true
}

// loadEvent reads an event as the organiser sees it, for its pages.
func (h *Handler) consoleEvent(r *http.Request, l *Lang, id string) (*eventsv1.Event, *eventView, error) {
	resp, err := h.events.GetEvent(r.Context(), &eventsv1.GetEventRequest{EventId: id})
	if err != nil {
		return nil, nil, err
	}
	e := resp.GetEvent()
	now := h.now()
	v := &eventView{ID: e.GetId(), Title: e.GetTitle(), Status: e.GetStatus(),
		When: l.Span(e.GetStartsAt().AsTime(), e.GetEndsAt().AsTime()), Seats: int(e.GetSeatsTaken()),
		Capacity: int(e.GetCapacity()), Waitlist: int(e.GetWaitlistLength()), InviteCode: e.GetInviteCode(),
		Recurrence: e.GetRecurrence(), CancellationReason: e.GetCancellationReason()}
	v.CanPublish = e.GetStatus() == "draft"
	v.CanCancel = e.GetStatus() == "draft" || e.GetStatus() == "published"
	v.CanComplete = e.GetStatus() == "published" && now.After(e.GetStartsAt().AsTime())
	v.Public = e.GetStatus() == "published" && e.GetVisibility() != "internal"
	v.PostNote = e.GetPostNote()
	v.CanNote = e.GetStatus() == "completed" || (e.GetStatus() == "published" && now.After(e.GetStartsAt().AsTime()))
	return e, v, nil
}

var eventNotices = []string{"aangemaakt", "opgeslagen", "gepubliceerd", "geannuleerd", "afgerond", "verslag"}

// editEvent serves GET /beheer/evenementen/{eventId}: the event's form,
// its state and what can be done with it.
func (h *Handler) editEvent(w http.ResponseWriter, r *http.Request, s *session) {
	l := h.lang(w, r)
	id := r.PathValue("eventId")
	e, v, err := h.consoleEvent(r, l, id)
	if err != nil {
		h.staffFailed(w, r, "event", err)
		return
	}
	p := eventFormPage{Form: newEntry(eventValues(e), eventFields...), Event: v,
		Action: "/beheer/evenementen/" + url.PathEscape(id), Notice: notice(r, eventNotices...)}
	if err := h.formOptions(r.Context(), l, &p); err != nil {
		h.staffFailed(w, r, "event", err)
		return
	}
	h.renderStaff(w, r, s, http.StatusOK, "console/event", p)
}

// updateEvent serves POST /beheer/evenementen/{eventId}: the changes are
// saved, or the form shows why not.
func (h *Handler) updateEvent(w http.ResponseWriter, r *http.Request, s *session) {
	l := h.lang(w, r)
	id := r.PathValue("eventId")
	_, v, err := h.consoleEvent(r, l, id)
	if err != nil {
		h.staffFailed(w, r, "event", err)
		return
	}
	p := eventFormPage{Form: newEntry(r.PostForm, eventFields...), Event: v, Action: "/beheer/evenementen/" + url.PathEscape(id)}
	useSlot(p.Form)
	in := readEvent(l, p.Form)
	if err := h.checkOwner(r.Context(), l, p.Form, in); err != nil {
		h.staffFailed(w, r, "update event", err)
		return
	}
	if !p.Form.Invalid() {
		_, err := h.events.UpdateEvent(r.Context(), in.update(id))
		if err == nil {
			http.Redirect(w, r, p.Action+"?melding=opgeslagen", http.StatusSeeOther)
			return
		}
		if !h.eventRefused(w, r, l, &p, id, in, err) {
			return
		}
	}
	if err := h.formOptions(r.Context(), l, &p); err != nil {
		h.staffFailed(w, r, "event", err)
		return
	}
	h.renderStaff(w, r, s, http.StatusUnprocessableEntity, "console/event", p)
}

// eventAction runs a state change of an event and goes back to its page
// with a notice; a refusal is shown on the page.
func (h *Handler) eventAction(w http.ResponseWriter, r *http.Request, s *session, done string, call func(id string) error) {
	id := r.PathValue("eventId")
	err := call(id)
	if err == nil {
		http.Redirect(w, r, "/beheer/evenementen/"+url.PathEscape(id)+"?melding="+done, http.StatusSeeOther)
		return
	}
	l := h.lang(w, r)
	e, v, gerr := h.consoleEvent(r, l, id)
	if gerr != nil {
		h.staffFailed(w, r, "event", errors.Join(err, gerr))
		return
	}
	p := eventFormPage{Form: newEntry(eventValues(e), eventFields...), Event: v, Action: "/beheer/evenementen/" + url.PathEscape(id)}
	if !refused(l, p.Form, err, "editor.error.") {
		h.staffFailed(w, r, "event "+done, err)
		return
	}
	if err := h.formOptions(r.Context(), l, &p); err != nil {
		h.staffFailed(w, r, "event", err)
		return
	}
	h.renderStaff(w, r, s, http.StatusUnprocessableEntity, "console/event", p)
}

// publishEvent serves POST /beheer/evenementen/{eventId}/publiceren.
func (h *Handler) publishEvent(w http.ResponseWriter, r *http.Request, s *session) {
	h.eventAction(w, r, s, "gepubliceerd", func(id string) error {
		_, err := h.events.PublishEvent(r.Context(), &eventsv1.PublishEventRequest{EventId: id})
		return err
	})
}

// completeEvent serves POST /beheer/evenementen/{eventId}/afronden.
func (h *Handler) completeEvent(w http.ResponseWriter, r *http.Request, s *session) {
	h.eventAction(w, r, s, "afgerond", func(id string) error {
		_, err := h.events.CompleteEvent(r.Context(), &eventsv1.CompleteEventRequest{EventId: id})
		return err
	})
}

// cancelEventPage is the data of the step that cancels an event.
type cancelEventPage struct {
	Event *eventView
	Form  *entry
}

// confirmCancelEvent serves GET /beheer/evenementen/{eventId}/annuleren:
// the step that asks for the reason and confirmation.
func (h *Handler) confirmCancelEvent(w http.ResponseWriter, r *http.Request, s *session) {
	l := h.lang(w, r)
	_, v, err := h.consoleEvent(r, l, r.PathValue("eventId"))
	if err != nil {
		h.staffFailed(w, r, "event", err)
		return
	}
	h.renderStaff(w, r, s, http.StatusOK, "console/cancel-event", cancelEventPage{Event: v, Form: newEntry(nil, "reason")})
}

// cancelEvent serves POST /beheer/evenementen/{eventId}/annuleren (field
// reason): attendees are told, with the reason.
func (h *Handler) cancelEvent(w http.ResponseWriter, r *http.Request, s *session) {
	reason := r.PostForm.Get("reason")
	h.eventAction(w, r, s, "geannuleerd", func(id string) error {
		_, err := h.events.CancelEvent(r.Context(), &eventsv1.CancelEventRequest{EventId: id, Reason: reason})
		return err
	})
}

// weekAhead is how far the overview and lists look by default.
const weekAhead = 7 * 24 * time.Hour
