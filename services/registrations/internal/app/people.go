package app

import (
	"context"
	"errors"
	"fmt"

	"plein.dev/platform/identity"
	"plein.dev/platform/shred"
	"plein.dev/platform/sqlite"
	"plein.dev/proto/subject"
	"plein.dev/registrations/internal/bus"
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

// ErasePerson erases, within tx, every registration of an address and the
// person's data key, for an erasure request (platform/erasure): the key's
// messages leave the bus first (so that the personal fields of every
// message about the person, in every stream, no longer open), then its
// row. A live registration is cancelled, so that its seat goes to the
// waiting list; the message announcing it ("erased") carries no personal
// data. It returns how many registrations it erased.
func (a *App) ErasePerson(ctx context.Context, tx sqlite.Tx, email string) (int, error) {
	k, err := store.GetPersonKey(ctx, tx, email)
	switch {
	case errors.Is(err, domain.ErrNotFound):
	case err != nil:
		return 0, fmt.Errorf("erase person: %w", err)
	default:
		// A key the relay has not published yet never will be.
		if _, err := tx.ExecContext(ctx, `DELETE FROM outbox WHERE subject = ?`, string(subject.PersonKey(bus.Service, k.ID))); err != nil {
			return 0, fmt.Errorf("erase person: unpublished key: %w", err)
		}
		if a.shred != nil {
			if err := a.shred(ctx, k.ID); err != nil {
				return 0, fmt.Errorf("erase person: %w", err)
			}
		}
	}
	if _, err := store.DeletePersonKey(ctx, tx, email); err != nil {
		return 0, fmt.Errorf("erase person: %w", err)
	}
	regs, err := store.ListRegistrations(ctx, tx, store.ListFilter{Email: email, Limit: 1 << 20})
	if err != nil {
		return 0, fmt.Errorf("erase person: %w", err)
	}
	for _, reg := range regs {
		if err := a.erase(ctx, tx, reg); err != nil {
			return 0, fmt.Errorf("erase person: %w", err)
		}
	}
	return len(regs), nil
}

// ShredKeysWith makes the app delete an erased person's key from the bus
// with shred (shred.Shred on this service's stream); it returns a.
func (a *App) ShredKeysWith(shred func(ctx context.Context, keyID string) error) *App {
	a.shred = shred
	return a
}

// personKey returns the data key the personal fields of a message about
// reg are sealed with, adding within tx the key's message to the outbox
// when the key is new, or when its last message is older than
// shred.RepublishAfter (so that it stays on the bus as long as the messages
// needing it). An anonymised registration has no address and no key.
func (a *App) personKey(ctx context.Context, tx sqlite.Tx, reg domain.Registration) (shred.Key, error) {
	return shred.CurrentKey(ctx, tx, bus.Service, reg.Email, a.keys, a.now().UTC())
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
	if ev.Status == domain.EventCompleted {
		// The summary sent when it completed named the person's KvK
		// number; a new version without it replaces it downstream.
		if err := a.summarise(ctx, tx, ev.ID); err != nil {
			return err
		}
	}
	if !wasLive {
		return nil
	}
	if err := a.promote(ctx, tx, ev); err != nil {
		return err
	}
	return a.announceSeats(ctx, tx, ev.ID)
}
