package accounts

import (
	"context"
	"errors"
	"fmt"

	"github.com/jmoiron/sqlx"

	"plein.dev/proto/subject"
)

// Languages an account's e-mails may be written in.
var Languages = []string{"nl", "en"}

// ErrUnknownLanguage refuses a language other than nl or en.
var ErrUnknownLanguage = errors.New("language must be nl or en")

// Preferences are what a person sets on their own account; nil fields
// stay.
type Preferences struct {
	// Language of the e-mails they get: nl or en.
	Language *string
	// Digest: an organiser's daily registration digest, by e-mail.
	Digest *bool
}

// SetPreferences changes an account's own preferences and announces the
// account; it returns the account.
func (s *Store) SetPreferences(ctx context.Context, id string, p Preferences) (User, error) {
	if p.Language != nil && *p.Language != Languages[0] && *p.Language != Languages[1] {
		return User{}, ErrUnknownLanguage
	}
	var u User
	err := s.db.InTx(ctx, func(tx *sqlx.Tx) error {
		if _, err := getUser(ctx, tx, `SELECT `+userColumns+` FROM users u WHERE u.id = ?`, id); err != nil {
			return err
		}
		if p.Language != nil {
			if _, err := tx.ExecContext(ctx, `UPDATE users SET language = ? WHERE id = ?`, *p.Language, id); err != nil {
				return err
			}
		}
		if p.Digest != nil {
			if _, err := tx.ExecContext(ctx, `UPDATE users SET digest = ? WHERE id = ?`, *p.Digest, id); err != nil {
				return err
			}
		}
		if err := s.announce(ctx, tx, id, subject.AccountUpdated); err != nil {
			return err
		}
		r, err := getUser(ctx, tx, `SELECT `+userColumns+` FROM users u WHERE u.id = ?`, id)
		if err == nil {
			u, err = r.user()
		}
		return err
	})
	if err != nil {
		return User{}, fmt.Errorf("preferences of user %s: %w", id, err)
	}
	return u, nil
}
