package accounts

import (
	"context"
	"errors"
	"fmt"
)

// ByEmail returns the account of an e-mail address (compared as accounts
// are: trimmed, case-insensitive), for the export of what Plein holds on a
// person; ok is false when there is none.
func (s *Store) ByEmail(ctx context.Context, email string) (u User, ok bool, err error) {
	r, err := getUser(ctx, s.db.R, `SELECT `+userColumns+` FROM users u WHERE u.email_key = ?`, emailKey(email))
	if errors.Is(err, ErrNotFound) {
		return User{}, false, nil
	}
	if err != nil {
		return User{}, false, fmt.Errorf("account by e-mail: %w", err)
	}
	u, err = r.user()
	return u, err == nil, err
}
