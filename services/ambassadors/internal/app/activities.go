package app

import (
	"context"
	"fmt"
	"slices"

	"github.com/jmoiron/sqlx"

	"plein.dev/ambassadors/internal/bus"
	"plein.dev/ambassadors/internal/domain"
	"plein.dev/ambassadors/internal/store"
)

// ownAmbassador returns the ambassador if the actor may act for them:
// domain.ErrNotFound if there is no such ambassador, domain.ErrForbidden if
// it is someone else.
func ownAmbassador(ctx context.Context, q store.Queryer, actor domain.Actor, id string) (domain.Ambassador, error) {
	a, err := store.GetAmbassador(ctx, q, id)
	if err != nil {
		return domain.Ambassador{}, err
	}
	if !actor.MayActFor(a.ID) {
		return domain.Ambassador{}, fmt.Errorf("ambassador %s: %w", id, domain.ErrForbidden)
	}
	return a, nil
}

// LogActivity records an activity of an ambassador of an active programme:
// dated within the ambassador's term and not in the future, on themes of
// the programme. Its review starts pending.
func (s *Service) LogActivity(ctx context.Context, actor domain.Actor, x domain.Activity) (domain.Activity, error) {
	now := s.stamp()
	x.ID = newID()
	x.ReviewStatus = domain.ReviewPending
	x.CreatedAt, x.UpdatedAt = now, now
	x.Version = 1
	err := s.db.InTx(ctx, func(tx *sqlx.Tx) error {
		a, err := ownAmbassador(ctx, tx, actor, x.AmbassadorID)
		if err != nil {
			return err
		}
		p, err := store.GetProgramme(ctx, tx, a.ProgrammeID)
		if err != nil {
			return err
		}
		if err := p.Editable(); err != nil {
			return err
		}
		if err := s.inTerm(actor, a); err != nil {
			return err
		}
		x.ProgrammeID = p.ID
		if err := x.Validate(); err != nil {
			return err
		}
		if err := domain.CheckDate(&a, x.OccurredOn, s.Today()); err != nil {
			return err
		}
		if x.Themes, err = p.ActivityThemes(x.Themes); err != nil {
			return err
		}
		if err := store.InsertActivity(ctx, tx, x); err != nil {
			return err
		}
		msg, err := bus.ActivityChanged(bus.VerbLogged, x, now)
		return s.publish(ctx, tx, msg, err)
	})
	if err != nil {
		return domain.Activity{}, fmt.Errorf("log activity: %w", err)
	}
	return x, nil
}

// ListActivities pages through an ambassador's activities, latest first.
func (s *Service) ListActivities(ctx context.Context, actor domain.Actor, ambassadorID string, beforeOn domain.Date, beforeID string, limit int) ([]domain.Activity, error) {
	if _, err := ownAmbassador(ctx, s.db.R, actor, ambassadorID); err != nil {
		return nil, err
	}
	return store.ListActivities(ctx, s.db.R, ambassadorID, beforeOn, beforeID, limit)
}

// ActivityChange is an edit of an activity; nil fields stay as they are.
type ActivityChange struct {
	Kind                 *domain.Kind
	OccurredOn           *domain.Date
	DurationMinutes      *int
	Summary              *string
	EntrepreneursReached *int
	Organisations        *[]string
	Themes               *[]string
}

// UpdateActivity changes an activity. A new date must lie within the term
// and not in the future, new themes must be the programme's; what does not
// change is not checked again (a term or theme list may have changed since).
func (s *Service) UpdateActivity(ctx context.Context, actor domain.Actor, id string, c ActivityChange) (domain.Activity, error) {
	var out domain.Activity
	err := s.db.InTx(ctx, func(tx *sqlx.Tx) error {
		x, a, p, err := s.ownActivity(ctx, tx, actor, id)
		if err != nil {
			return err
		}
		prev := x.Version
		if c.Kind != nil {
			x.Kind = *c.Kind
		}
		if c.DurationMinutes != nil {
			x.DurationMinutes = *c.DurationMinutes
		}
		if c.Summary != nil {
			x.Summary = *c.Summary
		}
		if c.EntrepreneursReached != nil {
			x.EntrepreneursReached = *c.EntrepreneursReached
		}
		if c.Organisations != nil {
			x.Organisations = *c.Organisations
		}
		if err := x.Validate(); err != nil {
			return err
		}
		if !actor.Organiser {
			x.Resubmit()
		}
		if c.OccurredOn != nil && *c.OccurredOn != x.OccurredOn {
			if err := domain.CheckDate(&a, *c.OccurredOn, s.Today()); err != nil {
				return err
			}
			x.OccurredOn = *c.OccurredOn
		}
		if c.Themes != nil && !slices.Equal(*c.Themes, x.Themes) {
			if x.Themes, err = p.ActivityThemes(*c.Themes); err != nil {
				return err
			}
		}
		now := s.stamp()
		x.Touch(now)
		if err := store.UpdateActivity(ctx, tx, x, prev); err != nil {
			return err
		}
		out = x
		msg, err := bus.ActivityChanged(bus.VerbUpdated, x, now)
		return s.publish(ctx, tx, msg, err)
	})
	if err != nil {
		return domain.Activity{}, fmt.Errorf("update activity %s: %w", id, err)
	}
	return out, nil
}

