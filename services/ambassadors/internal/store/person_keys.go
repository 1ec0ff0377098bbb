package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"

	"plein.dev/ambassadors/internal/domain"
	"plein.dev/platform/shred"
)

// PersonKey is a submitter's data key (platform/shred) and when its
// message last went on the bus.
type PersonKey struct {
	shred.Key
	PublishedAt time.Time
}

// emailHash is how person_keys finds the key of an address: a SHA-256 of
// the address in lower case, without surrounding space.
func emailHash(email string) []byte {
	h := sha256.Sum256([]byte(strings.ToLower(strings.TrimSpace(email))))
	return h[:]
}

// GetPersonKey returns the key of the person with address email; none is
// domain.ErrNotFound.
func GetPersonKey(ctx context.Context, q Queryer, email string) (PersonKey, error) {
	var row struct {
		ID          string `db:"key_id"`
		Secret      []byte `db:"secret"`
		PublishedAt int64  `db:"published_at"`
	}
	err := q.GetContext(ctx, &row, `SELECT key_id, secret, published_at FROM person_keys WHERE email_hash = ?`, emailHash(email))
	if errors.Is(err, sql.ErrNoRows) {
		return PersonKey{}, fmt.Errorf("person key: %w", domain.ErrNotFound)
	}
	if err != nil {
		return PersonKey{}, fmt.Errorf("person key: %w", err)
	}
	return PersonKey{Key: shred.Key{ID: row.ID, Secret: row.Secret}, PublishedAt: unix(row.PublishedAt)}, nil
}

// PutPersonKey stores the key of the person with address email, replacing
// the publication time of an existing one.
func PutPersonKey(ctx context.Context, tx *sqlx.Tx, email string, k PersonKey) error {
	const query = `INSERT INTO person_keys (email_hash, key_id, secret, published_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (email_hash) DO UPDATE SET published_at = excluded.published_at`
	if _, err := tx.ExecContext(ctx, query, emailHash(email), k.ID, k.Secret, k.PublishedAt.Unix()); err != nil {
		return fmt.Errorf("put person key: %w", err)
	}
	return nil
}

// DeletePersonKey deletes the key of the person with address email.
func DeletePersonKey(ctx context.Context, tx *sqlx.Tx, email string) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM person_keys WHERE email_hash = ?`, emailHash(email)); err != nil {
		return fmt.Errorf("delete person key: %w", err)
	}
	return nil
}
