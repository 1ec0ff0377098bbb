package store

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode"

	"plein.dev/events/internal/domain"
)

// EventQuery selects events. Zero fields do not narrow.
type EventQuery struct {
	// From and To keep events that end after From and start before To.
	From, To    *time.Time
	ProgrammeID string
	Theme       string
	// Text is what a user typed to search titles and descriptions.
	Text     string
	Status   domain.Status
	SeriesID string
	VenueID  string
	// HostedBy keeps the events this ambassador hosts.
	HostedBy string
	// Statuses, if set, keeps the events in one of these statuses.
	Statuses []domain.Status
	// Public keeps public events only.
	Public bool
	// Listed keeps what a caller who is not an organiser may find in a
	// listing: public events that are published or completed, and the
	// proposals of ProposedBy if set.
	Listed     bool
	ProposedBy string
	// OwnedBy, with Listed, adds the events one of these organisations
	// owns to what is listed.
	OwnedBy []string
	// Owners, if not nil, keeps the events one of these organisations owns.
	Owners []string
	// After, if set, keeps the events after this one in (starts_at, id)
	// order: the position of the last event of the previous page.
	After *EventKey
	Limit int

	// venueRooms are the rooms of VenueID, read by ListEvents: a venue's
	// events are then a walk per room, cut at the limit and merged.
	venueRooms []string
	// manyMatches says that Text matches more than textWalkAbove events,
	// as ListEvents counted: the listing then walks its index in order
	// and keeps the matches, instead of sorting them all.
	manyMatches bool
}

// textWalkAbove is the number of events a search may match and still
// have them all read and sorted; past it, walking the listing's index in
// order finds a page sooner (at 100,000 events a word in one title of
// eight: 35 ms sorted, 4 ms walked; a walk that finds nothing reads the
// whole index, 10 ms).
const textWalkAbove = 1000

// maxRoomWalks is the most rooms a venue's listing walks one by one; a
// venue with more is read as one range per room, sorted together.
const maxRoomWalks = 64

// EventKey is an event's position in lists: (starts_at, id).
type EventKey struct {
	StartsAt time.Time
	ID       string
}

// ListEvents returns events in (starts_at, id) order, keyset-paged so that
// inserts between pages neither repeat nor skip an event.
func ListEvents(ctx context.Context, q Queryer, f EventQuery) ([]domain.Event, error) {
	if match := MatchExpression(f.Text); match != "" {
		var n int
		const count = `SELECT count(*) FROM (SELECT docid FROM events_fts WHERE events_fts MATCH ? LIMIT ?)`
		if err := q.GetContext(ctx, &n, count, match, textWalkAbove+1); err != nil {
			return nil, fmt.Errorf("list events: count matches: %w", err)
		}
		f.manyMatches = n > textWalkAbove
	}
	if f.VenueID != "" {
		// A room added after this read has no events in this listing's
		// snapshot worth missing: it is new.
		if err := q.SelectContext(ctx, &f.venueRooms, `SELECT id FROM rooms WHERE venue_id = ? ORDER BY id`, f.VenueID); err != nil {
			return nil, fmt.Errorf("list events: rooms of venue %s: %w", f.VenueID, err)
		}
		if len(f.venueRooms) == 0 {
			return []domain.Event{}, nil
		}
	}
	query, args, ok := listQuery(f)
	if !ok {
		return []domain.Event{}, nil
	}
	var rows []eventRow
	if err := q.SelectContext(ctx, &rows, query, args...); err != nil {
		return nil, fmt.Errorf("list events: %w", err)
	}
	events := make([]domain.Event, 0, len(rows))
	for _, r := range rows {
		e, err := r.toDomain()
		if err != nil {
			return nil, err
		}
		events = append(events, e)
	}
	return events, nil
}

