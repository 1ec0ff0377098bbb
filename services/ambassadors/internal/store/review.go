package store

import (
	"context"
	"fmt"

	"plein.dev/ambassadors/internal/domain"
)

// ReviewFilter narrows a programme's list of activities: status is a
// review status or empty for all; the list starts after (AfterOn, AfterID)
// when AfterID is set.
type ReviewFilter struct {
	ProgrammeID string
	Status      domain.ReviewStatus
	AfterOn     domain.Date
	AfterID     string
	Limit       int
}

// ProgrammeReviewList returns a programme's activities across its
// ambassadors, oldest first in (occurredOn, id) order; keyset-paged.
func ProgrammeReviewList(ctx context.Context, q Queryer, f ReviewFilter) ([]domain.Activity, error) {
	const query = `SELECT ` + activityColumns + ` FROM activities WHERE programme_id = ?
		AND (? = '' OR review_status = ?) AND (? = '' OR (occurred_on, id) > (?, ?))
		ORDER BY occurred_on, id LIMIT ?`
	var rows []activityRow
	st := string(f.Status)
	if err := q.SelectContext(ctx, &rows, query, f.ProgrammeID, st, st, f.AfterID, string(f.AfterOn), f.AfterID, f.Limit); err != nil {
		return nil, fmt.Errorf("activities of programme %s with status %q: %w", f.ProgrammeID, st, err)
	}
	return activities(rows)
}
