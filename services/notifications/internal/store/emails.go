package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"

	"plein.dev/notifications/internal/domain"
)

type emailRow struct {
	Seq            int64         `db:"seq"`
	ID             string        `db:"id"`
	Recipient      string        `db:"recipient"`
	Subject        string        `db:"subject"`
	Kind           string        `db:"kind"`
	RegistrationID string        `db:"registration_id"`
	EventID        string        `db:"event_id"`
	Status         string        `db:"status"`
	Attempts       int           `db:"attempts"`
	Error          string        `db:"error"`
	ErrorStep      string        `db:"error_step"`
	ErrorCode      int           `db:"error_code"`
	CreatedAt      int64         `db:"created_at"`
	SentAt         sql.NullInt64 `db:"sent_at"`
}

func (r emailRow) email() domain.Email {
	e := domain.Email{Seq: r.Seq, ID: r.ID, To: r.Recipient, Subject: r.Subject, Kind: domain.Kind(r.Kind),
		RegistrationID: r.RegistrationID, EventID: r.EventID, Status: domain.Status(r.Status), Attempts: r.Attempts,
		Failure:   domain.Failure{Step: r.ErrorStep, Code: r.ErrorCode, Detail: r.Error},
		CreatedAt: time.UnixMilli(r.CreatedAt).UTC()}
	if r.SentAt.Valid {
		t := time.UnixMilli(r.SentAt.Int64).UTC()
		e.SentAt = &t
	}
	return e
}

// Enqueue logs e as pending and queues its letter for delivery, within
// tx, unless an e-mail with the same cause exists; then it does nothing and
// returns false. The queue entry is due at once (e.CreatedAt); from is the
// envelope sender.
func Enqueue(ctx context.Context, tx *sqlx.Tx, e domain.Email, cause, from string, out domain.Outgoing) (bool, error) {
	letter, err := domain.MarshalLetter(out.Letter)
	if err != nil {
		return false, fmt.Errorf("queue e-mail %s: %w", e.ID, err)
	}
	const insertEmail = `INSERT INTO emails (id, recipient, subject, kind, registration_id, event_id,
		programme_id, cause, status, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?)
		ON CONFLICT (cause) DO NOTHING`
	res, err := tx.ExecContext(ctx, insertEmail, e.ID, e.To, e.Subject, string(e.Kind), e.RegistrationID,
		e.EventID, e.ProgrammeID, cause, e.CreatedAt.UnixMilli())
	if err != nil {
		return false, fmt.Errorf("log e-mail %s: %w", e.ID, err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return false, fmt.Errorf("log e-mail %s: %w", e.ID, err)
	} else if n == 0 {
		return false, nil
	}
	const insertQueue = `INSERT INTO mail_queue (email_id, envelope_from, envelope_to, message, letter, next_attempt_at)
		VALUES (?, ?, ?, x'', ?, ?)`
	if _, err := tx.ExecContext(ctx, insertQueue, e.ID, from, out.EnvelopeTo, string(letter),
		e.CreatedAt.UnixMilli()); err != nil {
		return false, fmt.Errorf("queue e-mail %s: %w", e.ID, err)
	}
	return true, nil
}

// Caused reports whether an e-mail with this cause was ever logged.
func Caused(ctx context.Context, q Queryer, cause string) (bool, error) {
	var n int
	if err := q.GetContext(ctx, &n, `SELECT count(*) FROM emails WHERE cause = ?`, cause); err != nil {
		return false, fmt.Errorf("e-mail with cause %s: %w", cause, err)
	}
	return n > 0, nil
}

// Filter selects e-mails of the log. Empty fields select all.
type Filter struct {
	RegistrationID string
	EventID        string
	// To selects the e-mails to an address, whatever its case.
	To     string
	Status domain.Status
	// AfterSeq continues a listing after the e-mail with this Seq.
	AfterSeq int64
	Limit    int
	// Owners, if not nil, keeps the e-mails of events, and about ideas
	// of programmes, one of these organisations owns (and so none that
	// concern no known event or programme).
	Owners []string
}

// List returns the e-mails f selects, oldest first.
func List(ctx context.Context, q Queryer, f Filter) ([]domain.Email, error) {
	query := `SELECT seq, id, recipient, subject, kind, registration_id, event_id, status, attempts, error,
		error_step, error_code, created_at, sent_at FROM emails WHERE seq > ?`
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
	if f.To != "" {
		query += ` AND recipient = ? COLLATE NOCASE`
		args = append(args, f.To)
	}
	if f.Status != "" {
		query += ` AND status = ?`
		args = append(args, string(f.Status))
	}
	if f.Owners != nil {
		query += ` AND (event_id IN (SELECT v.event_id FROM events v, json_each(v.owners) o
			WHERE o.value IN (SELECT value FROM json_each(?)))
			OR programme_id IN (SELECT p.programme_id FROM programmes p, json_each(p.owners) o
			WHERE o.value IN (SELECT value FROM json_each(?))))`
		raw, _ := json.Marshal(f.Owners) // a []string always marshals
		args = append(args, string(raw), string(raw))
	}
	query += ` ORDER BY seq LIMIT ?`
	args = append(args, f.Limit)
	var rows []emailRow
	if err := q.SelectContext(ctx, &rows, query, args...); err != nil {
		return nil, fmt.Errorf("list e-mails: %w", err)
	}
	out := make([]domain.Email, 0, len(rows))
	for _, r := range rows {
		out = append(out, r.email())
	}
	return out, nil
}

// EraseRegistration removes a registration's address from the e-mail log,
// drops its unsent e-mails (the queued letter holds name and address;
// those are marked failed) and forgets the registration.
func EraseRegistration(ctx context.Context, tx *sqlx.Tx, registrationID string) error {
	const dequeue = `DELETE FROM mail_queue WHERE email_id IN (SELECT id FROM emails WHERE registration_id = ?)`
	const forget = `UPDATE emails SET recipient = '',
		status = CASE WHEN status = 'pending' THEN 'failed' ELSE status END WHERE registration_id = ?`
	for _, stmt := range []string{dequeue, forget, deleteAttendee} {
		if _, err := tx.ExecContext(ctx, stmt, registrationID); err != nil {
			return fmt.Errorf("erase e-mails of registration %s: %w", registrationID, err)
		}
	}
	return nil
}
