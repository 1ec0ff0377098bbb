package app

import (
	"context"
	"fmt"
	"time"

	"plein.dev/ambassadors/internal/domain"
	"plein.dev/ambassadors/internal/store"
	"plein.dev/platform/zone"
)

// supportedIdeas returns a programme's ideas that became ondersteund on
// the days from..to (Amsterdam, both included), for the report.
func supportedIdeas(ctx context.Context, q store.Queryer, programmeID string, from, to domain.Date) ([]domain.Idea, error) {
	start, err := time.ParseInLocation(time.DateOnly, string(from), zone.Amsterdam)
	if err != nil {
		return nil, fmt.Errorf("report from %s: %w", from, err)
	}
	last, err := time.ParseInLocation(time.DateOnly, string(to), zone.Amsterdam)
	if err != nil {
		return nil, fmt.Errorf("report to %s: %w", to, err)
	}
	end := time.Date(last.Year(), last.Month(), last.Day()+1, 0, 0, 0, 0, zone.Amsterdam)
	return store.SupportedIdeas(ctx, q, programmeID, start.Unix(), end.Unix())
}
