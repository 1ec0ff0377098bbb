package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"plein.dev/registrations/internal/domain"
)

// RegistrationByRequestKey returns the registration for an event that was
// sent with the gateway's request key; none is ErrNotFound.
func RegistrationByRequestKey(ctx context.Context, q Queryer, eventID, key string) (domain.Registration, error) {
	query := `SELECT ` + registrationColumns + ` FROM registrations r WHERE r.event_id = ? AND r.request_key = ?`
	var row registrationRow
	if err := q.GetContext(ctx, &row, query, eventID, key); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return domain.Registration{}, fmt.Errorf("registration with request key: %w", domain.ErrNotFound)
		}
		return domain.Registration{}, fmt.Errorf("registration with request key: %w", err)
	}
	return row.toDomain()
}

// Secret returns one of the service's secrets (made by its migrations).
func Secret(ctx context.Context, q Queryer, name string) ([]byte, error) {
	var value []byte
	if err := q.GetContext(ctx, &value, `SELECT value FROM secrets WHERE name = ?`, name); err != nil {
		return nil, fmt.Errorf("secret %s: %w", name, err)
	}
	return value, nil
}
