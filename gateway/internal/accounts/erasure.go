package accounts

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/jmoiron/sqlx"

	"plein.dev/proto/subject"
)

// ErrEraseSelf refuses an erasure of the caller's own account: an
// administrator cannot lock themself out; another one erases them.
var ErrEraseSelf = errors.New("the address is the caller's own account")

// EraseAccount erases, within tx, the account of address: it is
// deactivated, its address, name and password are removed, its sessions,
// API tokens and password links deleted, and it is announced as updated
// (inactive, so other services forget it). The account's id stays, as
// other services' records may name it (an event's organiser), but nobody
// can sign in with it. The caller's own account is refused (ErrEraseSelf).
// It returns how many accounts it erased: 0 or 1.
func (s *Store) EraseAccount(ctx context.Context, tx *sqlx.Tx, address, callerID string) (int, error) {
	var id string
	err := tx.GetContext(ctx, &id, `SELECT id FROM users WHERE email_key = ?`, emailKey(address))
	if err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return 0, nil
		}
		return 0, fmt.Errorf("erase account: %w", err)
	}
	if id == callerID {
		return 0, ErrEraseSelf
	}
	for _, stmt := range []string{
		`UPDATE users SET email = '', email_key = 'erased:' || id, name = '', password_hash = '', active = 0
			WHERE id = ?`,
		`DELETE FROM sessions WHERE user_id = ?`,
		`DELETE FROM api_tokens WHERE user_id = ?`,
		`DELETE FROM password_links WHERE user_id = ?`,
	} {
		if _, err := tx.ExecContext(ctx, stmt, id); err != nil {
			return 0, fmt.Errorf("erase account %s: %w", id, err)
		}
	}
	if err := s.announce(ctx, tx, id, subject.AccountUpdated); err != nil {
		return 0, err
	}
	return 1, nil
}
