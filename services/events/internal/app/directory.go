package app

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"plein.dev/events/internal/domain"
	"plein.dev/events/internal/store"
	"plein.dev/platform/sqlite"
	"plein.dev/proto/subject"
)

// The directory is the programmes and ambassadors as the ambassadors
// service announces them: events name a known programme, take their themes
// from it, and are hosted by its ambassadors.

// ApplyProgramme records a programme as announced, in the consumer's
// transaction; an older version than the one known is skipped. A
// programme announced before programmes had owners belongs to the default
// organisation. When its owners change, each of its events is announced
// again (updated), so that the services that follow events learn who owns
// them now.
func (a *App) ApplyProgramme(ctx context.Context, tx sqlite.Tx, p domain.Programme) error {
	if len(p.Owners) == 0 {
		p.Owners = []string{DefaultOrganisation}
	}
	before, err := store.GetProgramme(ctx, tx, p.ID)
	known := err == nil
	if err != nil && !errors.Is(err, domain.ErrNotFound) {
		return err
	}
	if known && p.Version < before.Version {
		return nil
	}
	if err := store.PutProgramme(ctx, tx, p); err != nil {
		return err
	}
	if !known || slices.Equal(before.Owners, p.Owners) {
		return nil
	}
	ids, err := store.ProgrammeEventIDs(ctx, tx, p.ID)
	if err != nil {
		return err
	}
	for _, id := range ids {
		e, err := store.GetEvent(ctx, tx, id)
		if err != nil {
			return err
		}
		prev := e.Version
		e.Touch(a.stamp())
		if err := store.UpdateEvent(ctx, tx, e, prev); err != nil {
			return err
		}
		if err := a.announce(ctx, tx, subject.EventUpdated, e, nil); err != nil {
			return err
		}
	}
	return nil
}

// DefaultOrganisation owns what was made before organisations (the
// gateway's upgrade made it, and gave it to every organiser of then).
const DefaultOrganisation = "default"

// ApplyAmbassador records an ambassador as announced, in the consumer's
// transaction; an older version than the one known is skipped.
func (a *App) ApplyAmbassador(ctx context.Context, tx sqlite.Tx, amb domain.Ambassador) error {
	return store.PutAmbassador(ctx, tx, amb)
}

// checkRefs validates the programme, its themes and areas and the hosts of
// an event against the directory.
func checkRefs(ctx context.Context, q store.Queryer, e domain.Event) error {
	var prog *domain.Programme
	if e.ProgrammeID != "" {
		p, err := store.GetProgramme(ctx, q, e.ProgrammeID)
		if errors.Is(err, domain.ErrNotFound) {
			return domain.Unmet("programmeId", "unknown programme")
		}
		if err != nil {
			return err
		}
		prog = &p
		for _, t := range e.Themes {
			if !slices.Contains(p.Themes, t) {
				return domain.Unmet("themes", fmt.Sprintf("%q is not a theme of the programme %q", t, p.Name))
			}
		}
		if err := domain.CheckAreas(e.Areas, p); err != nil {
			return err
		}
	}
	for _, id := range e.HostAmbassadorIDs {
		amb, err := store.GetAmbassador(ctx, q, id)
		if errors.Is(err, domain.ErrNotFound) {
			return domain.Unmet("hostAmbassadorIds", "unknown ambassador "+id)
		}
		if err != nil {
			return err
		}
		if prog != nil && amb.ProgrammeID != prog.ID {
			return domain.Unmet("hostAmbassadorIds", fmt.Sprintf("%s is not an ambassador of the programme %q", id, prog.Name))
		}
	}
	return nil
}
