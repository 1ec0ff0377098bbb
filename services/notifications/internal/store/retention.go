package store

import (
	"context"
	"fmt"
	"time"
)

// ExpiredRegistrations returns up to limit registrations whose event ended
// at or before cutoff and of which something personal is still held: the
// attendee recorded for the reminders, or an e-mail about it that still
// has its recipient (found through the event's end as the organisers'
// projection knows it, for a registration not recorded as attendee).
func ExpiredRegistrations(ctx context.Context, q Queryer, cutoff time.Time, limit int) ([]string, error) {
	const query = `SELECT registration_id FROM attendees WHERE ends_at > 0 AND ends_at <= ?1
		UNION
		SELECT m.registration_id FROM events ev JOIN emails m ON m.event_id = ev.event_id
			WHERE ev.ends_at > 0 AND ev.ends_at <= ?1 AND m.registration_id <> '' AND m.recipient <> ''
		LIMIT ?2`
	var ids []string
	if err := q.SelectContext(ctx, &ids, query, cutoff.UnixMilli(), limit); err != nil {
		return nil, fmt.Errorf("expired registrations: %w", err)
	}
	return ids, nil
}

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
