package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/jmoiron/sqlx"

	"plein.dev/ambassadors/internal/domain"
)

type attendanceRow struct {
	EventID    string `db:"event_id"`
	Confirmed  int    `db:"confirmed"`
	CheckedIn  int    `db:"checked_in"`
	Version    int64  `db:"version"`
	KvKNumbers string `db:"kvk_numbers"`
}

// GetAttendance returns the attendance summary of an event; ok is false
// when none arrived yet.
func GetAttendance(ctx context.Context, q Queryer, eventID string) (domain.EventAttendance, bool, error) {
	const query = `SELECT event_id, confirmed, checked_in, version, kvk_numbers FROM event_attendance WHERE event_id = ?`
	var a attendanceRow
	err := q.GetContext(ctx, &a, query, eventID)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return domain.EventAttendance{}, false, nil
	case err != nil:
		return domain.EventAttendance{}, false, fmt.Errorf("attendance of event %s: %w", eventID, err)
	}
	out := domain.EventAttendance{EventID: a.EventID, Confirmed: a.Confirmed, CheckedIn: a.CheckedIn, Version: a.Version}
	if err := json.Unmarshal([]byte(a.KvKNumbers), &out.KvKNumbers); err != nil {
		return domain.EventAttendance{}, false, fmt.Errorf("attendance of event %s: %w", eventID, err)
	}
	return out, true, nil
}

// PutAttendance stores an attendance summary unless one of the same or a
// later version is stored; applied tells whether it was stored.
func PutAttendance(ctx context.Context, tx *sqlx.Tx, a domain.EventAttendance, now int64) (applied bool, err error) {
	const query = `INSERT INTO event_attendance (event_id, confirmed, checked_in, version, updated_at, kvk_numbers)
		VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (event_id) DO UPDATE SET confirmed = excluded.confirmed,
		checked_in = excluded.checked_in, version = excluded.version, updated_at = excluded.updated_at,
		kvk_numbers = excluded.kvk_numbers
		WHERE excluded.version > event_attendance.version`
	res, err := tx.ExecContext(ctx, query, a.EventID, a.Confirmed, a.CheckedIn, a.Version, now, jsonList(a.KvKNumbers))
	if err != nil {
		return false, fmt.Errorf("store attendance of event %s: %w", a.EventID, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("store attendance of event %s: %w", a.EventID, err)
	}
	return n == 1, nil
}

// PutCompletedEvent keeps a completed event of a programme with its day,
// unless a later version of it is kept.
func PutCompletedEvent(ctx context.Context, tx *sqlx.Tx, eventID, programmeID string, heldOn domain.Date, version int64) error {
	const query = `INSERT INTO completed_events (event_id, programme_id, held_on, version) VALUES (?, ?, ?, ?)
		ON CONFLICT (event_id) DO UPDATE SET programme_id = excluded.programme_id, held_on = excluded.held_on,
		version = excluded.version WHERE excluded.version >= completed_events.version`
	if _, err := tx.ExecContext(ctx, query, eventID, programmeID, string(heldOn), version); err != nil {
		return fmt.Errorf("keep completed event %s: %w", eventID, err)
	}
	return nil
}

// ReachedKvKNumbers returns, per completed event of the programme held
// from..to (both included), the KvK numbers its attendance summary names.
func ReachedKvKNumbers(ctx context.Context, q Queryer, programmeID string, from, to domain.Date) ([][]string, error) {
	const query = `SELECT a.kvk_numbers FROM completed_events e JOIN event_attendance a ON a.event_id = e.event_id
		WHERE e.programme_id = ? AND e.held_on BETWEEN ? AND ? ORDER BY e.event_id`
	var rows []string
	if err := q.SelectContext(ctx, &rows, query, programmeID, string(from), string(to)); err != nil {
		return nil, fmt.Errorf("KvK numbers reached by the events of programme %s: %w", programmeID, err)
	}
	out := make([][]string, 0, len(rows))
	for _, r := range rows {
		var kvk []string
		if err := json.Unmarshal([]byte(r), &kvk); err != nil {
			return nil, fmt.Errorf("KvK numbers of programme %s: %w", programmeID, err)
		}
		out = append(out, kvk)
	}
	return out, nil
}
