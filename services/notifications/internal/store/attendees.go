package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"

	"plein.dev/notifications/internal/domain"
)

const deleteAttendee = `DELETE FROM attendees WHERE registration_id = ?`

// Attendee returns what is known of a registration; ok is false when
// nothing is.
func Attendee(ctx context.Context, q Queryer, registrationID string) (r domain.Registration, ok bool, err error) {
	var facts string
	err = q.GetContext(ctx, &facts, `SELECT facts FROM attendees WHERE registration_id = ?`, registrationID)
	if errors.Is(err, sql.ErrNoRows) {
		return domain.Registration{}, false, nil
	}
	if err != nil {
		return domain.Registration{}, false, fmt.Errorf("attendee %s: %w", registrationID, err)
	}
	if err := json.Unmarshal([]byte(facts), &r); err != nil {
		return domain.Registration{}, false, fmt.Errorf("attendee %s: %w", registrationID, err)
	}
	return r, true, nil
}

// PutAttendee records what is known of a registration now.
func PutAttendee(ctx context.Context, tx *sqlx.Tx, r domain.Registration) error {
	facts, err := json.Marshal(r)
	if err != nil {
		return fmt.Errorf("attendee %s: %w", r.ID, err)
	}
	const upsert = `INSERT INTO attendees (registration_id, event_id, status, starts_at, ends_at, registered_at, facts)
		VALUES (?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (registration_id) DO UPDATE SET event_id = excluded.event_id, status = excluded.status,
			starts_at = excluded.starts_at, ends_at = excluded.ends_at, registered_at = excluded.registered_at,
			facts = excluded.facts`
	if _, err := tx.ExecContext(ctx, upsert, r.ID, r.EventID, r.Status, millis(r.Event.StartsAt), millis(r.Event.EndsAt),
		millis(r.RegisteredAt), string(facts)); err != nil {
		return fmt.Errorf("record attendee %s: %w", r.ID, err)
	}
	return nil
}

// RemindersDue returns up to limit confirmed registrations whose event
// starts after now and within lead, whom no reminder was sent, and who
// registered at least lead before the start; soonest first.
func RemindersDue(ctx context.Context, q Queryer, now time.Time, lead time.Duration, limit int) ([]domain.Registration, error) {
	const query = `SELECT a.facts FROM attendees a
		WHERE a.status = 'confirmed' AND a.starts_at > ? AND a.starts_at <= ?
			AND a.registered_at <= a.starts_at - ?
			AND NOT EXISTS (SELECT 1 FROM emails e WHERE e.cause = 'reminder:' || a.registration_id)
		ORDER BY a.starts_at LIMIT ?`
	var rows []string
	if err := q.SelectContext(ctx, &rows, query, now.UnixMilli(), now.Add(lead).UnixMilli(), lead.Milliseconds(),
		limit); err != nil {
		return nil, fmt.Errorf("reminders due: %w", err)
	}
	out := make([]domain.Registration, 0, len(rows))
	for _, facts := range rows {
		var r domain.Registration
		if err := json.Unmarshal([]byte(facts), &r); err != nil {
			return nil, fmt.Errorf("reminders due: %w", err)
		}
		out = append(out, r)
	}
	return out, nil
}

// millis is t in Unix milliseconds, 0 for the zero time.
func millis(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixMilli()
}

// EraseAttendee forgets what was recorded of a registration.
func EraseAttendee(ctx context.Context, tx *sqlx.Tx, registrationID string) error {
	if _, err := tx.ExecContext(ctx, deleteAttendee, registrationID); err != nil {
		return fmt.Errorf("forget attendee %s: %w", registrationID, err)
	}
	return nil
}