// DeleteActivity removes an activity. The deleted message carries the
// activity as it was, at a version one higher.
func (s *Service) DeleteActivity(ctx context.Context, actor domain.Actor, id string) error {
	err := s.db.InTx(ctx, func(tx *sqlx.Tx) error {
		x, _, _, err := s.ownActivity(ctx, tx, actor, id)
		if err != nil {
			return err
		}
		prev := x.Version
		now := s.stamp()
		x.Touch(now)
		if err := store.DeleteActivity(ctx, tx, id, prev); err != nil {
			return err
		}
		msg, err := bus.ActivityChanged(bus.VerbDeleted, x, now)
		return s.publish(ctx, tx, msg, err)
	})
	if err != nil {
		return fmt.Errorf("delete activity %s: %w", id, err)
	}
	return nil
}

// ownActivity reads an activity the actor may change, with its ambassador
// and their (active) programme.
func (s *Service) ownActivity(ctx context.Context, tx *sqlx.Tx, actor domain.Actor, id string) (domain.Activity, domain.Ambassador, domain.Programme, error) {
	x, err := store.GetActivity(ctx, tx, id)
	if err != nil {
		return domain.Activity{}, domain.Ambassador{}, domain.Programme{}, err
	}
	a, err := ownAmbassador(ctx, tx, actor, x.AmbassadorID)
	if err != nil {
		return domain.Activity{}, domain.Ambassador{}, domain.Programme{}, err
	}
	p, err := store.GetProgramme(ctx, tx, a.ProgrammeID)
	if err != nil {
		return domain.Activity{}, domain.Ambassador{}, domain.Programme{}, err
	}
	if err := p.Editable(); err != nil {
		return domain.Activity{}, domain.Ambassador{}, domain.Programme{}, err
	}
	if err := s.inTerm(actor, a); err != nil {
		return domain.Activity{}, domain.Ambassador{}, domain.Programme{}, err
	}
	return x, a, p, nil
}

// inTerm refuses an ambassador acting on their activities once they are
// alumni; organisers may still correct them while the programme runs.
func (s *Service) inTerm(actor domain.Actor, a domain.Ambassador) error {
	if !actor.Organiser && a.StatusOn(s.Today()) == domain.AmbassadorAlumni {
		return fmt.Errorf("ambassador %s: %w", a.ID, domain.ErrTermEnded)
	}
	return nil
}

// ReviewActivity records an organiser's decision on an activity: approve,
// or return it to the ambassador with a comment. Reports count approved
// activities; an ambassador's later change puts it back to pending.
func (s *Service) ReviewActivity(ctx context.Context, id, decision, comment string) (domain.Activity, error) {
	var out domain.Activity
	err := s.db.InTx(ctx, func(tx *sqlx.Tx) error {
		x, _, _, err := s.ownActivity(ctx, tx, domain.Actor{Organiser: true}, id)
		if err != nil {
			return err
		}
		prev := x.Version
		if err := x.Review(decision, comment); err != nil {
			return err
		}
		now := s.stamp()
		x.Touch(now)
		if err := store.UpdateActivity(ctx, tx, x, prev); err != nil {
			return err
		}
		out = x
		msg, err := bus.ActivityChanged(bus.VerbReviewed, x, now)
		return s.publish(ctx, tx, msg, err)
	})
	if err != nil {
		return domain.Activity{}, fmt.Errorf("review activity %s: %w", id, err)
	}
	return out, nil
}
