package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"plein.dev/platform/sqlite"
	"plein.dev/registrations/internal/domain"
)

type eventRow struct {
	ID                string        `db:"id"`
	Title             string        `db:"title"`
	StartsAt          int64         `db:"starts_at"`
	EndsAt            int64         `db:"ends_at"`
	Capacity          int           `db:"capacity"`
	Status            string        `db:"status"`
	Visibility        string        `db:"visibility"`
	OpensAt           sql.NullInt64 `db:"registration_opens_at"`
	ClosesAt          sql.NullInt64 `db:"registration_closes_at"`
	Location          string        `db:"location"`
	Description       string        `db:"description"`
	InviteCode        string        `db:"invite_code"`
	Version           int64         `db:"version"`
	SeatsVersion      int64         `db:"seats_version"`
	AttendanceVersion int64         `db:"attendance_version"`
	Owners            string        `db:"owners"`
}

// GetEvent returns the projection of one event.
func GetEvent(ctx context.Context, q Queryer, id string) (domain.Event, error) {
	const query = `SELECT id, title, starts_at, ends_at, capacity, status, visibility,
		registration_opens_at, registration_closes_at, location, description, invite_code,
		version, seats_version, attendance_version, owners FROM events WHERE id = ?`
	var r eventRow
	if err := q.GetContext(ctx, &r, query, id); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return domain.Event{}, fmt.Errorf("event %s: %w", id, domain.ErrNotFound)
		}
		return domain.Event{}, fmt.Errorf("get event %s: %w", id, err)
	}
	var owners []string
	if err := json.Unmarshal([]byte(r.Owners), &owners); err != nil {
		return domain.Event{}, fmt.Errorf("event %s owners: %w", id, err)
	}
	return domain.Event{Owners: owners, ID: r.ID, Title: r.Title, StartsAt: unix(r.StartsAt), EndsAt: unix(r.EndsAt),
		Capacity: r.Capacity, Status: r.Status, Visibility: r.Visibility, OpensAt: optUnix(r.OpensAt),
		ClosesAt: optUnix(r.ClosesAt), Location: r.Location, Description: r.Description,
		InviteCode: r.InviteCode, Version: r.Version, SeatsVersion: r.SeatsVersion,
		AttendanceVersion: r.AttendanceVersion}, nil
}

// PutEvent inserts or replaces the projection of an event, keeping the
// versions of its seat counts and attendance summary.
func PutEvent(ctx context.Context, tx sqlite.Tx, e domain.Event) error {
	const query = `INSERT INTO events (id, title, starts_at, ends_at, capacity, status, visibility,
		registration_opens_at, registration_closes_at, location, description, invite_code, version, owners)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET title = excluded.title, starts_at = excluded.starts_at,
		ends_at = excluded.ends_at, capacity = excluded.capacity, status = excluded.status,
		visibility = excluded.visibility, registration_opens_at = excluded.registration_opens_at,
		registration_closes_at = excluded.registration_closes_at, location = excluded.location,
		description = excluded.description, invite_code = excluded.invite_code, version = excluded.version,
		owners = excluded.owners`
	_, err := tx.ExecContext(ctx, query, e.ID, e.Title, e.StartsAt.Unix(), e.EndsAt.Unix(), e.Capacity,
		e.Status, e.Visibility, nullTime(e.OpensAt), nullTime(e.ClosesAt), e.Location, e.Description,
		e.InviteCode, e.Version, ownersJSON(e.Owners))
	if err != nil {
		return fmt.Errorf("put event %s: %w", e.ID, err)
	}
	return nil
}

func ownersJSON(owners []string) string {
	if owners == nil {
		owners = []string{}
	}
	b, _ := json.Marshal(owners) // a []string always marshals
	return string(b)
}
