// Package store keeps registrations and the event projection in SQLite and
// turns driver errors into domain errors.
package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"

	"plein.dev/platform/sqlite"
	"plein.dev/registrations/internal/domain"
)

// Queryer is what both a read pool and a write transaction can run.
type Queryer interface {
	GetContext(ctx context.Context, dest any, query string, args ...any) error
	SelectContext(ctx context.Context, dest any, query string, args ...any) error
}

func unix(s int64) time.Time { return time.Unix(s, 0).UTC() }

func optUnix(n sql.NullInt64) *time.Time {
	if !n.Valid {
		return nil
	}
	t := unix(n.Int64)
	return &t
}

func nullTime(t *time.Time) sql.NullInt64 {
	if t == nil {
		return sql.NullInt64{}
	}
	return sql.NullInt64{Int64: t.Unix(), Valid: true}
}

type eventRow struct {
	ID           string        `db:"id"`
	Title        string        `db:"title"`
	StartsAt     int64         `db:"starts_at"`
	EndsAt       int64         `db:"ends_at"`
	Capacity     int           `db:"capacity"`
	Status       string        `db:"status"`
	Visibility   string        `db:"visibility"`
	OpensAt      sql.NullInt64 `db:"registration_opens_at"`
	ClosesAt     sql.NullInt64 `db:"registration_closes_at"`
	SeatsVersion int64         `db:"seats_version"`
}

// GetEvent returns the projection of one event.
func GetEvent(ctx context.Context, q Queryer, id string) (domain.Event, error) {
	const query = `SELECT id, title, starts_at, ends_at, capacity, status, visibility,
		registration_opens_at, registration_closes_at, seats_version FROM events WHERE id = ?`
	var r eventRow
	if err := q.GetContext(ctx, &r, query, id); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return domain.Event{}, fmt.Errorf("event %s: %w", id, domain.ErrNotFound)
		}
		return domain.Event{}, fmt.Errorf("get event %s: %w", id, err)
	}
	return domain.Event{ID: r.ID, Title: r.Title, StartsAt: unix(r.StartsAt), EndsAt: unix(r.EndsAt),
		Capacity: r.Capacity, Status: r.Status, Visibility: r.Visibility, OpensAt: optUnix(r.OpensAt),
		ClosesAt: optUnix(r.ClosesAt), SeatsVersion: r.SeatsVersion}, nil
}

// PutEvent inserts or replaces the projection of an event, keeping its seat
// version.
func PutEvent(ctx context.Context, tx *sqlx.Tx, e domain.Event) error {
	const query = `INSERT INTO events (id, title, starts_at, ends_at, capacity, status, visibility,
		registration_opens_at, registration_closes_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET title = excluded.title, starts_at = excluded.starts_at,
		ends_at = excluded.ends_at, capacity = excluded.capacity, status = excluded.status,
		visibility = excluded.visibility, registration_opens_at = excluded.registration_opens_at,
		registration_closes_at = excluded.registration_closes_at`
	_, err := tx.ExecContext(ctx, query, e.ID, e.Title, e.StartsAt.Unix(), e.EndsAt.Unix(), e.Capacity,
		e.Status, e.Visibility, nullTime(e.OpensAt), nullTime(e.ClosesAt))
	if err != nil {
		return fmt.Errorf("put event %s: %w", e.ID, err)
	}
	return nil
}

// BumpSeatsVersion raises and returns the version of an event's seat counts.
func BumpSeatsVersion(ctx context.Context, tx *sqlx.Tx, eventID string) (int64, error) {
	const query = `UPDATE events SET seats_version = seats_version + 1 WHERE id = ? RETURNING seats_version`
	var v int64
	if err := tx.GetContext(ctx, &v, query, eventID); err != nil {
		return 0, fmt.Errorf("bump seats version of event %s: %w", eventID, err)
	}
	return v, nil
}

// Counts are an event's seat figures.
type Counts struct {
	Confirmed  int `db:"confirmed"`
	Waitlisted int `db:"waitlisted"`
}

// CountSeats returns how many registrations of an event are confirmed and
// waitlisted.
func CountSeats(ctx context.Context, q Queryer, eventID string) (Counts, error) {
	const query = `SELECT
		COALESCE(SUM(status = 'confirmed'), 0) AS confirmed,
		COALESCE(SUM(status = 'waitlisted'), 0) AS waitlisted
		FROM registrations WHERE event_id = ? AND status != 'cancelled'`
	var c Counts
	if err := q.GetContext(ctx, &c, query, eventID); err != nil {
		return c, fmt.Errorf("count seats of event %s: %w", eventID, err)
	}
	return c, nil
}

type registrationRow struct {
	Seq                int64         `db:"seq"`
	ID                 string        `db:"id"`
	EventID            string        `db:"event_id"`
	Name               string        `db:"name"`
	Email              string        `db:"email"`
	Organisation       string        `db:"organisation"`
	Status             string        `db:"status"`
	Answers            string        `db:"answers"`
	TokenHash          []byte        `db:"token_hash"`
	RegisteredAt       int64         `db:"registered_at"`
	ConfirmedAt        sql.NullInt64 `db:"confirmed_at"`
	CancelledAt        sql.NullInt64 `db:"cancelled_at"`
	CheckedInAt        sql.NullInt64 `db:"checked_in_at"`
	CancellationReason string        `db:"cancellation_reason"`
	Version            int64         `db:"version"`
	WaitlistPosition   int           `db:"waitlist_position"`
}

