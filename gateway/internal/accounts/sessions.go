package accounts

import (
	"context"
	"errors"
	"fmt"

	"github.com/jmoiron/sqlx"
)

// SessionCookie names the cookie that holds a session, for the API and
// the pages alike.
const SessionCookie = "plein_session"

// SignIn checks an e-mail address and password and opens a session. It
// takes as long for an unknown address, an invited account without a
// password or a deactivated account as for a wrong password, and answers
// each with ErrUnauthorised; any of them with ErrBusy when too many
// passwords are being checked at once (hashGate).
func (s *Store) SignIn(ctx context.Context, email, password string) (User, string, error) {
	r, err := getUser(ctx, s.db.R, `SELECT `+userColumns+` FROM users u WHERE u.email_key = ?`, emailKey(email))
	if errors.Is(err, ErrNotFound) || (err == nil && r.PasswordHash == "") {
		// As long as a real check, and as busy: a refusal for load must
		// not tell unknown addresses apart.
		if _, err := CheckPassword(s.dummyHash, password); errors.Is(err, ErrBusy) {
			return User{}, "", ErrBusy
		}
		return User{}, "", ErrUnauthorised
	}
	if err != nil {
		return User{}, "", fmt.Errorf("sign in: %w", err)
	}
	ok, err := CheckPassword(r.PasswordHash, password)
	if err != nil {
		return User{}, "", fmt.Errorf("sign in %s: %w", r.ID, err)
	}
	if !ok || !r.Active {
		return User{}, "", ErrUnauthorised
	}
	u, err := r.user()
	if err != nil {
		return User{}, "", err
	}
	session, err := newSecret("")
	if err != nil {
		return User{}, "", err
	}
	now := s.now()
	err = s.db.InTx(ctx, func(tx *sqlx.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE expires_at <= ?`, now.Unix()); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO sessions (id_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)`,
			hashSecret(session), u.ID, now.Unix(), now.Add(s.sessionTTL).Unix())
		return err
	})
	if err != nil {
		return User{}, "", fmt.Errorf("open session: %w", err)
	}
	return u, session, nil
}

// SignOut ends a session.
func (s *Store) SignOut(ctx context.Context, session string) error {
	return s.db.InTx(ctx, func(tx *sqlx.Tx) error {
		_, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE id_hash = ?`, hashSecret(session))
		return err
	})
}

// BySession returns the active user of a live session.
func (s *Store) BySession(ctx context.Context, session string) (User, error) {
	query := `SELECT ` + userColumns + ` FROM sessions x JOIN users u ON u.id = x.user_id
		WHERE x.id_hash = ? AND x.expires_at > ? AND u.active = 1`
	r, err := getUser(ctx, s.db.R, query, hashSecret(session), s.now().Unix())
	if errors.Is(err, ErrNotFound) {
		return User{}, ErrUnauthorised
	}
	if err != nil {
		return User{}, fmt.Errorf("look up session: %w", err)
	}
	return r.user()
}
