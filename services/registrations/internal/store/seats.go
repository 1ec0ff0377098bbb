package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"plein.dev/platform/sqlite"
	"plein.dev/registrations/internal/domain"
)

// Seats returns an event's capacity and how many of its registrations are
// confirmed and waitlisted; an unknown event is ErrNotFound. The counts are
// kept on the event's row by every change of a registration's status
// (InsertRegistration, SaveStatus), in the transaction of the change: read
// in the write transaction that then inserts or promotes, they cannot
// change before the decision is written, and reading them costs the same
// at any size of the event.
func Seats(ctx context.Context, q Queryer, eventID string) (domain.Seats, error) {
	const query = `SELECT id, capacity, confirmed, waitlisted, seats_version FROM events WHERE id = ?`
	var row seatsRow
	if err := q.GetContext(ctx, &row, query, eventID); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return domain.Seats{}, fmt.Errorf("event %s: %w", eventID, domain.ErrNotFound)
		}
		return domain.Seats{}, fmt.Errorf("seats of event %s: %w", eventID, err)
	}
	return domain.Seats(row), nil
}

// seatsRow is an event's seat counts as stored on its row.
type seatsRow struct {
	EventID    string `db:"id"`
	Capacity   int    `db:"capacity"`
	Confirmed  int    `db:"confirmed"`
	Waitlisted int    `db:"waitlisted"`
	Version    int64  `db:"seats_version"`
}

// moveSeat moves one registration of an event out of the count of status
// from into that of status to. Cancelled registrations, and the empty
// status of one not yet stored, are in no count.
func moveSeat(ctx context.Context, tx sqlite.Tx, eventID string, from, to domain.Status) error {
	if from == to {
		return nil
	}
	c0, w0 := seatCounts(from)
	c1, w1 := seatCounts(to)
	const query = `UPDATE events SET confirmed = confirmed + ?, waitlisted = waitlisted + ? WHERE id = ?`
	res, err := tx.ExecContext(ctx, query, c1-c0, w1-w0, eventID)
	if err != nil {
		return fmt.Errorf("seat counts of event %s: %w", eventID, err)
	}
	return oneRow(res, "event "+eventID)
}

// seatCounts says in which of the seat counts a registration of status s
// counts: confirmed, waitlisted, or neither.
func seatCounts(s domain.Status) (confirmed, waitlisted int) {
	switch s {
	case domain.StatusConfirmed:
		return 1, 0
	case domain.StatusWaitlisted:
		return 0, 1
	}
	return 0, 0
}

// NextWaitlisted returns up to n waitlisted registrations of an event in
// arrival order: the next to be promoted first.
func NextWaitlisted(ctx context.Context, q Queryer, eventID string, n int) ([]domain.Registration, error) {
	return ListRegistrations(ctx, q, ListFilter{EventID: eventID, Status: domain.StatusWaitlisted, Limit: n})
}

// BumpSeats raises the version of an event's seat counts and returns the
// counts under it, in one statement.
func BumpSeats(ctx context.Context, tx sqlite.Tx, eventID string) (domain.Seats, error) {
	const query = `UPDATE events SET seats_version = seats_version + 1 WHERE id = ?
		RETURNING id, capacity, confirmed, waitlisted, seats_version`
	var row seatsRow
	if err := tx.GetContext(ctx, &row, query, eventID); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return domain.Seats{}, fmt.Errorf("bump seats version of event %s: %w", eventID, domain.ErrNotFound)
		}
		return domain.Seats{}, fmt.Errorf("bump seats version of event %s: %w", eventID, err)
	}
	return domain.Seats(row), nil
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
