package app

import (
	"context"
	"errors"
	"fmt"
	"time"

	"plein.dev/events/internal/domain"
	"plein.dev/events/internal/store"
	"plein.dev/platform/identity"
	"plein.dev/platform/sqlite"
	"plein.dev/proto/subject"
)

// Propose stores a proposal of an event, by an ambassador (or an
// organiser): it waits for an organiser's approval. Its room is only a
// request: checked to exist, to hold the capacity and to be open then, and
// booked on approval. An ambassador's account must be linked to an
// ambassador, who is named as the proposer.
func (a *App) Propose(ctx context.Context, e domain.Event, capacitySet bool) (domain.Event, error) {
	if err := identity.Require(ctx, identity.RoleOrganiser, identity.RoleAmbassador); err != nil {
		return domain.Event{}, err
	}
	caller := identity.FromContext(ctx)
	if !caller.Has(identity.RoleOrganiser) && caller.AmbassadorID == "" {
		return domain.Event{}, domain.ErrNoAmbassador
	}
	now := a.stamp()
	e.ID = newID()
	e.Status = domain.StatusProposed
	e.ProposedByAmbassadorID = caller.AmbassadorID
	e.CreatedAt, e.UpdatedAt = now, now
	e.Version = 1
	e.Recurrence, e.SeriesID = "", ""
	if e.Visibility == "" {
		e.Visibility = domain.VisibilityPublic
	}
	if e.Visibility == domain.VisibilityInviteOnly {
		e.InviteCode = newInviteCode()
	}
	err := a.db.InTx(ctx, func(tx sqlite.Tx) error {
		if err := checkRefs(ctx, tx, e); err != nil {
			return err
		}
		if err := a.proposalOwner(ctx, tx, &e); err != nil {
			return err
		}
		if e.RoomID != "" {
			room, err := roomFor(ctx, tx, &e, capacitySet)
			if err != nil {
				return err
			}
			if err := room.CheckAvailable(e.StartsAt, e.EndsAt); err != nil {
				return err
			}
		} else if !capacitySet && e.Visibility != domain.VisibilityInternal {
			return domain.Unmet("capacity", "is required for an event without a room")
		}
		if err := e.Validate(); err != nil {
			return err
		}
		if err := store.InsertEvent(ctx, tx, e); err != nil {
			return err
		}
		return a.announce(ctx, tx, subject.EventProposed, e, nil)
	})
	if err != nil {
		return domain.Event{}, fmt.Errorf("propose event: %w", err)
	}
	return shown(ctx, e), nil
}

// Approve accepts a proposal: its room is booked now (refused if taken or
// closed) and it becomes a draft, or is published at once. Organisers
// only.
func (a *App) Approve(ctx context.Context, id string, publish bool) (domain.Event, error) {
	if err := requireOrganiser(ctx); err != nil {
		return domain.Event{}, err
	}
	var out domain.Event
	err := a.db.InTx(ctx, func(tx sqlite.Tx) error {
		e, err := managed(ctx, tx, id)
		if err != nil {
			return err
		}
		prev := e.Version
		if err := e.Approve(publish, a.stamp()); err != nil {
			return err
		}
		if err := placeInRoom(ctx, tx, &e, true); err != nil {
			return err
		}
		if err := store.UpdateEvent(ctx, tx, e, prev); err != nil {
			return err
		}
		out = e
		s := subject.EventDrafted
		if publish {
			s = subject.EventPublished
		}
		return a.announce(ctx, tx, s, e, nil)
	})
	if err != nil {
		return domain.Event{}, fmt.Errorf("approve event %s: %w", id, err)
	}
	return out, nil
}

// Decline refuses a proposal with a reason. Organisers only.
func (a *App) Decline(ctx context.Context, id, reason string) (domain.Event, error) {
	if err := requireOrganiser(ctx); err != nil {
		return domain.Event{}, err
	}
	return a.transition(ctx, id, subject.EventDeclined, func(e *domain.Event, now time.Time) error { return e.Decline(reason, now) })
}

// proposalOwner settles who owns a proposal: the owners of its programme;
// without one, an ambassador's proposal belongs to the first owner of
// their own programme (the default organisation while the ambassador is
// not known here yet), an organiser's as ownerFor decides.
func (a *App) proposalOwner(ctx context.Context, q store.Queryer, e *domain.Event) error {
	if e.ProgrammeID != "" {
		p, err := store.GetProgramme(ctx, q, e.ProgrammeID)
		if err != nil {
			return err
		}
		e.Owners = p.Owners
		return nil
	}
	caller := identity.FromContext(ctx)
	if caller.AmbassadorID == "" {
		o, err := ownerFor(ctx, "")
		if err != nil {
			return err
		}
		e.OwnerOrganisationID, e.Owners = o, []string{o}
		return nil
	}
	owner := DefaultOrganisation
	amb, err := store.GetAmbassador(ctx, q, caller.AmbassadorID)
	switch {
	case errors.Is(err, domain.ErrNotFound):
	case err != nil:
		return err
	default:
		p, err := store.GetProgramme(ctx, q, amb.ProgrammeID)
		if err != nil && !errors.Is(err, domain.ErrNotFound) {
			return err
		}
		if len(p.Owners) > 0 {
			owner = p.Owners[0]
		}
	}
	e.OwnerOrganisationID, e.Owners = owner, []string{owner}
	return nil
}
