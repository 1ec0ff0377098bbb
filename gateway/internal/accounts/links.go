package accounts

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"

	"plein.dev/proto/subject"
)

// Purpose is what a one-time link is for. Both kinds let their holder
// choose a password, once.
type Purpose string

const (
	// Activate is an invitation: the invited person chooses the password
	// of the account made for them.
	Activate Purpose = "activate"
	// Reset replaces a forgotten password.
	Reset Purpose = "reset"
)

// TTL is how long a link of the purpose stays valid.
func (p Purpose) TTL() time.Duration {
	if p == Activate {
		return 7 * 24 * time.Hour
	}
	return time.Hour
}

// resetCooldown is how long after one reset link no second is made for
// the same account, so that nobody can flood a mailbox.
const resetCooldown = 2 * time.Minute

// ErrLinkInvalid means a link is unknown, used, expired, of another
// purpose or of an account that can no longer be used; the holder learns
// nothing more.
var ErrLinkInvalid = errors.New("this link is not valid (any more)")

// Link is a one-time link's secret, shown once, and when it expires.
type Link struct {
	Purpose   Purpose
	Token     string
	ExpiresAt time.Time
}

// Invitation is an account to make for someone who then chooses their own
// password.
type Invitation struct {
	Email, Name  string
	Roles        []string
	AmbassadorID string
	// OrganisationIDs as in NewUser.
	OrganisationIDs []string
	// InvitedBy is the id of the inviting user.
	InvitedBy string
	// MayRenew, if set, says whether the inviter may renew the pending
	// invitation of an account never activated (an organiser only one of
	// their own organisations'); if not, the address counts as taken.
	MayRenew func(pending User) bool
}

// Invite makes an account without a password and returns a link to
// activate it. Inviting the address of an invited account that was never
// activated renews that invitation, with the new name and roles, and
// voids the earlier link. The address of an account with a password is
// ErrDuplicate.
func (s *Store) Invite(ctx context.Context, inv Invitation) (User, Link, error) {
	if err := checkRoles(inv.Roles); err != nil {
		return User{}, Link{}, err
	}
	var u User
	var link Link
	err := s.db.InTx(ctx, func(tx *sqlx.Tx) error {
		r, err := getUser(ctx, tx, `SELECT `+userColumns+` FROM users u WHERE u.email_key = ?`, emailKey(inv.Email))
		switch {
		case errors.Is(err, ErrNotFound):
			u, err = s.insertUser(ctx, tx, NewUser{Email: inv.Email, Name: inv.Name, Roles: inv.Roles,
				AmbassadorID: inv.AmbassadorID, OrganisationIDs: inv.OrganisationIDs}, "")
			if err != nil {
				return err
			}
		case err != nil:
			return err
		case r.PasswordHash != "":
			return ErrDuplicate
		default:
			pending, err := r.user()
			if err != nil {
				return err
			}
			if inv.MayRenew != nil && !inv.MayRenew(pending) {
				return ErrDuplicate
			}
			if u, err = s.renewInvitation(ctx, tx, r, inv); err != nil {
				return err
			}
		}
		link, err = s.newLink(ctx, tx, u.ID, Activate, inv.InvitedBy)
		return err
	})
	if err != nil {
		return User{}, Link{}, fmt.Errorf("invite %s: %w", inv.Email, err)
	}
	return u, link, nil
}

func (s *Store) renewInvitation(ctx context.Context, tx *sqlx.Tx, r userRow, inv Invitation) (User, error) {
	roles := inv.Roles
	if roles == nil {
		roles = []string{}
	}
	raw, _ := json.Marshal(roles) // a []string always marshals
	orgIDs, orgs, err := organisationIDs(ctx, tx, inv.OrganisationIDs, roles)
	if err != nil {
		return User{}, err
	}
	const query = `UPDATE users SET email = ?, name = ?, roles = ?, ambassador_id = ?, organisation_ids = ?, active = 1 WHERE id = ?`
	if _, err := tx.ExecContext(ctx, query, strings.TrimSpace(inv.Email), inv.Name, string(raw), inv.AmbassadorID, orgs, r.ID); err != nil {
		return User{}, err
	}
	if err := s.announce(ctx, tx, r.ID, subject.AccountUpdated); err != nil {
		return User{}, err
	}
	return User{ID: r.ID, Email: strings.TrimSpace(inv.Email), Name: inv.Name, Roles: roles,
		AmbassadorID: inv.AmbassadorID, OrganisationIDs: orgIDs, Active: true, Language: r.Language, Digest: r.Digest}, nil
}

