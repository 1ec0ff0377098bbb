package accounts

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"

	"github.com/jmoiron/sqlx"

	"plein.dev/platform/identity"
	"plein.dev/proto/subject"
)

// ErrAmbassadorIDNeeded refuses the ambassador role on an account that is
// not linked to an ambassador.
var ErrAmbassadorIDNeeded = errors.New("the ambassador role needs the account's ambassadorId")

// Change is an administrator's change of an account; nil fields stay.
type Change struct {
	Active *bool
	Roles  *[]string
	// OrganisationIDs replaces the account's organisations; each must
	// name one (ErrUnknownOrganisation otherwise).
	OrganisationIDs *[]string
}

// Update applies a change to an account and returns it. Deactivating an
// account ends its sessions at once (its tokens stop working too, as
// every credential needs an active account).
func (s *Store) Update(ctx context.Context, id string, c Change) (User, error) {
	if c.Roles != nil {
		if err := checkRoles(*c.Roles); err != nil {
			return User{}, err
		}
	}
	var u User
	err := s.db.InTx(ctx, func(tx *sqlx.Tx) error {
		r, err := getUser(ctx, tx, `SELECT `+userColumns+` FROM users u WHERE u.id = ?`, id)
		if err != nil {
			return err
		}
		if u, err = r.user(); err != nil {
			return err
		}
		if c.Roles != nil {
			roles := slices.Clone(*c.Roles)
			if roles == nil {
				roles = []string{}
			}
			if slices.Contains(roles, identity.RoleAmbassador) && u.AmbassadorID == "" {
				return ErrAmbassadorIDNeeded
			}
			raw, _ := json.Marshal(roles) // a []string always marshals
			if _, err := tx.ExecContext(ctx, `UPDATE users SET roles = ? WHERE id = ?`, string(raw), id); err != nil {
				return err
			}
			u.Roles = roles
		}
		if c.OrganisationIDs != nil {
			ids := *c.OrganisationIDs
			if ids == nil {
				ids = []string{}
			}
			orgs, raw, err := organisationIDs(ctx, tx, ids, nil)
			if err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `UPDATE users SET organisation_ids = ? WHERE id = ?`, raw, id); err != nil {
				return err
			}
			u.OrganisationIDs = orgs
		}
		if c.Active != nil {
			if _, err := tx.ExecContext(ctx, `UPDATE users SET active = ? WHERE id = ?`, *c.Active, id); err != nil {
				return err
			}
			if !*c.Active {
				if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = ?`, id); err != nil {
					return err
				}
			}
			u.Active = *c.Active
		}
		return s.announce(ctx, tx, id, subject.AccountUpdated)
	})
	if err != nil {
		return User{}, fmt.Errorf("update user %s: %w", id, err)
	}
	return u, nil
}
