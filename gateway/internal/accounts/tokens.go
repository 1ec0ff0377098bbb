package accounts

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/jmoiron/sqlx"
)

// How long personal API tokens last.
const (
	DefaultTokenTTL = 90 * 24 * time.Hour
	MaxTokenTTL     = 366 * 24 * time.Hour
)

// lastUsedEvery is how stale a token's last use may be before a request
// records it again: one write a minute per token, not one per request.
const lastUsedEvery = time.Minute

// Token describes a personal API token; the secret itself is shown once,
// when it is issued, and kept only as a hash.
type Token struct {
	ID         string     `json:"id"`
	Name       string     `json:"name"`
	CreatedAt  time.Time  `json:"createdAt"`
	ExpiresAt  time.Time  `json:"expiresAt"`
	LastUsedAt *time.Time `json:"lastUsedAt,omitempty"`
}

type tokenRow struct {
	ID        string `db:"id"`
	Name      string `db:"name"`
	CreatedAt int64  `db:"created_at"`
	ExpiresAt int64  `db:"expires_at"`
	LastUsed  *int64 `db:"last_used"`
}

func (r tokenRow) token() Token {
	t := Token{ID: r.ID, Name: r.Name, CreatedAt: time.Unix(r.CreatedAt, 0).UTC(), ExpiresAt: time.Unix(r.ExpiresAt, 0).UTC()}
	if r.LastUsed != nil {
		at := time.Unix(*r.LastUsed, 0).UTC()
		t.LastUsedAt = &at
	}
	return t
}

// CreateToken issues a personal API token lasting DefaultTokenTTL.
func (s *Store) CreateToken(ctx context.Context, userID, name string) (string, error) {
	_, secret, err := s.IssueToken(ctx, userID, name, s.now().Add(DefaultTokenTTL))
	return secret, err
}

// IssueToken issues a personal API token valid until expiresAt and returns
// it with its secret; only the secret's hash is kept.
func (s *Store) IssueToken(ctx context.Context, userID, name string, expiresAt time.Time) (Token, string, error) {
	secret, err := newSecret("plein_")
	if err != nil {
		return Token{}, "", err
	}
	now := s.now()
	row := tokenRow{ID: uuid.Must(uuid.NewV7()).String(), Name: name, CreatedAt: now.Unix(), ExpiresAt: expiresAt.Unix()}
	const query = `INSERT INTO api_tokens (token_hash, id, user_id, name, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)`
	err = s.db.InTx(ctx, func(tx *sqlx.Tx) error {
		_, err := tx.ExecContext(ctx, query, hashSecret(secret), row.ID, userID, name, row.CreatedAt, row.ExpiresAt)
		return err
	})
	if err != nil {
		return Token{}, "", fmt.Errorf("create token: %w", err)
	}
	return row.token(), secret, nil
}

// ListTokens returns a user's tokens, expired ones included, by id (which
// orders them by creation), paged after afterID.
func (s *Store) ListTokens(ctx context.Context, userID, afterID string, limit int) ([]Token, error) {
	var rows []tokenRow
	const query = `SELECT id, name, created_at, expires_at, last_used FROM api_tokens
		WHERE user_id = ? AND id > ? ORDER BY id LIMIT ?`
	if err := s.db.R.SelectContext(ctx, &rows, query, userID, afterID, limit); err != nil {
		return nil, fmt.Errorf("list tokens of %s: %w", userID, err)
	}
	out := make([]Token, len(rows))
	for i, r := range rows {
		out[i] = r.token()
	}
	return out, nil
}

// RevokeToken deletes one of a user's tokens; another user's token is
// ErrNotFound, like one that does not exist.
func (s *Store) RevokeToken(ctx context.Context, userID, tokenID string) error {
	err := s.db.InTx(ctx, func(tx *sqlx.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM api_tokens WHERE id = ? AND user_id = ?`, tokenID, userID)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return errors.Join(err, ErrNotFound)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("revoke token %s: %w", tokenID, err)
	}
	return nil
}

// ByToken returns the active user of a personal API token that has not
// expired, and records when the token was last used.
func (s *Store) ByToken(ctx context.Context, token string) (User, error) {
	var r struct {
		userRow
		TokenID  string `db:"token_id"`
		LastUsed *int64 `db:"last_used"`
	}
	now := s.now()
	query := `SELECT ` + userColumns + `, t.id AS token_id, t.last_used FROM api_tokens t JOIN users u ON u.id = t.user_id
		WHERE t.token_hash = ? AND t.expires_at > ? AND u.active = 1`
	err := s.db.R.GetContext(ctx, &r, query, hashSecret(token), now.Unix())
	if err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return User{}, ErrUnauthorised
		}
		return User{}, fmt.Errorf("look up token: %w", err)
	}
	if r.LastUsed == nil || now.Sub(time.Unix(*r.LastUsed, 0)) >= lastUsedEvery {
		err := s.db.InTx(ctx, func(tx *sqlx.Tx) error {
			_, err := tx.ExecContext(ctx, `UPDATE api_tokens SET last_used = ? WHERE id = ?`, now.Unix(), r.TokenID)
			return err
		})
		if err != nil {
			return User{}, fmt.Errorf("record use of token %s: %w", r.TokenID, err)
		}
	}
	return r.user()
}
