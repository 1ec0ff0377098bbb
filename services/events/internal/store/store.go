// Package store keeps the events service's data in SQLite and turns driver
// errors into domain errors.
package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode"

	"github.com/jmoiron/sqlx"

	"plein.dev/events/internal/domain"
)

// Queryer is what both a read pool and a write transaction can run.
type Queryer interface {
	sqlx.QueryerContext
	GetContext(ctx context.Context, dest any, query string, args ...any) error
	SelectContext(ctx context.Context, dest any, query string, args ...any) error
}

type eventRow struct {
	ID                   string         `db:"id"`
	Title                string         `db:"title"`
	Description          string         `db:"description"`
	ProgrammeID          string         `db:"programme_id"`
	Themes               string         `db:"themes"`
	RoomID               sql.NullString `db:"room_id"`
	Location             string         `db:"location"`
	StartsAt             int64          `db:"starts_at"`
	EndsAt               int64          `db:"ends_at"`
	Capacity             int            `db:"capacity"`
	RegistrationOpensAt  sql.NullInt64  `db:"registration_opens_at"`
	RegistrationClosesAt sql.NullInt64  `db:"registration_closes_at"`
	Visibility           string         `db:"visibility"`
	Status               string         `db:"status"`
	HostAmbassadorIDs    string         `db:"host_ambassador_ids"`
	Recurrence           string         `db:"recurrence"`
	SeriesID             string         `db:"series_id"`
	CancellationReason   string         `db:"cancellation_reason"`
	CreatedAt            int64          `db:"created_at"`
	UpdatedAt            int64          `db:"updated_at"`
	Version              int64          `db:"version"`
	InviteCode           string         `db:"invite_code"`
	Accessibility        string         `db:"accessibility"`
	Sequence             int            `db:"sequence"`
	DeclineReason        string         `db:"decline_reason"`
	ProposedBy           string         `db:"proposed_by_ambassador_id"`
	SeatsTaken           int            `db:"seats_taken"`
	WaitlistLength       int            `db:"waitlist_length"`
}

const eventColumns = `e.id, e.title, e.description, e.programme_id, e.themes, e.room_id, e.location,
	e.starts_at, e.ends_at, e.capacity, e.registration_opens_at, e.registration_closes_at,
	e.visibility, e.status, e.host_ambassador_ids, e.recurrence, e.series_id,
	e.cancellation_reason, e.created_at, e.updated_at, e.version,
	e.invite_code, e.accessibility, e.sequence, e.decline_reason, e.proposed_by_ambassador_id,
	COALESCE(s.seats_taken, 0) AS seats_taken, COALESCE(s.waitlist_length, 0) AS waitlist_length`

const eventFrom = ` FROM events e LEFT JOIN event_seats s ON s.event_id = e.id`

func (r eventRow) toDomain() (domain.Event, error) {
	e := domain.Event{
		ID:                     r.ID,
		Title:                  r.Title,
		Description:            r.Description,
		ProgrammeID:            r.ProgrammeID,
		RoomID:                 r.RoomID.String,
		Location:               r.Location,
		StartsAt:               unix(r.StartsAt),
		EndsAt:                 unix(r.EndsAt),
		Capacity:               r.Capacity,
		Visibility:             domain.Visibility(r.Visibility),
		Status:                 domain.Status(r.Status),
		Recurrence:             r.Recurrence,
		SeriesID:               r.SeriesID,
		CancellationReason:     r.CancellationReason,
		SeatsTaken:             r.SeatsTaken,
		WaitlistLength:         r.WaitlistLength,
		CreatedAt:              unix(r.CreatedAt),
		UpdatedAt:              unix(r.UpdatedAt),
		Version:                r.Version,
		InviteCode:             r.InviteCode,
		Sequence:               r.Sequence,
		DeclineReason:          r.DeclineReason,
		ProposedByAmbassadorID: r.ProposedBy,
	}
	if err := json.Unmarshal([]byte(r.Accessibility), &e.Accessibility); err != nil {
		return domain.Event{}, fmt.Errorf("event %s accessibility: %w", r.ID, err)
	}
	if r.RegistrationOpensAt.Valid {
		t := unix(r.RegistrationOpensAt.Int64)
		e.RegistrationOpensAt = &t
	}
	if r.RegistrationClosesAt.Valid {
		t := unix(r.RegistrationClosesAt.Int64)
		e.RegistrationClosesAt = &t
	}
	if err := json.Unmarshal([]byte(r.Themes), &e.Themes); err != nil {
		return domain.Event{}, fmt.Errorf("event %s themes: %w", r.ID, err)
	}
	if err := json.Unmarshal([]byte(r.HostAmbassadorIDs), &e.HostAmbassadorIDs); err != nil {
		return domain.Event{}, fmt.Errorf("event %s hosts: %w", r.ID, err)
	}
	return e, nil
}

func accessibilityJSON(a domain.Accessibility) string {
	b, _ := json.Marshal(a) // plain fields always marshal
	return string(b)
}

