package web

import (
	"net/http"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/timestamppb"

	eventsv1 "plein.dev/proto/gen/plein/events/v1"
)

// overviewPage is the data of /beheer.
type overviewPage struct {
	// Week holds the events of the coming seven days, Today those that
	// take a room today.
	Week      []eventRow
	Today     []eventRow
	Proposals []eventRow
	// Pending counts the activities awaiting review, NewIdeas the ideas
	// awaiting triage (when Ideas: the ambassadors service answers them).
	Pending, NewIdeas int
	Ideas             bool
}

// overview serves GET /beheer: the week ahead with seats taken, capacity
// and waiting lists, the rooms in use today, the events ambassadors
// proposed, the activities waiting for review and the new ideas.
func (h *Handler) overview(w http.ResponseWriter, r *http.Request, s *session) {
	l := h.lang(w, r)
	ctx := r.Context()
	today := dayStart(h.now())
	week, err := h.listAll(ctx, &eventsv1.ListEventsRequest{From: timestamppb.New(today),
		To: timestamppb.New(today.Add(weekAhead))}, 5)
	if err != nil {
		h.staffFailed(w, r, "overview", err)
		return
	}
	proposals, err := h.listAll(ctx, &eventsv1.ListEventsRequest{Status: "proposed", From: timestamppb.New(today)}, 1)
	if err != nil {
		h.staffFailed(w, r, "overview", err)
		return
	}
	queue, err := h.pendingActivities(ctx, l)
	if err != nil {
		h.staffFailed(w, r, "overview", err)
		return
	}
	ideas, err := h.newIdeas(ctx) // console_ideas.go
	answered := status.Code(err) != codes.Unimplemented
	if err != nil && answered {
		h.staffFailed(w, r, "overview", err)
		return
	}
	dir, err := h.directory.forEvents(ctx, append(week, proposals...)...)
	if err != nil {
		h.staffFailed(w, r, "overview", err)
		return
	}
	p := overviewPage{Pending: len(queue), NewIdeas: ideas, Ideas: answered}
	tomorrow := today.AddDate(0, 0, 1)
	for _, e := range week {
		if e.GetStatus() == "proposed" || e.GetStatus() == "declined" {
			continue
		}
		row := h.eventRow(l, dir, e)
		p.Week = append(p.Week, row)
		if e.GetRoomId() != "" && e.GetStatus() != "cancelled" && e.GetStartsAt().AsTime().Before(tomorrow) {
			p.Today = append(p.Today, row)
		}
	}
	for _, e := range proposals {
		p.Proposals = append(p.Proposals, h.eventRow(l, dir, e))
	}
	h.renderStaff(w, r, s, http.StatusOK, "console/overview", p)
}
