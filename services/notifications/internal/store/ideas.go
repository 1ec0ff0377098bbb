package store

import (
	"context"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"
)

// ExpiredIdeaEmails returns up to limit e-mails about ideas (those logged
// with a programme) written before cutoff that still have their
// recipient and are no longer queued.
func ExpiredIdeaEmails(ctx context.Context, q Queryer, cutoff time.Time, limit int) ([]string, error) {
	const query = `SELECT id FROM emails WHERE programme_id <> '' AND recipient <> '' AND status <> 'pending'
		AND created_at < ? ORDER BY seq LIMIT ?`
	var ids []string
	if err := q.SelectContext(ctx, &ids, query, cutoff.UnixMilli(), limit); err != nil {
		return nil, fmt.Errorf("expired e-mails about ideas: %w", err)
	}
	return ids, nil
}

// ForgetRecipient takes the recipient out of the e-mail id; the log keeps
// that it was sent.
func ForgetRecipient(ctx context.Context, tx *sqlx.Tx, id string) error {
	if _, err := tx.ExecContext(ctx, `UPDATE emails SET recipient = '' WHERE id = ?`, id); err != nil {
		return fmt.Errorf("forget the recipient of e-mail %s: %w", id, err)
	}
	return nil
}
