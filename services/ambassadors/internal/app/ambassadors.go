package app

import (
	"context"
	"fmt"

	"github.com/jmoiron/sqlx"

	"plein.dev/ambassadors/internal/bus"
	"plein.dev/ambassadors/internal/domain"
	"plein.dev/ambassadors/internal/store"
)

// AppointAmbassador appoints an ambassador to an active programme.
func (s *Service) AppointAmbassador(ctx context.Context, a domain.Ambassador) (domain.Ambassador, error) {
	now := s.stamp()
	a.ID = newID()
	a.CreatedAt, a.UpdatedAt = now, now
	a.Version = 1
	err := s.db.InTx(ctx, func(tx *sqlx.Tx) error {
		p, err := store.GetProgramme(ctx, tx, a.ProgrammeID)
		if err != nil {
			return err
		}
		if err := p.Editable(); err != nil {
			return err
		}
		if err := a.Validate(); err != nil {
			return err
		}
		if err := store.InsertAmbassador(ctx, tx, a); err != nil {
			return err
		}
		a.ProgrammeStatus = p.Status
		a.Status = a.StatusOn(s.Today())
		msg, err := bus.AmbassadorChanged(bus.VerbAppointed, a, now)
		return s.publish(ctx, tx, msg, err)
	})
	if err != nil {
		return domain.Ambassador{}, fmt.Errorf("appoint ambassador: %w", err)
	}
	return a, nil
}

// GetAmbassador returns one ambassador with their status of today.
func (s *Service) GetAmbassador(ctx context.Context, id string) (domain.Ambassador, error) {
	a, err := store.GetAmbassador(ctx, s.db.R, id)
	if err != nil {
		return domain.Ambassador{}, err
	}
	a.Status = a.StatusOn(s.Today())
	return a, nil
}

// ListAmbassadors pages through a programme's ambassadors by name.
func (s *Service) ListAmbassadors(ctx context.Context, programmeID, afterName, afterID string, limit int) ([]domain.Ambassador, error) {
	if _, err := store.GetProgramme(ctx, s.db.R, programmeID); err != nil {
		return nil, err
	}
	list, err := store.ListAmbassadors(ctx, s.db.R, programmeID, afterName, afterID, limit)
	if err != nil {
		return nil, err
	}
	today := s.Today()
	for i := range list {
		list[i].Status = list[i].StatusOn(today)
	}
	return list, nil
}

// AmbassadorChange is an edit of an ambassador; nil fields stay as they
// are. A new TermEndsOn extends (or shortens) the term.
type AmbassadorChange struct {
	Name, Email, Organisation, Sector, Bio *string
	TermEndsOn                             *domain.Date
}

// UpdateAmbassador applies a change to an ambassador of an active
// programme.
func (s *Service) UpdateAmbassador(ctx context.Context, id string, c AmbassadorChange) (domain.Ambassador, error) {
	var out domain.Ambassador
	err := s.db.InTx(ctx, func(tx *sqlx.Tx) error {
		a, err := store.GetAmbassador(ctx, tx, id)
		if err != nil {
			return err
		}
		if a.ProgrammeStatus == domain.ProgrammeClosed {
			return domain.ErrClosed
		}
		prev := a.Version
		for _, f := range []struct{ dst, src *string }{
			{&a.Name, c.Name}, {&a.Email, c.Email}, {&a.Organisation, c.Organisation},
			{&a.Sector, c.Sector}, {&a.Bio, c.Bio},
		} {
			if f.src != nil {
				*f.dst = *f.src
			}
		}
		if c.TermEndsOn != nil {
			a.TermEndsOn = *c.TermEndsOn
			if !a.TermEndsOn.Before(s.Today()) {
				// Extended: a later end of the term is announced again.
				a.TermEndedAnnounced = false
			}
		}
		if err := a.Validate(); err != nil {
			return err
		}
		now := s.stamp()
		a.Touch(now)
		if err := store.UpdateAmbassador(ctx, tx, a, prev); err != nil {
			return err
		}
		a.Status = a.StatusOn(s.Today())
		out = a
		msg, err := bus.AmbassadorChanged(bus.VerbUpdated, a, now)
		return s.publish(ctx, tx, msg, err)
	})
	if err != nil {
		return domain.Ambassador{}, fmt.Errorf("update ambassador %s: %w", id, err)
	}
	return out, nil
}

// SetLeaderboardOptOut keeps the ambassador off (or puts them back on) the
// programme's leaderboard. The ambassador themself or an organiser may;
// it is a privacy choice, so it is allowed in a closed programme too.
func (s *Service) SetLeaderboardOptOut(ctx context.Context, actor domain.Actor, id string, optOut bool) (domain.Ambassador, error) {
	var out domain.Ambassador
	err := s.db.InTx(ctx, func(tx *sqlx.Tx) error {
		a, err := ownAmbassador(ctx, tx, actor, id)
		if err != nil {
			return err
		}
		if a.LeaderboardOptOut == optOut {
			out = a
			return nil
		}
		prev := a.Version
		a.LeaderboardOptOut = optOut
		now := s.stamp()
		a.Touch(now)
		if err := store.UpdateAmbassador(ctx, tx, a, prev); err != nil {
			return err
		}
		out = a
		msg, err := bus.AmbassadorChanged(bus.VerbUpdated, a, now)
		return s.publish(ctx, tx, msg, err)
	})
	if err != nil {
		return domain.Ambassador{}, fmt.Errorf("leaderboard opt-out of %s: %w", id, err)
	}
	out.Status = out.StatusOn(s.Today())
	return out, nil
}
