package app

import (
	"context"
	"fmt"

	"plein.dev/ambassadors/internal/bus"
	"plein.dev/ambassadors/internal/domain"
	"plein.dev/ambassadors/internal/store"
	"plein.dev/platform/page"
	"plein.dev/platform/sqlite"
	"plein.dev/proto/subject"
)

// AppointAmbassador appoints an ambassador to an active programme.
// Organisers of its owners only.
func (s *App) AppointAmbassador(ctx context.Context, a domain.Ambassador) (domain.Ambassador, error) {
	if err := requireOrganiser(ctx); err != nil {
		return domain.Ambassador{}, err
	}
	now := s.stamp()
	a.ID = newID()
	a.CreatedAt, a.UpdatedAt = now, now
	a.Version = 1
	err := s.db.InTx(ctx, func(tx sqlite.Tx) error {
		p, err := managedProgramme(ctx, tx, callerOf(ctx), a.ProgrammeID)
		if err != nil {
			return err
		}
		if err := p.Editable(); err != nil {
			return err
		}
		a.ProgrammeOwners = p.Owners
		if err := a.Validate(); err != nil {
			return err
		}
		if err := store.InsertAmbassador(ctx, tx, a); err != nil {
			return err
		}
		a.ProgrammeStatus = p.Status
		a.Status = a.StatusOn(s.Today())
		msg, err := bus.AmbassadorChanged(subject.AmbassadorAppointed, a, s.keys, now)
		return s.publish(ctx, tx, msg, err)
	})
	if err != nil {
		return domain.Ambassador{}, fmt.Errorf("appoint ambassador: %w", err)
	}
	return a, nil
}

// GetAmbassador returns one ambassador with their status of today. Anyone
// may read the public profile; the private fields only organisers and the
// ambassador themself.
func (s *App) GetAmbassador(ctx context.Context, id string) (domain.Ambassador, error) {
	a, err := store.GetAmbassador(ctx, s.db.R, id)
	if err != nil {
		return domain.Ambassador{}, err
	}
	a.Status = a.StatusOn(s.Today())
	return callerOf(ctx).visible(a), nil
}

// AmbassadorCursor is the position in a programme's list of ambassadors:
// by name, then id.
type AmbassadorCursor struct {
	Name string `json:"n"`
	ID   string `json:"i"`
}

// ListAmbassadors returns a page of a programme's ambassadors by name, as
// the caller may see them (see GetAmbassador), and the next page's token.
func (s *App) ListAmbassadors(ctx context.Context, programmeID string, r page.Request[AmbassadorCursor]) ([]domain.Ambassador, string, error) {
	if _, err := store.GetProgramme(ctx, s.db.R, programmeID); err != nil {
		return nil, "", err
	}
	list, err := store.ListAmbassadors(ctx, s.db.R, programmeID, r.After.Name, r.After.ID, r.Limit())
	if err != nil {
		return nil, "", err
	}
	today, c := s.Today(), callerOf(ctx)
	for i := range list {
		list[i].Status = list[i].StatusOn(today)
		list[i] = c.visible(list[i])
	}
	return page.Cut(r, list, func(a domain.Ambassador) AmbassadorCursor { return AmbassadorCursor{a.Name, a.ID} })
}

// AmbassadorChange is an edit of an ambassador; nil fields stay as they
// are. A new TermEndsOn extends (or shortens) the term.
type AmbassadorChange struct {
	Name, Email, Organisation, Sector, Bio *string
	TermEndsOn                             *domain.Date
}

// UpdateAmbassador applies a change to an ambassador of an active
// programme. Organisers of the programme's owners only.
func (s *App) UpdateAmbassador(ctx context.Context, id string, c AmbassadorChange) (domain.Ambassador, error) {
	if err := requireOrganiser(ctx); err != nil {
		return domain.Ambassador{}, err
	}
	var out domain.Ambassador
	err := s.db.InTx(ctx, func(tx sqlite.Tx) error {
		a, err := ownAmbassador(ctx, tx, callerOf(ctx), id)
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
		msg, err := bus.AmbassadorChanged(subject.AmbassadorUpdated, a, s.keys, now)
		return s.publish(ctx, tx, msg, err)
	})
	if err != nil {
		return domain.Ambassador{}, fmt.Errorf("update ambassador %s: %w", id, err)
	}
	return out, nil
}
