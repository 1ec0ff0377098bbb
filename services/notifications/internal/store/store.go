// Package store keeps the e-mail log and the outgoing mail queue in SQLite.
package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"

	"plein.dev/notifications/internal/domain"
)

// Status of an e-mail.
type Status string

// Statuses.
const (
	StatusPending Status = "pending"
	StatusSent    Status = "sent"
	StatusFailed  Status = "failed"
)

// Email is an entry of the e-mail log.
type Email struct {
	Seq            int64
	ID             string
	To             string
	Subject        string
	Kind           domain.Kind
	RegistrationID string
	EventID        string
	Status         Status
	Error          string
	CreatedAt      time.Time
	SentAt         *time.Time
}

// Outgoing is a composed e-mail waiting to be sent.
type Outgoing struct {
	EmailID      string
	EnvelopeFrom string
	EnvelopeTo   string
	Message      []byte
	Attempts     int
	CreatedAt    time.Time
}

type emailRow struct {
	Seq            int64         `db:"seq"`
	ID             string        `db:"id"`
	Recipient      string        `db:"recipient"`
	Subject        string        `db:"subject"`
	Kind           string        `db:"kind"`
	RegistrationID string        `db:"registration_id"`
	EventID        string        `db:"event_id"`
	Status         string        `db:"status"`
	Error          string        `db:"error"`
	CreatedAt      int64         `db:"created_at"`
	SentAt         sql.NullInt64 `db:"sent_at"`
}

func (r emailRow) email() Email {
	e := Email{Seq: r.Seq, ID: r.ID, To: r.Recipient, Subject: r.Subject, Kind: domain.Kind(r.Kind),
		RegistrationID: r.RegistrationID, EventID: r.EventID, Status: Status(r.Status), Error: r.Error,
		CreatedAt: time.UnixMilli(r.CreatedAt).UTC()}
	if r.SentAt.Valid {
		t := time.UnixMilli(r.SentAt.Int64).UTC()
		e.SentAt = &t
	}
	return e
}

// Enqueue logs e as pending and queues its message for delivery, within tx,
// unless an e-mail with the same cause exists; then it does nothing and
// returns false.
func Enqueue(ctx context.Context, tx *sqlx.Tx, e Email, cause string, out Outgoing) (bool, error) {
	const insertEmail = `INSERT INTO emails (id, recipient, subject, kind, registration_id, event_id,
		cause, status, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'pending', ?)
		ON CONFLICT (cause) DO NOTHING`
	res, err := tx.ExecContext(ctx, insertEmail, e.ID, e.To, e.Subject, string(e.Kind), e.RegistrationID,
		e.EventID, cause, e.CreatedAt.UnixMilli())
	if err != nil {
		return false, fmt.Errorf("log e-mail %s: %w", e.ID, err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return false, fmt.Errorf("log e-mail %s: %w", e.ID, err)
	} else if n == 0 {
		return false, nil
	}
	const insertQueue = `INSERT INTO mail_queue (email_id, envelope_from, envelope_to, message, next_attempt_at)
		VALUES (?, ?, ?, ?, ?)`
	if _, err := tx.ExecContext(ctx, insertQueue, e.ID, out.EnvelopeFrom, out.EnvelopeTo, out.Message,
		e.CreatedAt.UnixMilli()); err != nil {
		return false, fmt.Errorf("queue e-mail %s: %w", e.ID, err)
	}
	return true, nil
}

// Due returns up to limit queued e-mails whose next attempt is due at now,
// oldest first.
func Due(ctx context.Context, db *sqlx.DB, now time.Time, limit int) ([]Outgoing, error) {
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
	if err := db.SelectContext(ctx, &rows, query, now.UnixMilli(), limit); err != nil {
		return nil, fmt.Errorf("read mail queue: %w", err)
	}
	out := make([]Outgoing, 0, len(rows))
	for _, r := range rows {
		out = append(out, Outgoing{EmailID: r.EmailID, EnvelopeFrom: r.EnvelopeFrom, EnvelopeTo: r.EnvelopeTo,
			Message: r.Message, Attempts: r.Attempts, CreatedAt: time.UnixMilli(r.CreatedAt).UTC()})
	}
	return out, nil
}

// NextDue returns when the earliest queued e-mail is due; ok is false when
// the queue is empty.
func NextDue(ctx context.Context, db *sqlx.DB) (at time.Time, ok bool, err error) {
	var next sql.NullInt64
	if err := db.GetContext(ctx, &next, `SELECT min(next_attempt_at) FROM mail_queue`); err != nil {
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

// Filter selects e-mails of the log. Empty fields select all.
type Filter struct {
	RegistrationID string
	EventID        string
	// AfterSeq continues a listing after the e-mail with this Seq.
	AfterSeq int64
	Limit    int
}

// List returns the e-mails f selects, oldest first.
func List(ctx context.Context, db *sqlx.DB, f Filter) ([]Email, error) {
	query := `SELECT seq, id, recipient, subject, kind, registration_id, event_id, status, error,
		created_at, sent_at FROM emails WHERE seq > ?`
	args := []any{f.AfterSeq}
	// Only the conditions in use, so that SQLite picks the matching index.
	if f.RegistrationID != "" {
		query += ` AND registration_id = ?`
		args = append(args, f.RegistrationID)
	}
	if f.EventID != "" {
		query += ` AND event_id = ?`
		args = append(args, f.EventID)
	}
	query += ` ORDER BY seq LIMIT ?`
	args = append(args, f.Limit)
	var rows []emailRow
	if err := db.SelectContext(ctx, &rows, query, args...); err != nil {
		return nil, fmt.Errorf("list e-mails: %w", err)
	}
	out := make([]Email, 0, len(rows))
	for _, r := range rows {
		out = append(out, r.email())
	}
	return out, nil
}

// EraseRegistration removes a registration's address from the e-mail log
// and drops its unsent e-mails (the queued message holds name and address).
func EraseRegistration(ctx context.Context, tx *sqlx.Tx, registrationID string) error {
	const dequeue = `DELETE FROM mail_queue WHERE email_id IN (SELECT id FROM emails WHERE registration_id = ?)`
	const forget = `UPDATE emails SET recipient = '',
		status = CASE WHEN status = 'pending' THEN 'failed' ELSE status END WHERE registration_id = ?`
	if _, err := tx.ExecContext(ctx, dequeue, registrationID); err != nil {
		return fmt.Errorf("erase e-mails of registration %s: %w", registrationID, err)
	}
	if _, err := tx.ExecContext(ctx, forget, registrationID); err != nil {
		return fmt.Errorf("erase e-mails of registration %s: %w", registrationID, err)
	}
	return nil
}
