package store

import (
	"context"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"

	"plein.dev/ambassadors/internal/domain"
)

// ActiveProgrammes returns every programme that is not closed.
func ActiveProgrammes(ctx context.Context, q Queryer) ([]domain.Programme, error) {
	const query = `SELECT ` + programmeColumns + ` FROM programmes WHERE status = 'active' ORDER BY starts_on, id`
	var rows []programmeRow
	if err := q.SelectContext(ctx, &rows, query); err != nil {
		return nil, fmt.Errorf("active programmes: %w", err)
	}
	return programmes(rows)
}

// RecordBehindSignal records that the ambassador was reminded in month
// (YYYY-MM); it returns false if they were reminded that month already.
func RecordBehindSignal(ctx context.Context, tx *sqlx.Tx, ambassadorID, month string, now time.Time) (bool, error) {
	const query = `INSERT INTO behind_target_signals (ambassador_id, month, sent_at) VALUES (?, ?, ?)
		ON CONFLICT DO NOTHING`
	res, err := tx.ExecContext(ctx, query, ambassadorID, month, now.Unix())
	if err != nil {
		return false, fmt.Errorf("record behind-target signal of %s: %w", ambassadorID, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("record behind-target signal of %s: %w", ambassadorID, err)
	}
	return n == 1, nil
}

// TermEndedUnannounced returns the ambassadors who are alumni on day today
// (term ended before today, or programme closed) and whose term end was
// not announced yet.
func TermEndedUnannounced(ctx context.Context, q Queryer, today domain.Date) ([]domain.Ambassador, error) {
	const query = `SELECT ` + ambassadorColumns + ambassadorFrom + `
		WHERE a.term_ended_announced = 0 AND (a.term_ends_on < ? OR p.status = 'closed') ORDER BY a.id`
	var rows []ambassadorRow
	if err := q.SelectContext(ctx, &rows, query, string(today)); err != nil {
		return nil, fmt.Errorf("ambassadors whose term ended: %w", err)
	}
	return ambassadors(rows), nil
}
