package store

import (
	"context"
	"strings"
	"testing"
	"time"

	"plein.dev/events/internal/domain"
	"plein.dev/events/migrations"
	"plein.dev/platform/sqlite"
	"plein.dev/platform/testkit"
)

// plan returns SQLite's EXPLAIN QUERY PLAN of a query, one step a line.
func plan(t *testing.T, db *sqlite.DB, query string, args []any) string {
	t.Helper()
	var steps []struct {
		ID      int    `db:"id"`
		Parent  int    `db:"parent"`
		NotUsed int    `db:"notused"`
		Detail  string `db:"detail"`
	}
	if err := db.R.SelectContext(context.Background(), &steps, `EXPLAIN QUERY PLAN `+query, args...); err != nil {
		t.Fatalf("explain %s: %v", query, err)
	}
	lines := make([]string, len(steps))
	for i, s := range steps {
		lines[i] = s.Detail
	}
	return strings.Join(lines, "\n")
}

// TestRoomConflictPlan: the conflict check reads the room's bookings
// between two bounds on starts_at (near the new booking), not every
// booking before it.
func TestRoomConflictPlan(t *testing.T) {
	t.Parallel()
	db := testkit.DB(t, migrations.FS)
	from := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	q, args := bookingsQuery("r1", from, from.Add(time.Hour), "e1", `'draft', 'published'`)
	got := plan(t, db, q, args)
	t.Logf("room conflict:\n%s", got)
	for _, want := range []string{
		"SEARCH e USING INDEX events_room (room_id=? AND starts_at>? AND starts_at<?)",
		"SEARCH events USING COVERING INDEX events_room_length (room_id=?)",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("plan lacks %q:\n%s", want, got)
		}
	}
}

// TestListingPlans: every filter of the listing (and the calendar feed)
// is served by an index walked in (starts_at, id) order, so a page reads
// about as many rows as it shows: no step scans the table, and none sorts
// the matches unless the filter is a full-text search (whose matches are
// sorted, never the table).
func TestListingPlans(t *testing.T) {
	t.Parallel()
	db := testkit.DB(t, migrations.FS)
	from := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	to := from.AddDate(0, 1, 0)
	orgFeed := []domain.Status{domain.StatusDraft, domain.StatusPublished, domain.StatusCancelled, domain.StatusCompleted}
	cases := []struct {
		name string
		q    EventQuery
		want string
		sort bool
	}{
		{"everything", EventQuery{}, "SCAN e USING INDEX events_starts", false},
		{"from", EventQuery{From: &from}, "SEARCH e USING INDEX events_starts (starts_at>?)", false},
		{"to", EventQuery{To: &to}, "SEARCH e USING INDEX events_starts (starts_at<?)", false},
		{"from and to", EventQuery{From: &from, To: &to}, "SEARCH e USING INDEX events_starts (starts_at>? AND starts_at<?)", false},
		{"programme", EventQuery{ProgrammeID: "p1"}, "SEARCH e USING INDEX events_programme (programme_id=?)", false},
		{"theme", EventQuery{Theme: "innovatie"}, "SEARCH t USING PRIMARY KEY (theme=?)", false},
		{"theme from", EventQuery{Theme: "innovatie", From: &from}, "SEARCH t USING PRIMARY KEY (theme=? AND starts_at>?)", false},
		{"q", EventQuery{Text: "haven"}, "VIRTUAL TABLE INDEX", true},
		{"status", EventQuery{Status: domain.StatusDraft}, "SEARCH e USING INDEX events_status_start (status=?)", false},
		{"series", EventQuery{SeriesID: "s1"}, "SEARCH e USING INDEX events_series (series_id=?)", false},
		{"after a page", EventQuery{After: &EventKey{StartsAt: from, ID: "e1"}}, "SEARCH e USING INDEX events_starts ((starts_at,id)>(?,?))", false},
		{"public", EventQuery{Listed: true}, "SCAN e USING INDEX events_public", false},
		{"public from", EventQuery{Listed: true, From: &from}, "SEARCH e USING INDEX events_public (starts_at>?)", false},
		{"public programme", EventQuery{Listed: true, ProgrammeID: "p1"}, "SEARCH e USING INDEX events_programme (programme_id=?)", false},
		{"public theme", EventQuery{Listed: true, Theme: "innovatie"}, "SEARCH t USING PRIMARY KEY (theme=?)", false},
		{"public status", EventQuery{Listed: true, Status: domain.StatusCompleted}, "SEARCH e USING INDEX events_status_start (status=?)", false},
		{"public q", EventQuery{Listed: true, Text: "haven"}, "VIRTUAL TABLE INDEX", true},
		// A word in many events: the order's index walked, the matches a list.
		{"q, many matches", EventQuery{Text: "haven", manyMatches: true}, "SCAN e USING INDEX events_starts", false},
		{"public q, many matches", EventQuery{Listed: true, Text: "haven", manyMatches: true}, "SCAN e USING INDEX events_public", false},
		{"public q from, many matches", EventQuery{Listed: true, From: &from, Text: "haven", manyMatches: true}, "SEARCH e USING INDEX events_public (starts_at>?)", false},
		// Two walks cut at the page size, merged: only those are sorted.
		{"ambassador", EventQuery{Listed: true, ProposedBy: "a1"}, "SEARCH e USING INDEX events_proposer (proposed_by_ambassador_id=?)", true},
		{"public feed", EventQuery{From: &from, Public: true, Statuses: domain.PublicFeedStatuses}, "SEARCH e USING INDEX events_public (starts_at>?)", false},
		// A range per room of the venue, sorted together.
		{"venue feed", EventQuery{From: &from, VenueID: "v1", Public: true, Statuses: domain.PublicFeedStatuses}, "SEARCH e USING INDEX events_room (room_id=? AND starts_at>?)", true},
		{"organiser feed", EventQuery{From: &from, Statuses: orgFeed}, "SEARCH e USING INDEX events_starts (starts_at>?)", false},
		// A walk per room, each cut at the page size, merged: only those
		// are sorted (and ties of one room's start time by id).
		{"venue", EventQuery{From: &from, VenueID: "v1", venueRooms: []string{"r1", "r2"}}, "SEARCH e USING INDEX events_room (room_id=? AND starts_at>?)", true},
		{"public venue", EventQuery{Listed: true, VenueID: "v1", venueRooms: []string{"r1", "r2"}}, "SEARCH e USING INDEX events_room (room_id=?)", true},
		// An ambassador's few hosted events, looked up and sorted.
		{"hosted", EventQuery{HostedBy: "a1", Statuses: []domain.Status{domain.StatusPublished}}, "SEARCH event_hosts USING PRIMARY KEY (ambassador_id=?)", true},
	}
	for _, c := range cases {
		c.q.Limit = 20
		q, args, _ := listQuery(c.q)
		got := plan(t, db, q, args)
		t.Logf("%s:\n%s", c.name, got)
		if !strings.Contains(got, c.want) {
			t.Errorf("%s: plan lacks %q:\n%s", c.name, c.want, got)
		}
		if c.q.venueRooms != nil && !strings.Contains(got, "MERGE (UNION ALL)") {
			t.Errorf("%s: the rooms' walks are not merged:\n%s", c.name, got)
		}
		for _, line := range strings.Split(got, "\n") {
			if line == "SCAN e" || line == "SCAN events" {
				t.Errorf("%s: scans the events table:\n%s", c.name, got)
			}
			if !c.sort && strings.Contains(line, "TEMP B-TREE") {
				t.Errorf("%s: sorts its matches:\n%s", c.name, got)
			}
		}
	}
}
