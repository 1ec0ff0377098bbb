package app

import (
	"context"

	"plein.dev/events/internal/domain"
	"plein.dev/events/internal/store"
	"plein.dev/platform/sqlite"
)

// ApplySeats records an event's seat counts as the registrations service
// reported them, in the consumer's transaction; events show them.
func (a *App) ApplySeats(ctx context.Context, tx sqlite.Tx, s domain.Seats) error {
	return store.PutSeats(ctx, tx, s)
}
