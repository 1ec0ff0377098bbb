package store

import (
	"context"
	"fmt"

	"github.com/jmoiron/sqlx"

	"plein.dev/events/internal/domain"
)

// PutSeats records an event's seat counts as reported by the registrations
// service, replacing the counts known before.
func PutSeats(ctx context.Context, tx *sqlx.Tx, s domain.Seats) error {
	const query = `INSERT INTO event_seats (event_id, seats_taken, waitlist_length) VALUES (?, ?, ?)
		ON CONFLICT (event_id) DO UPDATE SET seats_taken = excluded.seats_taken,
		waitlist_length = excluded.waitlist_length`
	if _, err := tx.ExecContext(ctx, query, s.EventID, s.Taken, s.WaitlistLength); err != nil {
		return fmt.Errorf("put seats of event %s: %w", s.EventID, err)
	}
	return nil
}
