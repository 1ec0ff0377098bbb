package bench

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"time"
)

// Listing is the event listing (GET /api/v1/events) measured on a large
// catalogue: plein stopped, its files seeded, plein started again.
type Listing struct {
	Seeded Seeded `json:"seeded"`
	// ReadySeconds and IdleRSSMB are plein's on the seeded files.
	ReadySeconds float64 `json:"readySeconds"`
	IdleRSSMB    float64 `json:"idleRssMB"`
	Clients      int     `json:"clients"`
	Seconds      float64 `json:"secondsPerFilter"`
	// TargetP99Ms is the bound on every filter's p99.
	TargetP99Ms float64      `json:"targetP99Ms"`
	Filters     []ListFilter `json:"filters"`
}

// ListFilter is one listing request, repeated by Clients for Seconds.
type ListFilter struct {
	Caller string `json:"caller"` // anonymous or organiser
	Name   string `json:"name"`
	Query  string `json:"query"`
	// Fresh filters ask a different question with every request (the
	// query's from moves on a second each time), so that no answer is a
	// copy the gateway kept: the cost of reading the listing.
	Fresh bool `json:"fresh,omitempty"`
	// Items is how many events the page held (page size 50).
	Items int `json:"items"`
	Summary
}

const listingTargetP99Ms = 20

// listFilters are the listing's filters as a visitor's or an organiser's
// page asks for them, with now as the present.
func listFilters(s Seeded, now time.Time) []ListFilter {
	ts := func(t time.Time) string { return t.UTC().Format(time.RFC3339) }
	from := ts(now)
	q := func(kv ...string) string {
		v := url.Values{}
		for i := 0; i < len(kv); i += 2 {
			v.Set(kv[i], kv[i+1])
		}
		return v.Encode()
	}
	var out []ListFilter
	for _, caller := range []string{"anonymous", "organiser"} {
		add := func(name, query string) {
			out = append(out, ListFilter{Caller: caller, Name: name, Query: query})
		}
		add("upcoming", q("from", from))
		out = append(out, ListFilter{Caller: caller, Name: "upcoming, a new from each time", Query: q("from", from), Fresh: true})
		add("date range (a month)", q("from", ts(now.AddDate(0, 1, 0)), "to", ts(now.AddDate(0, 2, 0))))
		add("programme, upcoming", q("programmeId", s.Programme, "from", from))
		add("venue, upcoming", q("venueId", s.Venue, "from", from))
		add("theme, upcoming", q("theme", seedThemes[0], "from", from))
		add("text search q", q("q", s.Word))
		add("upcoming, page 2", q("from", from)) // the cursor is added once page 1 is read
		if caller == "organiser" {
			add("status draft", q("status", "draft"))
			add("everything", "")
		}
	}
	return out
}

// measureListing runs every filter of listFilters with clients concurrent
// callers for d each; org is an organiser's client, anon a visitor's.
func measureListing(ctx context.Context, org, anon *api, s Seeded, clients int, d time.Duration, now time.Time) ([]ListFilter, error) {
	filters := listFilters(s, now)
	for i := range filters {
		f := &filters[i]
		c := anon
		if f.Caller == "organiser" {
			c = org
		}
		var page struct {
			Items         []struct{ ID string } `json:"items"`
			NextPageToken string                `json:"nextPageToken"`
		}
		if err := c.call(ctx, "GET", "/api/v1/events?"+f.Query, nil, http.StatusOK, &page); err != nil {
			return filters, fmt.Errorf("listing %s (%s): %w", f.Name, f.Caller, err)
		}
		if f.Name == "upcoming, page 2" {
			if page.NextPageToken == "" {
				return filters, fmt.Errorf("listing %s (%s): no second page", f.Name, f.Caller)
			}
			f.Query += "&" + url.Values{"pageToken": {page.NextPageToken}}.Encode()
			if err := c.call(ctx, "GET", "/api/v1/events?"+f.Query, nil, http.StatusOK, &page); err != nil {
				return filters, fmt.Errorf("listing %s (%s): %w", f.Name, f.Caller, err)
			}
		}
		f.Items = len(page.Items)
		path := "/api/v1/events?" + f.Query
		fresh := f.Fresh
		f.Summary = runLoad(ctx, load{clients: clients, duration: d}, func(ctx context.Context, _, seq int) error {
			if fresh {
				from := now.Add(time.Duration(seq+1) * time.Second).UTC().Format(time.RFC3339)
				return c.send(ctx, "GET", "/api/v1/events?"+url.Values{"from": {from}}.Encode(), nil, http.StatusOK, nil)
			}
			return c.send(ctx, "GET", path, nil, http.StatusOK, nil)
		})
		if ctx.Err() != nil {
			return filters, ctx.Err()
		}
	}
	return filters, nil
}
