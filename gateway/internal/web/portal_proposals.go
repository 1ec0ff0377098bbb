package web

import (
	"net/http"
	"strconv"
	"strings"

	"google.golang.org/protobuf/types/known/timestamppb"

	eventsv1 "plein.dev/proto/gen/plein/events/v1"
)

// proposalFields are the proposal form's fields in form order.
var proposalFields = []string{"title", "description", "location", "startsAt", "endsAt", "capacity"}

// proposalPage is the data of /ambassadeur/evenementen/voorstellen.
type proposalPage struct {
	Term term
	Form *entry
}

// newProposal serves GET /ambassadeur/evenementen/voorstellen: the form
// to propose an event, which an organiser then takes on or declines.
func (h *Handler) newProposal(w http.ResponseWriter, r *http.Request, s *session, l *Lang, t term) {
	h.renderStaff(w, r, s, http.StatusOK, "portal/propose", proposalPage{Term: t, Form: newEntry(nil, proposalFields...)})
}

// propose serves POST /ambassadeur/evenementen/voorstellen (fields title,
// description, location, startsAt, endsAt as datetime-local in
// Europe/Amsterdam, capacity): an event of the ambassador's programme,
// hosted by them, proposed to the organisers.
func (h *Handler) propose(w http.ResponseWriter, r *http.Request, s *session, l *Lang, t term) {
	ctx := r.Context()
	f := newEntry(r.PostForm, proposalFields...)
	p := proposalPage{Term: t, Form: f}
	if !t.Open {
		f.General = l.T("portal.termClosed")
		h.renderStaff(w, r, s, http.StatusUnprocessableEntity, "portal/propose", p)
		return
	}
	req := &eventsv1.ProposeEventRequest{Title: strings.TrimSpace(f.Value("title")),
		Description: strings.TrimSpace(f.Values.Get("description")), HostAmbassadorIds: []string{s.User.AmbassadorID}}
	if id := t.Programme.GetId(); id != "" {
		req.ProgrammeId = &id
	}
	if req.Title == "" {
		f.fail("title", l.T("proposal.error.title"))
	}
	if loc := strings.TrimSpace(f.Value("location")); loc != "" {
		req.Location = &loc
	} else {
		f.fail("location", l.T("proposal.error.location"))
	}
	starts, okStart := parseLocal(f.Value("startsAt"))
	if !okStart {
		f.fail("startsAt", l.T("proposal.error.startsAt"))
	}
	ends, okEnd := parseLocal(f.Value("endsAt"))
	if !okEnd || (okStart && !ends.After(starts)) {
		f.fail("endsAt", l.T("proposal.error.endsAt"))
	}
	req.StartsAt, req.EndsAt = timestamppb.New(starts), timestamppb.New(ends)
	if n, err := strconv.ParseInt(f.Value("capacity"), 10, 32); err != nil || n < 1 || n > 100000 {
		f.fail("capacity", l.T("proposal.error.capacity"))
	} else {
		c := int32(n)
		req.Capacity = &c
	}
	if !f.Invalid() {
		_, err := h.events.ProposeEvent(ctx, req)
		if h.portalAnswered(w, r, l, f, err, "voorgesteld", "proposal.error.") {
			return
		}
	}
	h.renderStaff(w, r, s, http.StatusUnprocessableEntity, "portal/propose", p)
}
