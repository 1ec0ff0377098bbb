package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"plein.dev/platform/sqlite"
	"plein.dev/registrations/internal/domain"
)

// CountAttendance returns an event's attendance figures; an unknown event
// is ErrNotFound.
func CountAttendance(ctx context.Context, q Queryer, eventID string) (domain.Attendance, error) {
	const query = `SELECT e.id AS event_id, e.status AS event_status, e.capacity,
		COALESCE(SUM(r.status = 'confirmed'), 0) AS confirmed,
		COALESCE(SUM(r.status = 'confirmed' AND r.checked_in_at IS NOT NULL), 0) AS checked_in,
		COALESCE(SUM(r.status = 'waitlisted'), 0) AS waitlisted,
		COALESCE(SUM(r.status = 'cancelled'), 0) AS cancelled
		FROM events e LEFT JOIN registrations r ON r.event_id = e.id
		WHERE e.id = ? GROUP BY e.id`
	var row struct {
		EventID     string `db:"event_id"`
		EventStatus string `db:"event_status"`
		Capacity    int    `db:"capacity"`
		Confirmed   int    `db:"confirmed"`
		CheckedIn   int    `db:"checked_in"`
		Waitlisted  int    `db:"waitlisted"`
		Cancelled   int    `db:"cancelled"`
	}
	if err := q.GetContext(ctx, &row, query, eventID); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return domain.Attendance{}, fmt.Errorf("event %s: %w", eventID, domain.ErrNotFound)
		}
		return domain.Attendance{}, fmt.Errorf("count attendance of event %s: %w", eventID, err)
	}
	return domain.Attendance(row), nil
}

// BumpAttendanceVersion raises and returns the version of an event's
// attendance summary.
func BumpAttendanceVersion(ctx context.Context, tx sqlite.Tx, eventID string) (int64, error) {
	const query = `UPDATE events SET attendance_version = attendance_version + 1 WHERE id = ? RETURNING attendance_version`
	return bump(ctx, tx, query, "attendance version of event "+eventID, eventID)
}

// ConfirmedAttendees returns the KvK number and check-in of every confirmed
// registration of an event, for the companies it reached
// (domain.CompaniesReached).
func ConfirmedAttendees(ctx context.Context, q Queryer, eventID string) ([]domain.Attendee, error) {
	const query = `SELECT kvk_number, checked_in_at IS NOT NULL AS checked_in
		FROM registrations WHERE event_id = ? AND status = 'confirmed'`
	var out []domain.Attendee
	if err := q.SelectContext(ctx, &out, query, eventID); err != nil {
		return nil, fmt.Errorf("attendees of event %s: %w", eventID, err)
	}
	return out, nil
}
