package store

import (
	"context"
	"fmt"
	"strings"
)

// EventsWithContact returns the ids of the events one of whose contacts
// has the e-mail address (without case and surrounding space). It reads
// every event that has contacts: erasures are rare, and the contacts are
// a JSON array on the event's row, not a table of their own.
func EventsWithContact(ctx context.Context, q Queryer, address string) ([]string, error) {
	const query = `SELECT DISTINCT e.id FROM events e, json_each(e.contacts) c
		WHERE e.contacts <> '[]' AND lower(trim(json_extract(c.value, '$.email'))) = ? ORDER BY e.id`
	var ids []string
	if err := q.SelectContext(ctx, &ids, query, strings.ToLower(strings.TrimSpace(address))); err != nil {
		return nil, fmt.Errorf("events with a contact's address: %w", err)
	}
	return ids, nil
}
