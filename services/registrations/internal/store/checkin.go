package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"plein.dev/registrations/internal/domain"
)

// CheckInCodeTaken reports whether an event has a registration with code.
func CheckInCodeTaken(ctx context.Context, q Queryer, eventID, code string) (bool, error) {
	const query = `SELECT EXISTS (SELECT 1 FROM registrations WHERE event_id = ? AND checkin_code = ?)`
	var taken bool
	if err := q.GetContext(ctx, &taken, query, eventID, code); err != nil {
		return false, fmt.Errorf("look up check-in code: %w", err)
	}
	return taken, nil
}

// RegistrationIDByCode returns the id of an event's registration with a
// check-in code (as stored: domain.NormaliseCheckInCode first).
func RegistrationIDByCode(ctx context.Context, q Queryer, eventID, code string) (string, error) {
	const query = `SELECT id FROM registrations WHERE event_id = ? AND checkin_code = ?`
	var id string
	if err := q.GetContext(ctx, &id, query, eventID, code); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return "", fmt.Errorf("check-in code for event %s: %w", eventID, domain.ErrNotFound)
		}
		return "", fmt.Errorf("look up check-in code: %w", err)
	}
	return id, nil
}
