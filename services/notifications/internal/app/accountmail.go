package app

import (
	"context"
	"fmt"

	"plein.dev/notifications/internal/domain"
	"plein.dev/platform/identity"
	"plein.dev/platform/sqlite"
)

// SendAccountMail queues the e-mail carrying an account's one-time link,
// once per link (m.LinkID): asking again for the same link queues nothing
// more. Only the gateway calls it, as itself with the admin role.
func (s *App) SendAccountMail(ctx context.Context, m domain.AccountMail) error {
	if err := identity.Require(ctx, identity.RoleAdmin); err != nil {
		return err
	}
	l, err := domain.AccountLetter(m)
	if err != nil {
		return err
	}
	err = s.db.InTx(ctx, func(tx sqlite.Tx) error {
		return s.queue(ctx, tx, l, domain.AccountCause(m), about{})
	})
	if err != nil {
		return fmt.Errorf("account mail (%s): %w", m.Purpose, err)
	}
	return nil
}
