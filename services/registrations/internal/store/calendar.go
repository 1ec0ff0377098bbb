package store

import (
	"context"
	"fmt"

	"plein.dev/registrations/internal/domain"
)

// EarlierVersions returns the sum of the versions of the registrations of
// the same e-mail address for the same event that arrived before r: those
// are cancelled (only one can be live) and no longer change. Erased
// registrations have no address and do not count. r must be stored (its
// place in the arrival order is read, so a registration just inserted,
// whose Seq is not known yet, counts right).
func EarlierVersions(ctx context.Context, q Queryer, r domain.Registration) (int64, error) {
	const query = `SELECT COALESCE(SUM(version), 0) FROM registrations
		WHERE event_id = ? AND email_key = ? AND seq < (SELECT seq FROM registrations WHERE id = ?)`
	var sum int64
	if err := q.GetContext(ctx, &sum, query, r.EventID, domain.EmailKey(r.Email), r.ID); err != nil {
		return 0, fmt.Errorf("earlier registrations of %s: %w", r.ID, err)
	}
	return sum, nil
}
