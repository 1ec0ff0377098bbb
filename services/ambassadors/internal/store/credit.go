package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/jmoiron/sqlx"

	"plein.dev/ambassadors/internal/domain"
)

type attendanceRow struct {
	EventID   string `db:"event_id"`
	Confirmed int    `db:"confirmed"`
	CheckedIn int    `db:"checked_in"`
	Version   int64  `db:"version"`
}

// GetAttendance returns the attendance summary of an event; ok is false
// when none arrived yet.
func GetAttendance(ctx context.Context, q Queryer, eventID string) (domain.EventAttendance, bool, error) {
	const query = `SELECT event_id, confirmed, checked_in, version FROM event_attendance WHERE event_id = ?`
	var a attendanceRow
	err := q.GetContext(ctx, &a, query, eventID)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return domain.EventAttendance{}, false, nil
	case err != nil:
		return domain.EventAttendance{}, false, fmt.Errorf("attendance of event %s: %w", eventID, err)
	}
	return domain.EventAttendance{EventID: a.EventID, Confirmed: a.Confirmed, CheckedIn: a.CheckedIn, Version: a.Version}, true, nil
}

// PutAttendance stores an attendance summary unless one of the same or a
// later version is stored; applied tells whether it was stored.
func PutAttendance(ctx context.Context, tx *sqlx.Tx, a domain.EventAttendance, now int64) (applied bool, err error) {
	const query = `INSERT INTO event_attendance (event_id, confirmed, checked_in, version, updated_at)
		VALUES (?, ?, ?, ?, ?) ON CONFLICT (event_id) DO UPDATE SET confirmed = excluded.confirmed,
		checked_in = excluded.checked_in, version = excluded.version, updated_at = excluded.updated_at
		WHERE excluded.version > event_attendance.version`
	res, err := tx.ExecContext(ctx, query, a.EventID, a.Confirmed, a.CheckedIn, a.Version, now)
	if err != nil {
		return false, fmt.Errorf("store attendance of event %s: %w", a.EventID, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("store attendance of event %s: %w", a.EventID, err)
	}
	return n == 1, nil
}