// newLink voids the user's open links of the purpose and makes a new one.
func (s *Store) newLink(ctx context.Context, tx *sqlx.Tx, userID string, p Purpose, by string) (Link, error) {
	token, err := newSecret("")
	if err != nil {
		return Link{}, err
	}
	now := s.now()
	link := Link{Purpose: p, Token: token, ExpiresAt: now.Add(p.TTL()).UTC().Truncate(time.Second)}
	if _, err := tx.ExecContext(ctx, `DELETE FROM password_links WHERE (user_id = ? AND purpose = ?) OR expires_at <= ?`,
		userID, p, now.Unix()); err != nil {
		return Link{}, err
	}
	const query = `INSERT INTO password_links (token_hash, user_id, purpose, created_by, created_at, expires_at)
		VALUES (?, ?, ?, ?, ?, ?)`
	if _, err := tx.ExecContext(ctx, query, hashSecret(token), userID, p, by, now.Unix(), link.ExpiresAt.Unix()); err != nil {
		return Link{}, err
	}
	return link, nil
}

// RequestReset makes a password reset link for the active account with a
// password at email. For any other address (none, an invitation not yet
// accepted, a deactivated account), and within a short while of the last
// link for the same account, ok is false: the caller answers the same in
// every case and sends a link only when ok.
func (s *Store) RequestReset(ctx context.Context, email string) (u User, link Link, ok bool, err error) {
	err = s.db.InTx(ctx, func(tx *sqlx.Tx) error {
		r, err := getUser(ctx, tx, `SELECT `+userColumns+` FROM users u WHERE u.email_key = ?`, emailKey(email))
		if errors.Is(err, ErrNotFound) || (err == nil && (r.PasswordHash == "" || !r.Active)) {
			return nil
		}
		if err != nil {
			return err
		}
		var recent int
		if err := tx.GetContext(ctx, &recent, `SELECT COUNT(*) FROM password_links
			WHERE user_id = ? AND purpose = ? AND used_at IS NULL AND created_at > ?`,
			r.ID, Reset, s.now().Add(-resetCooldown).Unix()); err != nil {
			return err
		}
		if recent > 0 {
			return nil
		}
		if u, err = r.user(); err != nil {
			return err
		}
		link, err = s.newLink(ctx, tx, r.ID, Reset, "")
		ok = err == nil
		return err
	})
	if err != nil {
		return User{}, Link{}, false, fmt.Errorf("request password reset: %w", err)
	}
	return u, link, ok, nil
}

// OpenLink returns the account of a link that may still be used.
func (s *Store) OpenLink(ctx context.Context, p Purpose, token string) (User, error) {
	r, err := s.linkUser(ctx, s.db.R, p, token)
	if err != nil {
		return User{}, err
	}
	return r.user()
}

func (s *Store) linkUser(ctx context.Context, q sqlx.QueryerContext, p Purpose, token string) (userRow, error) {
	if token == "" {
		return userRow{}, ErrLinkInvalid
	}
	query := `SELECT ` + userColumns + ` FROM password_links l JOIN users u ON u.id = l.user_id
		WHERE l.token_hash = ? AND l.purpose = ? AND l.used_at IS NULL AND l.expires_at > ? AND u.active = 1`
	r, err := getUser(ctx, q, query, hashSecret(token), p, s.now().Unix())
	switch {
	case errors.Is(err, ErrNotFound):
		return userRow{}, ErrLinkInvalid
	case err != nil:
		return userRow{}, fmt.Errorf("open link: %w", err)
	}
	return r, nil
}

// UseLink sets the account's password through a link, once. The link is
// used up, and every session of the account ends.
func (s *Store) UseLink(ctx context.Context, p Purpose, token, password string) (User, error) {
	if !ValidPassword(password) {
		return User{}, ErrWeakPassword
	}
	hash, err := HashPassword(password)
	if err != nil {
		return User{}, err
	}
	var u User
	err = s.db.InTx(ctx, func(tx *sqlx.Tx) error {
		r, err := s.linkUser(ctx, tx, p, token)
		if err != nil {
			return err
		}
		now := s.now().Unix()
		if _, err := tx.ExecContext(ctx, `UPDATE password_links SET used_at = ? WHERE token_hash = ?`, now, hashSecret(token)); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE users SET password_hash = ? WHERE id = ?`, hash, r.ID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = ?`, r.ID); err != nil {
			return err
		}
		r.PasswordHash = hash
		u, err = r.user()
		return err
	})
	if err != nil && !errors.Is(err, ErrLinkInvalid) {
		return User{}, fmt.Errorf("use %s link: %w", p, err)
	}
	return u, err
}
