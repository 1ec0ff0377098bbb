package app

import (
	"context"
	"fmt"
	"slices"

	"plein.dev/ambassadors/internal/bus"
	"plein.dev/ambassadors/internal/domain"
	"plein.dev/ambassadors/internal/store"
	"plein.dev/platform/identity"
	"plein.dev/platform/page"
	"plein.dev/platform/sqlite"
	"plein.dev/proto/subject"
)

// The activity use cases are for organisers and for the ambassador the
// activities belong to: anonymous callers are refused first, then a
// missing ambassador or activity is domain.ErrNotFound, and so is one of a
// programme an organiser does not manage; another ambassador's is
// domain.ErrForbidden.

// LogActivity records an activity of an ambassador of an active programme:
// dated within the ambassador's term and not in the future, on themes of
// the programme and in areas of the programme. Its review starts pending.
func (s *App) LogActivity(ctx context.Context, x domain.Activity) (domain.Activity, error) {
	if err := identity.Require(ctx); err != nil {
		return domain.Activity{}, err
	}
	c := callerOf(ctx)
	now := s.stamp()
	x.ID = newID()
	x.ReviewStatus = domain.ReviewPending
	x.CreatedAt, x.UpdatedAt = now, now
	x.Version = 1
	err := s.db.InTx(ctx, func(tx sqlite.Tx) error {
		a, err := ownAmbassador(ctx, tx, c, x.AmbassadorID)
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
		if err := s.inTerm(c, a); err != nil {
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
		if x.Areas, err = p.ActivityAreas(x.Areas); err != nil {
			return err
		}
		if err := store.InsertActivity(ctx, tx, x); err != nil {
			return err
		}
		msg, err := bus.ActivityChanged(subject.ActivityLogged, x, now)
		return s.publish(ctx, tx, msg, err)
	})
	if err != nil {
		return domain.Activity{}, fmt.Errorf("log activity: %w", err)
	}
	return x, nil
}

// ActivityCursor is the position in an ambassador's list of activities,
// latest first: by date, then id, both descending.
type ActivityCursor struct {
	OccurredOn domain.Date `json:"o"`
	ID         string      `json:"i"`
}

// ListActivities returns a page of an ambassador's activities, latest
// first, and the next page's token. Alumni still read their own.
func (s *App) ListActivities(ctx context.Context, ambassadorID string, r page.Request[ActivityCursor]) ([]domain.Activity, string, error) {
	if err := identity.Require(ctx); err != nil {
		return nil, "", err
	}
	if _, err := ownAmbassador(ctx, s.db.R, callerOf(ctx), ambassadorID); err != nil {
		return nil, "", err
	}
	list, err := store.ListActivities(ctx, s.db.R, ambassadorID, r.After.OccurredOn, r.After.ID, r.Limit())
	if err != nil {
		return nil, "", err
	}
	return page.Cut(r, list, func(x domain.Activity) ActivityCursor { return ActivityCursor{x.OccurredOn, x.ID} })
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
	// Areas and Companies replace the activity's; the companies' names
	// join the organisations.
	Areas     *[]string
	Companies *[]domain.Company
}

// UpdateActivity changes an activity. A new date must lie within the term
// and not in the future, new themes must be the programme's; what does not
// change is not checked again (a term or theme list may have changed since).
func (s *App) UpdateActivity(ctx context.Context, id string, c ActivityChange) (domain.Activity, error) {
	if err := identity.Require(ctx); err != nil {
		return domain.Activity{}, err
	}
	who := callerOf(ctx)
	var out domain.Activity
	err := s.db.InTx(ctx, func(tx sqlite.Tx) error {
		x, a, p, err := s.ownActivity(ctx, tx, who, id)
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
		if c.Companies != nil {
			x.Companies = *c.Companies
		}
		if err := x.Validate(); err != nil {
			return err
		}
		if !who.manages(a.ProgrammeOwners) {
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
		if c.Areas != nil && !slices.Equal(*c.Areas, x.Areas) {
			if x.Areas, err = p.ActivityAreas(*c.Areas); err != nil {
				return err
			}
		}
		now := s.stamp()
		x.Touch(now)
		if err := store.UpdateActivity(ctx, tx, x, prev); err != nil {
			return err
		}
		out = x
		msg, err := bus.ActivityChanged(subject.ActivityUpdated, x, now)
		return s.publish(ctx, tx, msg, err)
	})
	if err != nil {
		return domain.Activity{}, fmt.Errorf("update activity %s: %w", id, err)
	}
	return out, nil
}

// DeleteActivity removes an activity. The deleted message carries the
// activity as it was, at a version one higher.
func (s *App) DeleteActivity(ctx context.Context, id string) error {
	if err := identity.Require(ctx); err != nil {
		return err
	}
	err := s.db.InTx(ctx, func(tx sqlite.Tx) error {
		x, _, _, err := s.ownActivity(ctx, tx, callerOf(ctx), id)
		if err != nil {
			return err
		}
		prev := x.Version
		now := s.stamp()
		x.Touch(now)
		if err := store.DeleteActivity(ctx, tx, id, prev); err != nil {
			return err
		}
		msg, err := bus.ActivityChanged(subject.ActivityDeleted, x, now)
		return s.publish(ctx, tx, msg, err)
	})
	if err != nil {
		return fmt.Errorf("delete activity %s: %w", id, err)
	}
	return nil
}

// ownActivity reads an activity the caller may change, with its ambassador
// and their (active) programme.
func (s *App) ownActivity(ctx context.Context, tx sqlite.Tx, c caller, id string) (domain.Activity, domain.Ambassador, domain.Programme, error) {
	x, err := store.GetActivity(ctx, tx, id)
	if err != nil {
		return domain.Activity{}, domain.Ambassador{}, domain.Programme{}, err
	}
	a, err := ownAmbassador(ctx, tx, c, x.AmbassadorID)
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
	if err := s.inTerm(c, a); err != nil {
		return domain.Activity{}, domain.Ambassador{}, domain.Programme{}, err
	}
	return x, a, p, nil
}

// inTerm refuses an ambassador acting on their activities once they are
// alumni; the programme's organisers may still correct them while it runs.
func (s *App) inTerm(c caller, a domain.Ambassador) error {
	if !c.manages(a.ProgrammeOwners) && a.StatusOn(s.Today()) == domain.AmbassadorAlumni {
		return fmt.Errorf("ambassador %s: %w", a.ID, domain.ErrTermEnded)
	}
	return nil
}
