package app

import (
	"context"
	"fmt"

	"github.com/jmoiron/sqlx"

	"plein.dev/registrations/internal/domain"
	"plein.dev/registrations/internal/store"
)

// exportLimit bounds one person's registrations read at once.
const exportLimit = 500

// PersonRegistrations returns every registration of an e-mail address,
// across events, for the person it concerns.
func (s *Service) PersonRegistrations(ctx context.Context, email string) ([]domain.Registration, error) {
	var out []domain.Registration
	var after int64
	for {
		regs, seqs, err := store.ListRegistrations(ctx, s.db.R, store.ListFilter{Email: email, AfterSeq: after, Limit: exportLimit})
		if err != nil {
			return nil, err
		}
		out = append(out, regs...)
		if len(regs) < exportLimit {
			return out, nil
		}
		after = seqs[len(seqs)-1]
	}
}

// ErasePerson removes the personal data of every registration of an e-mail
// address. A live registration is cancelled first, so that its seat goes to
// the waiting list; the message announcing it ("erased") carries no
// personal data. It returns how many registrations were erased.
func (s *Service) ErasePerson(ctx context.Context, email string) (int, error) {
	n := 0
	err := s.db.InTx(ctx, func(tx *sqlx.Tx) error {
		regs, _, err := store.ListRegistrations(ctx, tx, store.ListFilter{Email: email, Limit: 1 << 20})
		if err != nil {
			return err
		}
		for _, reg := range regs {
			if err := store.Anonymise(ctx, tx, reg.ID); err != nil {
				return err
			}
			ev, err := store.GetEvent(ctx, tx, reg.EventID)
			if err != nil {
				return err
			}
			wasLive := reg.Status != domain.StatusCancelled
			erased, err := store.GetRegistration(ctx, tx, reg.ID)
			if err != nil {
				return err
			}
			now := s.now().UTC()
			if wasLive {
				erased.Status, erased.CancelledAt, erased.CancellationReason = domain.StatusCancelled, &now, "erased on request"
				erased.CancelledBy = domain.CancelledByErased
			}
			erased.Version++
			if err := store.SaveStatus(ctx, tx, erased); err != nil {
				return err
			}
			if err := s.announce(ctx, tx, "erased", erased, ev); err != nil {
				return err
			}
			if wasLive {
				if err := s.promote(ctx, tx, ev); err != nil {
					return err
				}
				if err := s.announceSeats(ctx, tx, ev); err != nil {
					return err
				}
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
