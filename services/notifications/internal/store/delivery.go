package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"

	"plein.dev/notifications/internal/domain"
)

// Queued is a queued e-mail: its letter, or, for a row queued before
// letters were (migration 0002), the message composed then.
type Queued struct {
	domain.Outgoing
	// Composed is the message of a row queued before letters; nil
	// otherwise.
	Composed []byte
	// Unreadable says why the stored letter could not be read (it is
	// never sent).
	Unreadable error
}

// Due returns up to limit queued e-mails whose next attempt is due at now,
// oldest first.
func Due(ctx context.Context, q Queryer, now time.Time, limit int) ([]Queued, error) {
	const query = `SELECT q.email_id, q.envelope_to, q.message, q.letter, q.attempts, e.created_at
		FROM mail_queue q JOIN emails e ON e.id = q.email_id
		WHERE q.next_attempt_at <= ? ORDER BY q.next_attempt_at, e.seq LIMIT ?`
	var rows []struct {
		EmailID    string `db:"email_id"`
		EnvelopeTo string `db:"envelope_to"`
		Message    []byte `db:"message"`
		Letter     string `db:"letter"`
		Attempts   int    `db:"attempts"`
		CreatedAt  int64  `db:"created_at"`
	}
	if err := q.SelectContext(ctx, &rows, query, now.UnixMilli(), limit); err != nil {
		return nil, fmt.Errorf("read mail queue: %w", err)
	}
	out := make([]Queued, 0, len(rows))
	for _, r := range rows {
		o := Queued{Outgoing: domain.Outgoing{EmailID: r.EmailID, EnvelopeTo: r.EnvelopeTo, Attempts: r.Attempts,
			CreatedAt: time.UnixMilli(r.CreatedAt).UTC()}}
		if r.Letter == "" {
			o.Composed = r.Message
		} else if o.Letter, o.Unreadable = domain.UnmarshalLetter([]byte(r.Letter)); o.Unreadable != nil {
			o.Unreadable = fmt.Errorf("queued e-mail %s: %w", r.EmailID, o.Unreadable)
		}
		out = append(out, o)
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

// MarkSent records that an e-mail was handed over (the failures before
// it are forgotten; their number stays) and drops its letter.
func MarkSent(ctx context.Context, tx *sqlx.Tx, emailID string, at time.Time) error {
	const update = `UPDATE emails SET status = 'sent', sent_at = ?, error = '', error_step = '', error_code = 0
		WHERE id = ?`
	if _, err := tx.ExecContext(ctx, update, at.UnixMilli(), emailID); err != nil {
		return fmt.Errorf("mark e-mail %s sent: %w", emailID, err)
	}
	return dequeue(ctx, tx, emailID)
}

// MarkFailed records that an e-mail cannot be delivered, and why, and
// drops its letter.
func MarkFailed(ctx context.Context, tx *sqlx.Tx, emailID string, f domain.Failure) error {
	const update = `UPDATE emails SET status = 'failed', attempts = attempts + 1, error = ?, error_step = ?,
		error_code = ? WHERE id = ?`
	if _, err := tx.ExecContext(ctx, update, f.Detail, f.Step, f.Code, emailID); err != nil {
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

// Retry records a failed attempt, why, and when to try again.
func Retry(ctx context.Context, tx *sqlx.Tx, emailID string, next time.Time, f domain.Failure) error {
	const updateQueue = `UPDATE mail_queue SET attempts = attempts + 1, next_attempt_at = ?, last_error = ?
		WHERE email_id = ?`
	const updateLog = `UPDATE emails SET attempts = attempts + 1, error = ?, error_step = ?, error_code = ?
		WHERE id = ?`
	if _, err := tx.ExecContext(ctx, updateQueue, next.UnixMilli(), f.Step+" "+f.Detail, emailID); err != nil {
		return fmt.Errorf("reschedule e-mail %s: %w", emailID, err)
	}
	if _, err := tx.ExecContext(ctx, updateLog, f.Detail, f.Step, f.Code, emailID); err != nil {
		return fmt.Errorf("reschedule e-mail %s: %w", emailID, err)
	}
	return nil
}

// QueueLength returns how many e-mails wait to be sent (due or not).
func QueueLength(ctx context.Context, q Queryer) (int, error) {
	var n int
	if err := q.GetContext(ctx, &n, `SELECT count(*) FROM mail_queue`); err != nil {
		return 0, fmt.Errorf("count the mail queue: %w", err)
	}
	return n, nil
}
