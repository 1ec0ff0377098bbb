package shred

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"

	"plein.dev/platform/outbox"
	"plein.dev/platform/seal"
)

// The keys a service holds live in its database, in a table every service
// that crypto-shreds creates with this shape in its own migrations:
//
//	CREATE TABLE person_keys (
//	    email_hash   BLOB PRIMARY KEY, -- EmailHash of the address
//	    key_id       TEXT NOT NULL UNIQUE,
//	    secret       BLOB NOT NULL,
//	    published_at INTEGER NOT NULL  -- Unix seconds
//	);
//
// The address itself is not stored with its key: erasure finds the key by
// the address asked.

// StoredKey is a person's key and when its message last went on the bus.
type StoredKey struct {
	Key
	PublishedAt time.Time
}

// EmailHash is how person_keys finds the key of an address: a SHA-256 of
// the address in lower case, without surrounding space.
func EmailHash(email string) []byte {
	h := sha256.Sum256([]byte(strings.ToLower(strings.TrimSpace(email))))
	return h[:]
}

// LoadKey returns the key of the person with address email; found is false
// when there is none.
func LoadKey(ctx context.Context, q sqlx.QueryerContext, email string) (k StoredKey, found bool, err error) {
	var row struct {
		ID          string `db:"key_id"`
		Secret      []byte `db:"secret"`
		PublishedAt int64  `db:"published_at"`
	}
	err = sqlx.GetContext(ctx, q, &row, `SELECT key_id, secret, published_at FROM person_keys WHERE email_hash = ?`, EmailHash(email))
	if errors.Is(err, sql.ErrNoRows) {
		return StoredKey{}, false, nil
	}
	if err != nil {
		return StoredKey{}, false, fmt.Errorf("person key: %w", err)
	}
	return StoredKey{Key: Key{ID: row.ID, Secret: row.Secret}, PublishedAt: time.Unix(row.PublishedAt, 0).UTC()}, true, nil
}

// StoreKey stores the key of the person with address email, or, when they
// have one, sets its publication time.
func StoreKey(ctx context.Context, tx *sqlx.Tx, email string, k StoredKey) error {
	const query = `INSERT INTO person_keys (email_hash, key_id, secret, published_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (email_hash) DO UPDATE SET published_at = excluded.published_at`
	if _, err := tx.ExecContext(ctx, query, EmailHash(email), k.ID, k.Secret, k.PublishedAt.Unix()); err != nil {
		return fmt.Errorf("put person key: %w", err)
	}
	return nil
}

// DropKey deletes the key of the person with address email; it reports
// whether there was one.
func DropKey(ctx context.Context, tx *sqlx.Tx, email string) (bool, error) {
	res, err := tx.ExecContext(ctx, `DELETE FROM person_keys WHERE email_hash = ?`, EmailHash(email))
	if err != nil {
		return false, fmt.Errorf("delete person key: %w", err)
	}
	n, err := res.RowsAffected()
	return n > 0, err
}

// CurrentKey returns the data key the personal fields of a message about
// the person with address email are sealed with, within tx: a new key, or
// the person's one. A new key, and one whose message went on the bus longer
// than RepublishAfter ago, gets its message (KeyMessage for stream, sealed
// with keys) added to the outbox in tx, so that the key stays on the bus as
// long as the messages needing it. An empty address (an anonymised person)
// has no key.
func CurrentKey(ctx context.Context, tx *sqlx.Tx, stream, email string, keys *seal.Keyring, now time.Time) (Key, error) {
	if email == "" {
		return Key{}, nil
	}
	k, found, err := LoadKey(ctx, tx, email)
	switch {
	case err != nil:
		return Key{}, err
	case !found:
		if k.Key, err = NewKey(); err != nil {
			return Key{}, err
		}
	case now.Sub(k.PublishedAt) < RepublishAfter:
		return k.Key, nil
	}
	k.PublishedAt = now
	if err := StoreKey(ctx, tx, email, k); err != nil {
		return Key{}, err
	}
	if _, err := outbox.Add(ctx, tx, KeyMessage(stream, k.Key, keys)); err != nil {
		return Key{}, fmt.Errorf("publish person key: %w", err)
	}
	return k.Key, nil
}