// registrationColumns includes the waiting-list position, computed as the
// number of waitlisted registrations of the event that arrived no later.
const registrationColumns = `r.seq, r.id, r.event_id, r.name, r.email, r.organisation, r.status,
	r.answers, r.token_hash, r.registered_at, r.confirmed_at, r.cancelled_at, r.checked_in_at,
	r.cancellation_reason, r.version,
	CASE WHEN r.status = 'waitlisted' THEN (SELECT COUNT(*) FROM registrations w
		WHERE w.event_id = r.event_id AND w.status = 'waitlisted' AND w.seq <= r.seq) ELSE 0 END
		AS waitlist_position`

func (r registrationRow) toDomain() (domain.Registration, error) {
	reg := domain.Registration{
		ID: r.ID, EventID: r.EventID, Name: r.Name, Email: r.Email, Organisation: r.Organisation,
		Status: domain.Status(r.Status), WaitlistPosition: r.WaitlistPosition, TokenHash: r.TokenHash,
		RegisteredAt: unix(r.RegisteredAt), ConfirmedAt: optUnix(r.ConfirmedAt),
		CancelledAt: optUnix(r.CancelledAt), CheckedInAt: optUnix(r.CheckedInAt),
		CancellationReason: r.CancellationReason, Version: r.Version,
	}
	if err := json.Unmarshal([]byte(r.Answers), &reg.Answers); err != nil {
		return domain.Registration{}, fmt.Errorf("registration %s answers: %w", r.ID, err)
	}
	return reg, nil
}

// GetRegistration returns one registration.
func GetRegistration(ctx context.Context, q Queryer, id string) (domain.Registration, error) {
	query := `SELECT ` + registrationColumns + ` FROM registrations r WHERE r.id = ?`
	var r registrationRow
	if err := q.GetContext(ctx, &r, query, id); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return domain.Registration{}, fmt.Errorf("registration %s: %w", id, domain.ErrNotFound)
		}
		return domain.Registration{}, fmt.Errorf("get registration %s: %w", id, err)
	}
	return r.toDomain()
}

// InsertRegistration stores a new registration; a second live registration
// of the same e-mail address for the event is ErrDuplicate.
func InsertRegistration(ctx context.Context, tx *sqlx.Tx, r domain.Registration) error {
	answers, err := json.Marshal(r.Answers)
	if err != nil {
		return fmt.Errorf("registration %s answers: %w", r.ID, err)
	}
	if r.Answers == nil {
		answers = []byte("[]")
	}
	const query = `INSERT INTO registrations (id, event_id, name, email, email_key, organisation, status,
		answers, token_hash, registered_at, confirmed_at, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
	_, err = tx.ExecContext(ctx, query, r.ID, r.EventID, r.Name, r.Email, domain.EmailKey(r.Email),
		r.Organisation, string(r.Status), string(answers), r.TokenHash, r.RegisteredAt.Unix(),
		nullTime(r.ConfirmedAt), r.Version)
	if sqlite.IsUniqueViolation(err) {
		return fmt.Errorf("register %s for event %s: %w", r.ID, r.EventID, domain.ErrDuplicate)
	}
	if err != nil {
		return fmt.Errorf("insert registration %s: %w", r.ID, err)
	}
	return nil
}

// SaveStatus stores a registration's status, times and version.
func SaveStatus(ctx context.Context, tx *sqlx.Tx, r domain.Registration) error {
	const query = `UPDATE registrations SET status = ?, confirmed_at = ?, cancelled_at = ?,
		checked_in_at = ?, cancellation_reason = ?, version = ? WHERE id = ?`
	_, err := tx.ExecContext(ctx, query, string(r.Status), nullTime(r.ConfirmedAt), nullTime(r.CancelledAt),
		nullTime(r.CheckedInAt), r.CancellationReason, r.Version, r.ID)
	if err != nil {
		return fmt.Errorf("save registration %s: %w", r.ID, err)
	}
	return nil
}

// ListFilter narrows a list of registrations.
type ListFilter struct {
	EventID  string
	Email    string
	Status   domain.Status
	AfterSeq int64
	Limit    int
}

// ListRegistrations returns registrations in arrival order.
func ListRegistrations(ctx context.Context, q Queryer, f ListFilter) ([]domain.Registration, []int64, error) {
	query := `SELECT ` + registrationColumns + ` FROM registrations r WHERE r.seq > ?`
	args := []any{f.AfterSeq}
	if f.EventID != "" {
		query += ` AND r.event_id = ?`
		args = append(args, f.EventID)
	}
	if f.Email != "" {
		query += ` AND r.email_key = ?`
		args = append(args, domain.EmailKey(f.Email))
	}
	if f.Status != "" {
		query += ` AND r.status = ?`
		args = append(args, string(f.Status))
	}
	query += ` ORDER BY r.seq LIMIT ?`
	args = append(args, f.Limit)
	var rows []registrationRow
	if err := q.SelectContext(ctx, &rows, query, args...); err != nil {
		return nil, nil, fmt.Errorf("list registrations: %w", err)
	}
	regs := make([]domain.Registration, 0, len(rows))
	seqs := make([]int64, 0, len(rows))
	for _, row := range rows {
		r, err := row.toDomain()
		if err != nil {
			return nil, nil, err
		}
		regs = append(regs, r)
		seqs = append(seqs, row.Seq)
	}
	return regs, seqs, nil
}

// NextWaitlisted returns up to n waitlisted registrations of an event in
// arrival order.
func NextWaitlisted(ctx context.Context, q Queryer, eventID string, n int) ([]domain.Registration, error) {
	regs, _, err := ListRegistrations(ctx, q, ListFilter{EventID: eventID, Status: domain.StatusWaitlisted, Limit: n})
	return regs, err
}
