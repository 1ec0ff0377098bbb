package store

import (
	"context"
	"fmt"
	"time"

	"plein.dev/platform/sqlite"
)

// Expired is a registration whose event ended before the retention cutoff
// and whose personal data is still held.
type Expired struct {
	ID      string `db:"id"`
	EventID string `db:"event_id"`
	// EmailKey finds the person's other registrations and data key; empty
	// for a registration erased on request (nothing personal is left).
	EmailKey string `db:"email_key"`
	// Summarised: its event completed and its KvK number went out with
	// the event's attendance summary, which needs a new version without it.
	Summarised bool `db:"summarised"`
}

// ExpiredRegistrations returns up to limit registrations of events that
// ended at or before cutoff and are not anonymised yet, in arrival order.
func ExpiredRegistrations(ctx context.Context, q Queryer, cutoff time.Time, limit int) ([]Expired, error) {
	const query = `SELECT r.id, r.event_id, CASE WHEN r.email = '' THEN '' ELSE r.email_key END AS email_key,
		e.status = 'completed' AND r.kvk_number != '' AND r.status = 'confirmed' AS summarised
		FROM events e JOIN registrations r ON r.event_id = e.id AND r.anonymised_at IS NULL
		WHERE e.ends_at <= ? ORDER BY r.seq LIMIT ?`
	var out []Expired
	if err := q.SelectContext(ctx, &out, query, cutoff.Unix(), limit); err != nil {
		return nil, fmt.Errorf("expired registrations: %w", err)
	}
	return out, nil
}

// AnonymiseExpired removes a registration's personal data for good: name,
// e-mail address, organisation, KvK number, answers, consent, the reason
// given for a cancellation; its manage token no longer opens it, its
// check-in code and request key are gone. What the reports count stays:
// the event, the status, who cancelled, and when it was registered,
// confirmed, cancelled and checked in (the KvK numbers an event reached
// went out with its attendance summary when it completed; the sweep sends
// a new version without them).
func AnonymiseExpired(ctx context.Context, tx sqlite.Tx, id string, at time.Time) error {
	const query = `UPDATE registrations SET name = '', email = '', email_key = 'anonymised:' || id,
		organisation = '', kvk_number = '', answers = '[]', token_hash = X'', checkin_code = NULL, consent_version = '',
		request_key = NULL, cancellation_reason = '', anonymised_at = ?
		WHERE id = ?`
	res, err := tx.ExecContext(ctx, query, at.Unix(), id)
	if err != nil {
		return fmt.Errorf("anonymise registration %s: %w", id, err)
	}
	return oneRow(res, "registration "+id)
}

// HeldFor reports whether any registration of an address (by its
// domain.EmailKey) still holds personal data.
func HeldFor(ctx context.Context, q Queryer, emailKey string) (bool, error) {
	var held bool
	if err := q.GetContext(ctx, &held, `SELECT EXISTS (SELECT 1 FROM registrations WHERE email_key = ?)`, emailKey); err != nil {
		return false, fmt.Errorf("registrations held: %w", err)
	}
	return held, nil
}
