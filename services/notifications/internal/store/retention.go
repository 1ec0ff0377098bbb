package store

import (
	"context"
	"fmt"
	"time"
)

// ExpiredAttendees returns up to limit registrations recorded as
// attendee for the reminders whose event ended at or before cutoff, by
// their event's end (attendees_ends: an attendee forgotten leaves it, so
// each batch starts at the work left).
func ExpiredAttendees(ctx context.Context, q Queryer, cutoff time.Time, limit int) ([]string, error) {
	var ids []string
	if err := q.SelectContext(ctx, &ids, expiredAttendeesQuery, cutoff.UnixMilli(), limit); err != nil {
		return nil, fmt.Errorf("expired attendees: %w", err)
	}
	return ids, nil
}

// EventCursor is a place in the retention sweep's walk over the events
// that ended, in the order of events_ends: by end, then by event id. The
// zero cursor is the start.
type EventCursor struct {
	EndsAt  int64  `db:"ends_at"`
	EventID string `db:"event_id"`
}

// ExpiredEmailRegistrations returns the registrations of which an e-mail
// still has its recipient and whose event, as the organisers' projection
// knows it, ended at or before cutoff (for a registration not recorded as
// attendee), reading up to limit such e-mails from the event at from on.
// It returns where the next batch starts and whether it read limit
// e-mails (there may be more). The walk goes by events_ends and, for each
// event, emails_held_event (migration 0010): an e-mail whose recipient
// was taken out leaves that partial index, so a batch passes neither the
// e-mails nor the events done before it; a batch may stop within an
// event, and the cursor stays at that event.
func ExpiredEmailRegistrations(ctx context.Context, q Queryer, cutoff time.Time, from EventCursor, limit int) (ids []string, next EventCursor, more bool, err error) {
	var rows []struct {
		RegistrationID string `db:"registration_id"`
		EventCursor
	}
	if err := q.SelectContext(ctx, &rows, expiredEmailsQuery, cutoff.UnixMilli(), from.EndsAt, from.EventID, limit); err != nil {
		return nil, from, false, fmt.Errorf("expired e-mails about registrations: %w", err)
	}
	seen := map[string]bool{}
	for _, r := range rows {
		if !seen[r.RegistrationID] {
			seen[r.RegistrationID] = true
			ids = append(ids, r.RegistrationID)
		}
	}
	if len(rows) > 0 {
		from = rows[len(rows)-1].EventCursor
	}
	return ids, from, len(rows) == limit, nil
}

const (
	expiredAttendeesQuery = `SELECT registration_id FROM attendees WHERE ends_at > 0 AND ends_at <= ? ORDER BY ends_at LIMIT ?`
	expiredEmailsQuery    = `SELECT m.registration_id, ev.ends_at, ev.event_id
	FROM events ev JOIN emails m ON m.event_id = ev.event_id AND m.registration_id <> '' AND m.recipient <> ''
	WHERE ev.ends_at > 0 AND ev.ends_at <= ? AND (ev.ends_at, ev.event_id) >= (?, ?)
	ORDER BY ev.ends_at, ev.event_id LIMIT ?`
)

// HeldEmailsAbout returns the ids of the e-mails about registrationID that
// still have their recipient.
func HeldEmailsAbout(ctx context.Context, q Queryer, registrationID string) ([]string, error) {
	var ids []string
	const query = `SELECT id FROM emails WHERE registration_id = ? AND recipient <> '' ORDER BY seq`
	if err := q.SelectContext(ctx, &ids, query, registrationID); err != nil {
		return nil, fmt.Errorf("e-mails about registration %s: %w", registrationID, err)
	}
	return ids, nil
}
