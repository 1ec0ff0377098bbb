package web

import (
	"context"
	"fmt"
	"net/url"
	"regexp"
	"time"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/timestamppb"

	"plein.dev/platform/zone"
	eventsv1 "plein.dev/proto/gen/plein/events/v1"
)

// The agenda is the list of upcoming public events behind /, /embed and
// /evenementen.atom, with the same filters on all three. The query
// parameters carry the API's names.

// filter is what a visitor narrows the agenda to.
type filter struct {
	ProgrammeID string
	Theme       string
	VenueID     string
	// Month is "YYYY-MM".
	Month     string
	Q         string
	PageToken string
}

var monthPattern = regexp.MustCompile(`^[0-9]{4}-(0[1-9]|1[0-2])$`)

// maxQuery bounds the search words, as the events service does.
const maxQuery = 200

func parseFilter(q url.Values) filter {
	f := filter{ProgrammeID: q.Get("programmeId"), Theme: q.Get("theme"), VenueID: q.Get("venueId"),
		Month: q.Get("month"), Q: q.Get("q"), PageToken: q.Get("pageToken")}
	if !monthPattern.MatchString(f.Month) {
		f.Month = ""
	}
	if r := []rune(f.Q); len(r) > maxQuery {
		f.Q = string(r[:maxQuery])
	}
	return f
}

// query returns the filter as query parameters, without the page token.
func (f filter) query() url.Values {
	q := url.Values{}
	for k, v := range map[string]string{"programmeId": f.ProgrammeID, "theme": f.Theme, "venueId": f.VenueID,
		"month": f.Month, "q": f.Q} {
		if v != "" {
			q.Set(k, v)
		}
	}
	return q
}

// Active reports whether any filter is set.
func (f filter) Active() bool { return len(f.query()) > 0 }

// agenda returns up to size upcoming published public events that pass f,
// in start order, and the token of the next page ("" at the end). The
// events service does all the filtering; a page token it no longer
// accepts starts the agenda from the beginning.
func (h *Handler) agenda(ctx context.Context, f filter, size int) ([]*eventsv1.Event, string, error) {
	now := h.now()
	req := &eventsv1.ListEventsRequest{From: timestamppb.New(now), ProgrammeId: f.ProgrammeID, Theme: f.Theme,
		VenueId: f.VenueID, Q: f.Q, Status: "published", PageSize: int32(size), PageToken: f.PageToken}
	if f.Month != "" {
		start, _ := time.ParseInLocation("2006-01", f.Month, zone.Amsterdam) // checked by parseFilter
		if start.After(now) {
			req.From = timestamppb.New(start)
		}
		req.To = timestamppb.New(start.AddDate(0, 1, 0))
	}
	resp, err := h.events.ListEvents(ctx, req)
	if status.Code(err) == codes.InvalidArgument && req.PageToken != "" {
		req.PageToken = ""
		resp, err = h.events.ListEvents(ctx, req)
	}
	if err != nil {
		return nil, "", fmt.Errorf("list events: %w", err)
	}
	return resp.GetItems(), resp.GetNextPageToken(), nil
}