// listQuery is the SELECT of ListEvents and its arguments; ok is false
// when f can match nothing. Each filter has an index that walks it in
// (starts_at, id) order, so a page reads about as many rows as it shows
// (plan_test.go holds the plans):
//
//   - From bounds starts_at from below too: no event is longer than the
//     longest one stored (an index lookup; the domain keeps new ones
//     within domain.MaxDuration), so the walk starts near From rather
//     than at the first event ever.
//   - A theme walks event_themes (theme, starts_at, event_id), kept by
//     triggers, instead of events.
//   - Public and Listed use the partial index events_public; the status
//     lists are written +e.status, which no index may serve: a list of
//     statuses would read every event in them and sort them all.
//   - Listed with ProposedBy is two ordered walks cut at the limit and
//     merged (UNION), not an OR that reads and sorts every listed event.
//   - A text search that matches few events reads them by rowid and
//     sorts them; one that matches many (manyMatches) walks the index of
//     the other filters in order, checking each entry against the
//     matches before reading its row.
//   - A venue is likewise a walk of events_room per room of the venue
//     (venueRooms), each cut at the limit, merged (UNION ALL): reading
//     the venue's rooms as ranges and sorting their events read every
//     coming event of the venue (1,700 full rows, 20 ms, for a page of
//     50 at 100,000 events).
func listQuery(f EventQuery) (query string, args []any, ok bool) {
	from := ` FROM events e`
	start, id := `e.starts_at`, `e.id`
	where := ` WHERE 1 = 1`
	if f.Theme != "" {
		from = ` FROM event_themes t JOIN events e ON e.id = t.event_id AND e.starts_at = t.starts_at`
		start, id = `t.starts_at`, `t.event_id`
		where += ` AND t.theme = ?`
		args = append(args, f.Theme)
	}
	from += ` LEFT JOIN event_seats s ON s.event_id = e.id`
	if f.From != nil {
		where += ` AND e.ends_at > ? AND ` + start + ` >= ? - (SELECT coalesce(max(ends_at - starts_at), 0) FROM events)`
		args = append(args, f.From.Unix(), f.From.Unix())
	}
	if f.To != nil {
		where += ` AND ` + start + ` < ?`
		args = append(args, f.To.Unix())
	}
	if f.ProgrammeID != "" {
		where += ` AND e.programme_id = ?`
		args = append(args, f.ProgrammeID)
	}
	if f.Text != "" {
		match := MatchExpression(f.Text)
		if match == "" {
			return "", nil, false
		}
		// +e.seq keeps the rowid lookup of every match out of the plan.
		seq := `e.seq`
		if f.manyMatches {
			seq = `+e.seq`
		}
		where += ` AND ` + seq + ` IN (SELECT docid FROM events_fts WHERE events_fts MATCH ?)`
		args = append(args, match)
	}
	if f.SeriesID != "" {
		where += ` AND e.series_id = ?`
		args = append(args, f.SeriesID)
	}
	if f.HostedBy != "" {
		// An ambassador hosts a few events: found through event_hosts
		// (kept by triggers) and sorted.
		where += ` AND e.id IN (SELECT event_id FROM event_hosts WHERE ambassador_id = ?)`
		args = append(args, f.HostedBy)
	}
	// Besides the listed events, a caller may see their own proposals
	// and their organisations' events: each an ordered walk of its own.
	type also struct {
		cond string
		arg  any
	}
	var alsos []also
	if f.Listed && f.ProposedBy != "" {
		alsos = append(alsos, also{` AND e.proposed_by_ambassador_id = ?`, f.ProposedBy})
	}
	if f.Listed && f.OwnedBy != nil {
		alsos = append(alsos, also{` AND ` + ownedByE, jsonList(f.OwnedBy)})
	}
	perRoom := len(f.venueRooms) > 0 && len(f.venueRooms) <= maxRoomWalks && len(alsos) == 0
	if f.VenueID != "" && !perRoom {
		where += ` AND e.room_id IN (SELECT id FROM rooms WHERE venue_id = ?)`
		args = append(args, f.VenueID)
	}
	if f.Status != "" {
		where += ` AND e.status = ?`
		args = append(args, string(f.Status))
	}
	if len(f.Statuses) > 0 {
		where += ` AND +e.status IN (?` + strings.Repeat(`, ?`, len(f.Statuses)-1) + `)`
		for _, st := range f.Statuses {
			args = append(args, string(st))
		}
	}
	if f.Public {
		where += ` AND e.visibility = 'public'`
	}
	if f.Owners != nil {
		where += ` AND ` + ownedByE
		args = append(args, jsonList(f.Owners))
	}
	if f.After != nil {
		where += ` AND (` + start + `, ` + id + `) > (?, ?)`
		args = append(args, f.After.StartsAt.Unix(), f.After.ID)
	}
	const listed = ` AND e.visibility = 'public' AND +e.status IN ('published', 'completed')`
	order := ` ORDER BY ` + start + `, ` + id + ` LIMIT ?`
	sel := `SELECT ` + eventColumns + from + where
	switch {
	case perRoom:
		walk := sel
		if f.Listed {
			walk += listed
		}
		parts := make([]string, len(f.venueRooms))
		var all []any
		for i, room := range f.venueRooms {
			parts[i] = `SELECT * FROM (` + walk + ` AND e.room_id = ?` + order + `)`
			all = slices.Concat(all, args, []any{room, f.Limit})
		}
		query = strings.Join(parts, ` UNION ALL `) + ` ORDER BY starts_at, id LIMIT ?`
		args = append(all, f.Limit)
		return query, args, true
	case len(alsos) > 0:
		parts := []string{`SELECT * FROM (` + sel + listed + order + `)`}
		all := slices.Concat(args, []any{f.Limit})
		for _, x := range alsos {
			parts = append(parts, `SELECT * FROM (`+sel+x.cond+order+`)`)
			all = slices.Concat(all, args, []any{x.arg, f.Limit})
		}
		query = strings.Join(parts, ` UNION `) + ` ORDER BY starts_at, id LIMIT ?`
		args = append(all, f.Limit)
	case f.Listed:
		query = sel + listed + order
		args = append(args, f.Limit)
	default:
		query = sel + order
		args = append(args, f.Limit)
	}
	return query, args, true
}

// MatchExpression turns what a user typed into an FTS4 MATCH expression:
// every word must occur, as a word or the start of one. Only letters and
// digits pass, so no query syntax reaches FTS.
func MatchExpression(q string) string {
	var terms []string
	for _, w := range strings.FieldsFunc(q, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		terms = append(terms, `"`+w+`*"`)
		if len(terms) == 16 {
			break
		}
	}
	return strings.Join(terms, " ")
}
