package app

import (
	"context"
	"errors"
	"fmt"

	"plein.dev/events/internal/domain"
	"plein.dev/events/internal/store"
)

// completeBatch is the most events one round completes; the next round
// takes the rest.
const completeBatch = 100

// CompleteEnded is one round of the completion loop: it completes the
// published events whose end has passed, each announced.
func (a *App) CompleteEnded(ctx context.Context) error {
	ids, err := store.EndedEvents(ctx, a.db.R, a.now(), completeBatch)
	if err != nil {
		return fmt.Errorf("complete ended events: %w", err)
	}
	n := 0
	for _, id := range ids {
		_, err := a.complete(ctx, id)
		if errors.Is(err, domain.ErrTransition) {
			continue // cancelled or completed meanwhile
		}
		if err != nil {
			return fmt.Errorf("complete ended events (%d done): %w", n, err)
		}
		n++
	}
	if n > 0 {
		a.log.InfoContext(ctx, "completed ended events", "count", n)
	}
	return nil
}
