package store

import (
	"context"
	"fmt"
	"strings"
)

// AmbassadorsWithEmail returns the ids of the ambassadors appointed with
// address (case and surrounding space ignored).
func AmbassadorsWithEmail(ctx context.Context, q Queryer, address string) ([]string, error) {
	var ids []string
	const query = `SELECT id FROM ambassadors WHERE lower(email) = lower(?) ORDER BY id`
	if err := q.SelectContext(ctx, &ids, query, strings.TrimSpace(address)); err != nil {
		return nil, fmt.Errorf("ambassadors with an address: %w", err)
	}
	return ids, nil
}

// ProgrammesWithContact returns the ids of the programmes one of whose
// contacts has address (case and surrounding space ignored).
func ProgrammesWithContact(ctx context.Context, q Queryer, address string) ([]string, error) {
	var ids []string
	const query = `SELECT DISTINCT p.id FROM programmes p, json_each(p.contacts) c
		WHERE lower(trim(json_extract(c.value, '$.email'))) = lower(?) ORDER BY p.id`
	if err := q.SelectContext(ctx, &ids, query, strings.TrimSpace(address)); err != nil {
		return nil, fmt.Errorf("programmes with a contact's address: %w", err)
	}
	return ids, nil
}
