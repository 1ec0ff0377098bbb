package web

import (
	"context"
	"net/http"
	"net/url"
	"slices"

	"google.golang.org/protobuf/types/known/timestamppb"

	eventsv1 "plein.dev/proto/gen/plein/events/v1"
)

// eventRow is an event in the console's lists.
type eventRow struct {
	ID, Title, When, Start, Place, Status, Visibility string
	Seats, Capacity, Waitlist                         int
}

func (h *Handler) eventRow(l *Lang, dir *listing, e *eventsv1.Event) eventRow {
	return eventRow{ID: e.GetId(), Title: e.GetTitle(), When: l.Span(e.GetStartsAt().AsTime(), e.GetEndsAt().AsTime()),
		Start: machineTime(e.GetStartsAt().AsTime()), Place: roomPlace(dir, e), Status: e.GetStatus(),
		Visibility: e.GetVisibility(), Seats: int(e.GetSeatsTaken()), Capacity: int(e.GetCapacity()),
		Waitlist: int(e.GetWaitlistLength())}
}

// roomPlace is the venue and room, or the event's own location.
func roomPlace(dir *listing, e *eventsv1.Event) string {
	if v := dir.roomVenue[e.GetRoomId()]; v != nil {
		return joinNonEmpty(", ", v.GetName(), dir.room[e.GetRoomId()].GetName())
	}
	return e.GetLocation()
}

// eventStatuses are the values of the status filter.
var eventStatuses = []string{"proposed", "draft", "published", "cancelled", "completed", "declined"}

// eventListPage is the data of /beheer/evenementen.
type eventListPage struct {
	Filter     *entry
	Statuses   []option
	Programmes []option
	Events     []eventRow
	Next       string
}

// eventList serves GET /beheer/evenementen: every event, drafts and
// internal ones too, filtered by q, status, programmeId, from and to
// (dates); from today on when no date is given.
func (h *Handler) eventList(w http.ResponseWriter, r *http.Request, s *session) {
	l := h.lang(w, r)
	ctx := r.Context()
	q := r.URL.Query()
	f := newEntry(q, "q", "status", "programmeId", "from", "to")
	req := &eventsv1.ListEventsRequest{Q: f.Value("q"), Status: f.Value("status"), ProgrammeId: f.Value("programmeId"),
		PageSize: 50, PageToken: q.Get("pageToken")}
	from, ok := parseDate(f.Value("from"))
	if !ok {
		from = dayStart(h.now())
		if f.Value("from") != "" {
			f.fail("from", l.T("console.error.date"))
		}
		f.Values.Set("from", from.Format(dateLayout))
	}
	req.From = timestamppb.New(from)
	if to, ok := parseDate(f.Value("to")); ok {
		req.To = timestamppb.New(to.AddDate(0, 0, 1))
	} else if f.Value("to") != "" {
		f.fail("to", l.T("console.error.date"))
	}
	if !slices.Contains(eventStatuses, req.Status) {
		req.Status = ""
	}
	resp, err := h.events.ListEvents(ctx, req)
	if err != nil {
		h.staffFailed(w, r, "event list", err)
		return
	}
	dir, err := h.directory.forEvents(ctx, resp.GetItems()...)
	if err != nil {
		h.staffFailed(w, r, "event list", err)
		return
	}
	p := eventListPage{Filter: f, Statuses: []option{{Value: "", Label: l.T("events.allStatuses")}},
		Programmes: []option{{Value: "", Label: l.T("filter.allProgrammes")}}}
	for _, st := range eventStatuses {
		p.Statuses = append(p.Statuses, option{Value: st, Label: l.T("status." + st)})
	}
	for _, pr := range managedProgrammes(r.Context(), dir.programmes) {
		p.Programmes = append(p.Programmes, option{Value: pr.GetId(), Label: pr.GetName()})
	}
	for _, e := range resp.GetItems() {
		p.Events = append(p.Events, h.eventRow(l, dir, e))
	}
	if next := resp.GetNextPageToken(); next != "" {
		nq := url.Values{}
		for k, v := range q {
			nq[k] = v
		}
		nq.Set("pageToken", next)
		p.Next = "/beheer/evenementen?" + nq.Encode()
	}
	h.renderStaff(w, r, s, http.StatusOK, "console/events", p)
}

// listAll reads the events of a request, up to pages pages of 200.
func (h *Handler) listAll(ctx context.Context, req *eventsv1.ListEventsRequest, pages int) ([]*eventsv1.Event, error) {
	var out []*eventsv1.Event
	req.PageSize = 200
	for range pages {
		resp, err := h.events.ListEvents(ctx, req)
		if err != nil {
			return nil, err
		}
		out = append(out, resp.GetItems()...)
		if req.PageToken = resp.GetNextPageToken(); req.PageToken == "" {
			break
		}
	}
	return out, nil
}
