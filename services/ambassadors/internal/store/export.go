package store

import (
	"context"
	"fmt"

	"plein.dev/ambassadors/internal/domain"
)

// AmbassadorsByEmail returns the ambassadors of an e-mail address, whatever
// its case, one per programme they were appointed to, oldest first. (A
// scan: ambassadors are counted in dozens per programme.)
func AmbassadorsByEmail(ctx context.Context, q Queryer, email string) ([]domain.Ambassador, error) {
	const query = `SELECT ` + ambassadorColumns + ambassadorFrom + ` WHERE lower(a.email) = lower(?)
		ORDER BY a.created_at, a.id`
	var rows []ambassadorRow
	if err := q.SelectContext(ctx, &rows, query, email); err != nil {
		return nil, fmt.Errorf("ambassadors by e-mail: %w", err)
	}
	return ambassadors(rows), nil
}