func unix(s int64) time.Time { return time.Unix(s, 0).UTC() }

func nullTime(t *time.Time) sql.NullInt64 {
	if t == nil {
		return sql.NullInt64{}
	}
	return sql.NullInt64{Int64: t.Unix(), Valid: true}
}

func nullString(s string) sql.NullString {
	return sql.NullString{String: s, Valid: s != ""}
}

func jsonList(xs []string) string {
	if xs == nil {
		xs = []string{}
	}
	b, _ := json.Marshal(xs) // a []string always marshals
	return string(b)
}

// GetEvent returns one event with its seat counts.
func GetEvent(ctx context.Context, q Queryer, id string) (domain.Event, error) {
	const query = `SELECT ` + eventColumns + eventFrom + ` WHERE e.id = ?`
	var r eventRow
	if err := q.GetContext(ctx, &r, query, id); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return domain.Event{}, fmt.Errorf("event %s: %w", id, domain.ErrNotFound)
		}
		return domain.Event{}, fmt.Errorf("get event %s: %w", id, err)
	}
	return r.toDomain()
}

// InsertEvent stores a new event.
func InsertEvent(ctx context.Context, tx *sqlx.Tx, e domain.Event) error {
	const query = `INSERT INTO events (id, title, description, programme_id, themes, room_id, location,
		starts_at, ends_at, capacity, registration_opens_at, registration_closes_at, visibility, status,
		host_ambassador_ids, recurrence, series_id, cancellation_reason, created_at, updated_at, version,
		invite_code, accessibility, sequence, decline_reason, proposed_by_ambassador_id)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
	_, err := tx.ExecContext(ctx, query, e.ID, e.Title, e.Description, e.ProgrammeID, jsonList(e.Themes),
		nullString(e.RoomID), e.Location, e.StartsAt.Unix(), e.EndsAt.Unix(), e.Capacity,
		nullTime(e.RegistrationOpensAt), nullTime(e.RegistrationClosesAt), string(e.Visibility),
		string(e.Status), jsonList(e.HostAmbassadorIDs), e.Recurrence, e.SeriesID, e.CancellationReason,
		e.CreatedAt.Unix(), e.UpdatedAt.Unix(), e.Version,
		e.InviteCode, accessibilityJSON(e.Accessibility), e.Sequence, e.DeclineReason, e.ProposedByAmbassadorID)
	if err != nil {
		return fmt.Errorf("insert event %s: %w", e.ID, err)
	}
	return nil
}

// UpdateEvent stores a changed event if its stored version is the one
// before e.Version; otherwise someone else changed it first.
func UpdateEvent(ctx context.Context, tx *sqlx.Tx, e domain.Event, prevVersion int64) error {
	const query = `UPDATE events SET title = ?, description = ?, programme_id = ?, themes = ?,
		room_id = ?, location = ?, starts_at = ?, ends_at = ?, capacity = ?,
		registration_opens_at = ?, registration_closes_at = ?, visibility = ?, status = ?,
		host_ambassador_ids = ?, cancellation_reason = ?, updated_at = ?, version = ?,
		invite_code = ?, accessibility = ?, sequence = ?, decline_reason = ?
		WHERE id = ? AND version = ?`
	res, err := tx.ExecContext(ctx, query, e.Title, e.Description, e.ProgrammeID, jsonList(e.Themes),
		nullString(e.RoomID), e.Location, e.StartsAt.Unix(), e.EndsAt.Unix(), e.Capacity,
		nullTime(e.RegistrationOpensAt), nullTime(e.RegistrationClosesAt), string(e.Visibility),
		string(e.Status), jsonList(e.HostAmbassadorIDs), e.CancellationReason, e.UpdatedAt.Unix(),
		e.Version, e.InviteCode, accessibilityJSON(e.Accessibility), e.Sequence, e.DeclineReason,
		e.ID, prevVersion)
	if err != nil {
		return fmt.Errorf("update event %s: %w", e.ID, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return fmt.Errorf("update event %s: %w", e.ID, err)
	}
	if n != 1 {
		return fmt.Errorf("update event %s at version %d: %w", e.ID, prevVersion, domain.ErrNotFound)
	}
	return nil
}

// ListFilter narrows a list of events. Cursor fields come from the page
// token: events after (AfterStart, AfterID) in (starts_at, id) order.
type ListFilter struct {
	From, To    *time.Time
	ProgrammeID string
	Theme       string
	Query       string
	Status      domain.Status
	SeriesID    string
	VenueID     string
	// PublicOnly keeps what anonymous callers may see in a listing.
	PublicOnly bool
	// ProposedBy, with PublicOnly, adds the proposals of this ambassador.
	ProposedBy string
	AfterStart int64
	AfterID    string
	Limit      int
}

// ListEvents returns events in start order, keyset-paged so that inserts
// between pages neither repeat nor skip an event.
func ListEvents(ctx context.Context, q Queryer, f ListFilter) ([]domain.Event, error) {
	query := `SELECT ` + eventColumns + eventFrom + ` WHERE 1 = 1`
	var args []any
	if f.From != nil {
		query += ` AND e.ends_at > ?`
		args = append(args, f.From.Unix())
	}
	if f.To != nil {
		query += ` AND e.starts_at < ?`
		args = append(args, f.To.Unix())
	}
	if f.ProgrammeID != "" {
		query += ` AND e.programme_id = ?`
		args = append(args, f.ProgrammeID)
	}
	if f.Theme != "" {
		query += ` AND EXISTS (SELECT 1 FROM json_each(e.themes) WHERE json_each.value = ?)`
		args = append(args, f.Theme)
	}
	if f.Query != "" {
		match := MatchExpression(f.Query)
		if match == "" {
			return []domain.Event{}, nil
		}
		query += ` AND e.seq IN (SELECT docid FROM events_fts WHERE events_fts MATCH ?)`
		args = append(args, match)
	}
	if f.SeriesID != "" {
		query += ` AND e.series_id = ?`
		args = append(args, f.SeriesID)
	}
	if f.VenueID != "" {
		query += ` AND e.room_id IN (SELECT id FROM rooms WHERE venue_id = ?)`
		args = append(args, f.VenueID)
	}
	if f.Status != "" {
		query += ` AND e.status = ?`
		args = append(args, string(f.Status))
	}
	if f.PublicOnly {
		query += ` AND ((e.visibility = 'public' AND e.status IN ('published', 'completed'))`
		if f.ProposedBy != "" {
			query += ` OR e.proposed_by_ambassador_id = ?`
			args = append(args, f.ProposedBy)
		}
		query += `)`
	}
	if f.AfterID != "" {
		query += ` AND (e.starts_at, e.id) > (?, ?)`
		args = append(args, f.AfterStart, f.AfterID)
	}
	query += ` ORDER BY e.starts_at, e.id LIMIT ?`
	args = append(args, f.Limit)

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

// EndedEvents returns the ids of published events whose end has passed.
func EndedEvents(ctx context.Context, q Queryer, now time.Time, limit int) ([]string, error) {
	const query = `SELECT id FROM events WHERE status = 'published' AND ends_at <= ? ORDER BY ends_at LIMIT ?`
	var ids []string
	if err := q.SelectContext(ctx, &ids, query, now.Unix(), limit); err != nil {
		return nil, fmt.Errorf("list ended events: %w", err)
	}
	return ids, nil
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

// RoomSchedule returns the draft, published and completed events of a room
// that overlap [from, to), in order.
func RoomSchedule(ctx context.Context, q Queryer, roomID string, from, to time.Time) ([]domain.Booking, error) {
	return roomBookings(ctx, q, roomID, from, to, "", `'draft', 'published', 'completed'`)
}

// RoomBookings returns the live (draft or published) bookings of a room that
// come within reach of [from, to), excluding one event (the one being
// changed) if excludeID is set.
func RoomBookings(ctx context.Context, q Queryer, roomID string, from, to time.Time, excludeID string) ([]domain.Booking, error) {
	return roomBookings(ctx, q, roomID, from, to, excludeID, `'draft', 'published'`)
}

func roomBookings(ctx context.Context, q Queryer, roomID string, from, to time.Time, excludeID, statuses string) ([]domain.Booking, error) {
	query := `SELECT id, title, starts_at, ends_at, status FROM events
		WHERE room_id = ? AND status IN (` + statuses + `) AND id != ?
		AND starts_at < ? AND ends_at > ? ORDER BY starts_at, id`
	var rows []struct {
		ID       string `db:"id"`
		Title    string `db:"title"`
		StartsAt int64  `db:"starts_at"`
		EndsAt   int64  `db:"ends_at"`
		Status   string `db:"status"`
	}
	if err := q.SelectContext(ctx, &rows, query, roomID, excludeID, to.Unix(), from.Unix()); err != nil {
		return nil, fmt.Errorf("room %s bookings: %w", roomID, err)
	}
	out := make([]domain.Booking, 0, len(rows))
	for _, r := range rows {
		out = append(out, domain.Booking{EventID: r.ID, Title: r.Title, StartsAt: unix(r.StartsAt),
			EndsAt: unix(r.EndsAt), Status: domain.Status(r.Status)})
	}
	return out, nil
}

// SetSeats records an event's seat counts as reported by the registrations
// service.
func SetSeats(ctx context.Context, tx *sqlx.Tx, eventID string, taken, waitlist int) error {
	const query = `INSERT INTO event_seats (event_id, seats_taken, waitlist_length) VALUES (?, ?, ?)
		ON CONFLICT (event_id) DO UPDATE SET seats_taken = excluded.seats_taken,
		waitlist_length = excluded.waitlist_length`
	if _, err := tx.ExecContext(ctx, query, eventID, taken, waitlist); err != nil {
		return fmt.Errorf("set seats of event %s: %w", eventID, err)
	}
	return nil
}
