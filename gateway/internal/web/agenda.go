package web

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/url"
	"regexp"
	"time"

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

// cursor is where the next page of the agenda starts: the events
// service's page token and how many of that page were shown already.
type cursor struct {
	Token string `json:"t,omitempty"`
	Skip  int    `json:"s,omitempty"`
}

func (c cursor) encode() string {
	raw, _ := json.Marshal(c) // a struct of a string and an int always marshals
	return base64.RawURLEncoding.EncodeToString(raw)
}

func decodeCursor(s string) (cursor, bool) {
	var c cursor
	if s == "" {
		return c, true
	}
	raw, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil || json.Unmarshal(raw, &c) != nil || c.Skip < 0 || c.Skip > 200 {
		return cursor{}, false
	}
	return c, true
}

const (
	// agendaBatch is how many events are read at a time when the
	// gateway filters (by venue) itself.
	agendaBatch = 200
	// agendaBatches bounds the reads for one page.
	agendaBatches = 10
)

// agenda returns up to size upcoming published public events that pass f,
// in start order, and the token of the next page ("" at the end). The
// events service filters by programme, theme, words and time; the venue
// is filtered here by the venue's rooms, which is why a page may take
// more than one read and a cursor can point into the middle of one.
func (h *Handler) agenda(ctx context.Context, dir *listing, f filter, size int) ([]*eventsv1.Event, string, error) {
	cur, ok := decodeCursor(f.PageToken)
	if !ok {
		cur = cursor{}
	}
	now := h.now()
	req := &eventsv1.ListEventsRequest{From: timestamppb.New(now), ProgrammeId: f.ProgrammeID, Theme: f.Theme,
		Q: f.Q, Status: "published", PageSize: int32(size)}
	if f.Month != "" {
		start, _ := time.ParseInLocation("2006-01", f.Month, zone.Amsterdam) // checked by parseFilter
		if start.After(now) {
			req.From = timestamppb.New(start)
		}
		req.To = timestamppb.New(start.AddDate(0, 1, 0))
	}
	match := func(*eventsv1.Event) bool { return true }
	if f.VenueID != "" {
		req.PageSize = agendaBatch
		match = func(e *eventsv1.Event) bool {
			v := dir.roomVenue[e.GetRoomId()]
			return v != nil && v.GetId() == f.VenueID
		}
	}
	var out []*eventsv1.Event
	token, skip := cur.Token, cur.Skip
	for range agendaBatches {
		req.PageToken = token
		resp, err := h.events.ListEvents(ctx, req)
		if err != nil {
			return nil, "", fmt.Errorf("list events: %w", err)
		}
		items := resp.GetItems()
		if skip > len(items) {
			skip = len(items)
		}
		for i, e := range items[skip:] {
			if !match(e) {
				continue
			}
			if len(out) == size {
				return out, cursor{Token: token, Skip: skip + i}.encode(), nil
			}
			out = append(out, e)
		}
		skip = 0
		if token = resp.GetNextPageToken(); token == "" {
			return out, "", nil
		}
		if len(out) == size {
			break
		}
	}
	return out, cursor{Token: token}.encode(), nil
}
