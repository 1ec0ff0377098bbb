package app

import (
	"context"
	"fmt"

	"plein.dev/platform/identity"
	"plein.dev/platform/sqlite"
	"plein.dev/proto/subject"
	"plein.dev/registrations/internal/domain"
	"plein.dev/registrations/internal/store"
)

// Promote confirms the waitlisted registration an organiser chooses, ahead
// of its turn, into a free seat (domain.Registration.Promote). The attendee
// hears of it as of any promotion, and the seat counts move, in the same
// transaction.
func (a *App) Promote(ctx context.Context, id string) (domain.Registration, error) {
	if err := identity.Require(ctx, identity.RoleOrganiser); err != nil {
		return domain.Registration{}, err
	}
	var out domain.Registration
	err := a.db.InTx(ctx, func(tx sqlite.Tx) error {
		reg, err := store.GetRegistration(ctx, tx, id)
		if err != nil {
			return err
		}
		ev, err := store.GetEvent(ctx, tx, reg.EventID)
		if err != nil {
			return err
		}
		if !manages(ctx, ev) {
			return fmt.Errorf("registration %s, of another organisation's event: %w", id, domain.ErrNotFound)
		}
		seats, err := store.Seats(ctx, tx, ev.ID)
		if err != nil {
			return err
		}
		if err := reg.Promote(ev, seats, a.now()); err != nil {
			return err
		}
		if err := store.SaveStatus(ctx, tx, reg); err != nil {
			return err
		}
		if err := a.announce(ctx, tx, subject.RegistrationPromoted, reg, ev); err != nil {
			return err
		}
		out = reg
		return a.announceSeats(ctx, tx, ev.ID)
	})
	if err != nil {
		return domain.Registration{}, fmt.Errorf("promote registration %s: %w", id, err)
	}
	return out, nil
}
