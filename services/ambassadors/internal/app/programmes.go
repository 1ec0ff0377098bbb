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

// CreateProgramme stores a new, active programme. Organisers only; the
// owners default to the caller's organisation (when they have exactly one)
// and must be among the caller's organisations (an administrator names
// any).
func (s *App) CreateProgramme(ctx context.Context, p domain.Programme) (domain.Programme, error) {
	if err := requireOrganiser(ctx); err != nil {
		return domain.Programme{}, err
	}
	owners, err := callerOf(ctx).newOwners(p.Owners)
	if err != nil {
		return domain.Programme{}, fmt.Errorf("create programme: %w", err)
	}
	p.Owners = owners
	now := s.stamp()
	p.ID = newID()
	p.Status = domain.ProgrammeActive
	p.CreatedAt, p.UpdatedAt = now, now
	p.Version = 1
	if err := p.Validate(); err != nil {
		return domain.Programme{}, fmt.Errorf("create programme: %w", err)
	}
	err = s.db.InTx(ctx, func(tx sqlite.Tx) error {
		if err := store.InsertProgramme(ctx, tx, p); err != nil {
			return err
		}
		msg, err := bus.ProgrammeChanged(subject.ProgrammeCreated, p, now)
		return s.publish(ctx, tx, msg, err)
	})
	if err != nil {
		return domain.Programme{}, fmt.Errorf("create programme: %w", err)
	}
	return p, nil
}

// GetProgramme returns one programme; anyone may read it.
// Those who do not manage it see only its public contacts.
func (s *App) GetProgramme(ctx context.Context, id string) (domain.Programme, error) {
	p, err := store.GetProgramme(ctx, s.db.R, id)
	if err != nil {
		return domain.Programme{}, err
	}
	return callerOf(ctx).programme(p), nil
}

// ProgrammeCursor is the position in the list of programmes: by start
// date, then id.
type ProgrammeCursor struct {
	StartsOn domain.Date `json:"s"`
	ID       string      `json:"i"`
}

// ListProgrammes returns a page of programmes in order of their start
// date, and the next page's token; anyone may list them. managed keeps
// those the caller manages: the programmes of an organiser's
// organisations (an administrator's: all), nothing for anyone else.
func (s *App) ListProgrammes(ctx context.Context, managed bool, r page.Request[ProgrammeCursor]) ([]domain.Programme, string, error) {
	f := store.ProgrammeFilter{AfterStart: r.After.StartsOn, AfterID: r.After.ID, Limit: r.Limit()}
	if c := callerOf(ctx); managed && !c.manages(nil) {
		if !c.organiser {
			return []domain.Programme{}, "", nil
		}
		f.Owners = c.id.OrganisationIDs
		if len(f.Owners) == 0 {
			return []domain.Programme{}, "", nil
		}
	}
	list, err := store.ListProgrammes(ctx, s.db.R, f)
	if err != nil {
		return nil, "", err
	}
	for i := range list {
		list[i] = callerOf(ctx).programme(list[i])
	}
	return page.Cut(r, list, func(p domain.Programme) ProgrammeCursor { return ProgrammeCursor{p.StartsOn, p.ID} })
}

// ProgrammeChange is an edit of a programme; nil fields stay as they are.
type ProgrammeChange struct {
	Name, Description *string
	EndsOn            *domain.Date
	Themes            *[]string
	Targets           *[]domain.Target
	// Owners replaces the owners: those managing a programme may share it
	// with other organisations, or hand it over.
	Owners   *[]string
	Partners *[]domain.Partner
	// Contacts, Areas, ThemeParents and Indicators replace the
	// programme's. An indicator with measurements cannot be removed.
	Contacts     *[]domain.Contact
	Areas        *[]string
	ThemeParents *map[string]string
	Indicators   *[]domain.Indicator
	// Close closes the programme (after applying the other changes).
	Close bool
}

// UpdateProgramme applies a change to an active programme. A change that
// closes it is announced as closed, with its ambassadors' term-ended,
// otherwise as updated. Organisers of its owners only.
func (s *App) UpdateProgramme(ctx context.Context, id string, c ProgrammeChange) (domain.Programme, error) {
	if err := requireOrganiser(ctx); err != nil {
		return domain.Programme{}, err
	}
	var out domain.Programme
	err := s.db.InTx(ctx, func(tx sqlite.Tx) error {
		p, err := managedProgramme(ctx, tx, callerOf(ctx), id)
		if err != nil {
			return err
		}
		if err := p.Editable(); err != nil {
			return err
		}
		prev := p.Version
		if c.Name != nil {
			p.Name = *c.Name
		}
		if c.Description != nil {
			p.Description = *c.Description
		}
		if c.EndsOn != nil {
			p.EndsOn = *c.EndsOn
		}
		if c.Themes != nil {
			p.Themes = *c.Themes
		}
		if c.Targets != nil {
			p.Targets = *c.Targets
		}
		if c.Owners != nil {
			p.Owners = *c.Owners
		}
		if c.Partners != nil {
			p.Partners = *c.Partners
		}
		if err := s.changeOutline(ctx, tx, &p, c); err != nil { // outline.go
			return err
		}
		verb := subject.ProgrammeUpdated
		if c.Close {
			if err := p.Close(); err != nil {
				return err
			}
			verb = subject.ProgrammeClosed
		}
		if err := p.Validate(); err != nil {
			return err
		}
		now := s.stamp()
		p.Touch(now)
		if err := store.UpdateProgramme(ctx, tx, p, prev); err != nil {
			return err
		}
		out = p
		msg, err := bus.ProgrammeChanged(verb, p, now)
		if err := s.publish(ctx, tx, msg, err); err != nil {
			return err
		}
		if c.Close {
			return s.announceAlumni(ctx, tx, now)
		}
		return nil
	})
	if err != nil {
		return domain.Programme{}, fmt.Errorf("update programme %s: %w", id, err)
	}
	return out, nil
}
