package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"plein.dev/platform/sqlite"
	"plein.dev/registrations/internal/domain"
)

// CountSeats returns an event's capacity and how many of its registrations
// are confirmed and waitlisted; an unknown event is ErrNotFound. Counted in
// the write transaction that then inserts or promotes, the figures cannot
// change before the decision is written.
func CountSeats(ctx context.Context, q Queryer, eventID string) (domain.Seats, error) {
	const query = `SELECT e.id AS event_id, e.capacity,
		COALESCE(SUM(r.status = 'confirmed'), 0) AS confirmed,
		COALESCE(SUM(r.status = 'waitlisted'), 0) AS waitlisted
		FROM events e LEFT JOIN registrations r ON r.event_id = e.id AND r.status != 'cancelled'
		WHERE e.id = ? GROUP BY e.id`
	var row struct {
		EventID    string `db:"event_id"`
		Capacity   int    `db:"capacity"`
		Confirmed  int    `db:"confirmed"`
		Waitlisted int    `db:"waitlisted"`
	}
	if err := q.GetContext(ctx, &row, query, eventID); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return domain.Seats{}, fmt.Errorf("event %s: %w", eventID, domain.ErrNotFound)
		}
		return domain.Seats{}, fmt.Errorf("count seats of event %s: %w", eventID, err)
	}
	return domain.Seats(row), nil
}

// NextWaitlisted returns up to n waitlisted registrations of an event in
// arrival order: the next to be promoted first.
func NextWaitlisted(ctx context.Context, q Queryer, eventID string, n int) ([]domain.Registration, error) {
	return ListRegistrations(ctx, q, ListFilter{EventID: eventID, Status: domain.StatusWaitlisted, Limit: n})
}

// BumpSeatsVersion raises and returns the version of an event's seat counts.
func BumpSeatsVersion(ctx context.Context, tx sqlite.Tx, eventID string) (int64, error) {
	const query = `UPDATE events SET seats_version = seats_version + 1 WHERE id = ? RETURNING seats_version`
	return bump(ctx, tx, query, "seats version of event "+eventID, eventID)
}

// bump runs an UPDATE ... RETURNING of one counter.
func bump(ctx context.Context, tx sqlite.Tx, query, what string, args ...any) (int64, error) {
	var v int64
	if err := tx.GetContext(ctx, &v, query, args...); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return 0, fmt.Errorf("bump %s: %w", what, domain.ErrNotFound)
		}
		return 0, fmt.Errorf("bump %s: %w", what, err)
	}
	return v, nil
}
