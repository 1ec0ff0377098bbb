package store

import (
	"context"
	"database/sql"
	"errors"
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
	// SweepCursor is where its event is in the sweep's walk.
	SweepCursor
}

// SweepCursor is a place in the retention sweep's walk over the events
// that ended, in the order of events_ends: by end, then by the event's
// rowid (which events_ends holds after the end). The zero cursor is the
// start.
type SweepCursor struct {
	EndsAt int64 `db:"ends_at"`
	Event  int64 `db:"event_rowid"`
}

// The retention sweep walks the events that ended at or before the cutoff
// from a cursor by events_ends, and for each its registrations still held
// by registrations_held (anonymised ones leave that partial index), so a
// batch starts where the previous one stopped and passes neither the
// registrations anonymised before it nor the events done before it. (The
// join on ends_at alone was planned as a scan of all registrations in
// arrival order, so each batch passed every registration anonymised by the
// ones before it: a sweep over N cost N²/batch.) A batch may stop within
// an event: the cursor stays at that event, whose registrations left are
// the ones still held.
const (
	expiredQuery = `SELECT r.id, r.event_id, CASE WHEN r.email = '' THEN '' ELSE r.email_key END AS email_key,
		e.status = 'completed' AND r.kvk_number != '' AND r.status = 'confirmed' AS summarised,
		e.ends_at, e.rowid AS event_rowid
		FROM events e JOIN registrations r ON r.event_id = e.id AND r.anonymised_at IS NULL
		WHERE e.ends_at <= ? AND (e.ends_at, e.rowid) >= (?, ?)
		ORDER BY e.ends_at, e.rowid, r.seq LIMIT ?`
	firstExpiredQuery = `SELECT e.ends_at, e.rowid AS event_rowid FROM events e
		WHERE e.ends_at <= ? AND EXISTS (SELECT 1 FROM registrations r WHERE r.event_id = e.id AND r.anonymised_at IS NULL)
		ORDER BY e.ends_at, e.rowid LIMIT 1`
)

// ExpiredRegistrations returns up to limit registrations of events that
// ended at or before cutoff and are not anonymised yet, from the event at
// from on: by their event's end, then in arrival order. The last one's
// SweepCursor is where the next batch starts.
func ExpiredRegistrations(ctx context.Context, q Queryer, cutoff time.Time, from SweepCursor, limit int) ([]Expired, error) {
	var out []Expired
	if err := q.SelectContext(ctx, &out, expiredQuery, cutoff.Unix(), from.EndsAt, from.Event, limit); err != nil {
		return nil, fmt.Errorf("expired registrations: %w", err)
	}
	return out, nil
}

// FirstExpired returns where the first event that ended at or before
// cutoff and still holds registrations is, and false when there is none:
// a sweep with nothing to do asks only this, of a reader, and leaves the
// writer alone. It reads every event that ended (by events_ends, probing
// registrations_held for each), not the registrations.
func FirstExpired(ctx context.Context, q Queryer, cutoff time.Time) (SweepCursor, bool, error) {
	var c SweepCursor
	err := q.GetContext(ctx, &c, firstExpiredQuery, cutoff.Unix())
	if errors.Is(err, sql.ErrNoRows) {
		return SweepCursor{}, false, nil
	}
	if err != nil {
		return SweepCursor{}, false, fmt.Errorf("first expired registration: %w", err)
	}
	return c, true, nil
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
