package store

import (
	"context"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"
)

// ExpiredIdeaEmails returns up to limit e-mails about ideas (those logged
// with a programme) written before cutoff that still have their
// recipient and are no longer queued, oldest first. It reads them by
// emails_ideas_held (migration 0010), which an e-mail leaves once its
// recipient is taken out: a batch reads the e-mails it returns and those
// still queued, not the log.
func ExpiredIdeaEmails(ctx context.Context, q Queryer, cutoff time.Time, limit int) ([]string, error) {
	var ids []string
	if err := q.SelectContext(ctx, &ids, expiredIdeaEmailsQuery, cutoff.UnixMilli(), limit); err != nil {
		return nil, fmt.Errorf("expired e-mails about ideas: %w", err)
	}
	return ids, nil
}

const expiredIdeaEmailsQuery = `SELECT id FROM emails WHERE programme_id <> '' AND recipient <> '' AND status <> 'pending'
	AND created_at < ? ORDER BY created_at, seq LIMIT ?`

// ForgetRecipient takes the recipient out of the e-mail id; the log keeps
// that it was sent.
func ForgetRecipient(ctx context.Context, tx *sqlx.Tx, id string) error {
	if _, err := tx.ExecContext(ctx, `UPDATE emails SET recipient = '' WHERE id = ?`, id); err != nil {
		return fmt.Errorf("forget the recipient of e-mail %s: %w", id, err)
	}
	return nil
}
