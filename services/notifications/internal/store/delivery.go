package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"

	"plein.dev/notifications/internal/domain"
)

// Due returns up to limit queued e-mails whose next attempt is due at now,
// oldest first.
func Due(ctx context.Context, q Queryer, now time.Time, limit int) ([]domain.Outgoing, error) {
	const query = `SELECT q.email_id, q.envelope_from, q.envelope_to, q.message, q.attempts, e.created_at
		FROM mail_queue q JOIN emails e ON e.id = q.email_id
		WHERE q.next_attempt_at <= ? ORDER BY q.next_attempt_at, e.seq LIMIT ?`
	var rows []struct {
		EmailID      string `db:"email_id"`
		EnvelopeFrom string `db:"envelope_from"`
		EnvelopeTo   string `db:"envelope_to"`
		Message      []byte `db:"message"`
		Attempts     int    `db:"attempts"`
		CreatedAt    int64  `db:"created_at"`
	}
	if err := q.SelectContext(ctx, &rows, query, now.UnixMilli(), limit); err != nil {
		return nil, fmt.Errorf("read mail queue: %w", err)
	}
	out := make([]domain.Outgoing, 0, len(rows))
	for _, r := range rows {
		out = append(out, domain.Outgoing{EmailID: r.EmailID, EnvelopeFrom: r.EnvelopeFrom, EnvelopeTo: r.EnvelopeTo,
			Message: r.Message, Attempts: r.Attempts, CreatedAt: time.UnixMilli(r.CreatedAt).UTC()})
	}
	return out, nil
}

// NextDue returns when the earliest queued e-mail is due; ok is false when
// the queue is empty.
func NextDue(ctx context.Context, q Queryer) (at time.Time, ok bool, err error) {
	var next sql.NullInt64
	if err := q.GetContext(ctx, &next, `SELECT min(next_attempt_at) FROM mail_queue`); err != nil {
		return time.Time{}, false, fmt.Errorf("read mail queue: %w", err)
	}
	if !next.Valid {
		return time.Time{}, false, nil
	}
	return time.UnixMilli(next.Int64).UTC(), true, nil
}

// MarkSent records that an e-mail was handed over and drops its message.
func MarkSent(ctx context.Context, tx *sqlx.Tx, emailID string, at time.Time) error {
	const update = `UPDATE emails SET status = 'sent', sent_at = ?, error = '' WHERE id = ?`
	if _, err := tx.ExecContext(ctx, update, at.UnixMilli(), emailID); err != nil {
		return fmt.Errorf("mark e-mail %s sent: %w", emailID, err)
	}
	return dequeue(ctx, tx, emailID)
}

// MarkFailed records that an e-mail cannot be delivered and drops its
// message.
func MarkFailed(ctx context.Context, tx *sqlx.Tx, emailID, reason string) error {
	const update = `UPDATE emails SET status = 'failed', error = ? WHERE id = ?`
	if _, err := tx.ExecContext(ctx, update, reason, emailID); err != nil {
		return fmt.Errorf("mark e-mail %s failed: %w", emailID, err)
	}
	return dequeue(ctx, tx, emailID)
}

func dequeue(ctx context.Context, tx *sqlx.Tx, emailID string) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM mail_queue WHERE email_id = ?`, emailID); err != nil {
		return fmt.Errorf("dequeue e-mail %s: %w", emailID, err)
	}
	return nil
}

// Retry records a failed attempt and when to try again.
func Retry(ctx context.Context, tx *sqlx.Tx, emailID string, next time.Time, reason string) error {
	const update = `UPDATE mail_queue SET attempts = attempts + 1, next_attempt_at = ?, last_error = ?
		WHERE email_id = ?`
	if _, err := tx.ExecContext(ctx, update, next.UnixMilli(), reason, emailID); err != nil {
		return fmt.Errorf("reschedule e-mail %s: %w", emailID, err)
	}
	return nil
}
