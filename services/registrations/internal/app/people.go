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

// exportLimit bounds one person's registrations read at once.
const exportLimit = 500

// PersonRegistrations returns every registration of an e-mail address,
// across events, for the person it concerns; for admins.
func (a *App) PersonRegistrations(ctx context.Context, email string) ([]domain.Registration, error) {
	if err := identity.Require(ctx, identity.RoleAdmin); err != nil {
		return nil, err
	}
	var out []domain.Registration
	var after int64
	for {
		regs, err := store.ListRegistrations(ctx, a.db.R, store.ListFilter{Email: email, AfterSeq: after, Limit: exportLimit})
		if err != nil {
			return nil, fmt.Errorf("registrations of a person: %w", err)
		}
		out = append(out, regs...)
		if len(regs) < exportLimit {
			return out, nil
		}
		after = regs[len(regs)-1].Seq
	}
}

// ErasePerson removes the personal data of every registration of an e-mail
// address, for admins. A live registration is cancelled first, so that its
// seat goes to the waiting list; the message announcing it ("erased")
// carries no personal data. It returns how many registrations were erased.
func (a *App) ErasePerson(ctx context.Context, email string) (int, error) {
	if err := identity.Require(ctx, identity.RoleAdmin); err != nil {
		return 0, err
	}
	n := 0
	err := a.db.InTx(ctx, func(tx sqlite.Tx) error {
		regs, err := store.ListRegistrations(ctx, tx, store.ListFilter{Email: email, Limit: 1 << 20})
		if err != nil {
			return err
		}
		for _, reg := range regs {
			if err := a.erase(ctx, tx, reg); err != nil {
				return err
			}
			n++
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("erase person: %w", err)
	}
	return n, nil
}

func (a *App) erase(ctx context.Context, tx sqlite.Tx, reg domain.Registration) error {
	if err := store.Anonymise(ctx, tx, reg.ID); err != nil {
		return err
	}
	ev, err := store.GetEvent(ctx, tx, reg.EventID)
	if err != nil {
		return err
	}
	erased, err := store.GetRegistration(ctx, tx, reg.ID)
	if err != nil {
		return err
	}
	wasLive := reg.Live()
	if wasLive {
		now := a.now().UTC()
		erased.Status, erased.CancelledAt, erased.CancellationReason = domain.StatusCancelled, &now, "erased on request"
		erased.CancelledBy = domain.CancelledByErased
	}
	erased.Version++
	if err := store.SaveStatus(ctx, tx, erased); err != nil {
		return err
	}
	if err := a.announce(ctx, tx, subject.RegistrationErased, erased, ev); err != nil {
		return err
	}
	if !wasLive {
		return nil
	}
	if err := a.promote(ctx, tx, ev); err != nil {
		return err
	}
	return a.announceSeats(ctx, tx, ev.ID)
}
