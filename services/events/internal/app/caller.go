package app

import (
	"context"
	"fmt"
	"slices"

	"plein.dev/events/internal/domain"
	"plein.dev/events/internal/store"
	"plein.dev/platform/identity"
)

// The caller is the identity the gRPC interceptors put in the context.
// Organisers run the events service; ambassadors propose events and see
// their own proposals; everyone sees what is public.

func organiser(ctx context.Context) bool {
	return identity.FromContext(ctx).Has(identity.RoleOrganiser)
}

// requireOrganiser refuses a caller who is not an organiser
// (Unauthenticated when signed out, PermissionDenied otherwise).
func requireOrganiser(ctx context.Context) error {
	return identity.Require(ctx, identity.RoleOrganiser)
}

// manages reports whether the caller is an organiser of one of the
// event's owners (or an organiser who is also an administrator).
func manages(ctx context.Context, owners []string) bool {
	id := identity.FromContext(ctx)
	return id.Has(identity.RoleOrganiser) && id.Manages(owners...)
}

// managed returns the event if the caller manages it, and ErrNotFound
// otherwise: another organisation's event is none of the caller's
// business, not even that it exists. The service itself (its loops: no
// caller in the context) manages every event.
func managed(ctx context.Context, q store.Queryer, id string) (domain.Event, error) {
	e, err := store.GetEvent(ctx, q, id)
	if err != nil {
		return domain.Event{}, err
	}
	if caller := identity.FromContext(ctx); !caller.Anonymous() && !manages(ctx, e.Owners) {
		return domain.Event{}, fmt.Errorf("event %s, of other organisations: %w", id, domain.ErrNotFound)
	}
	return e, nil
}

// ownerFor decides the owner of an event without a programme the caller
// makes or moves: the one given, which must be one of the caller's
// organisations (an administrator names any), or else the caller's one
// organisation.
func ownerFor(ctx context.Context, given string) (string, error) {
	id := identity.FromContext(ctx)
	switch {
	case given == "" && len(id.OrganisationIDs) == 1:
		return id.OrganisationIDs[0], nil
	case given == "":
		return "", domain.Unmet("ownerOrganisationId", "name the owning organisation: you work for none or several")
	case id.Has(identity.RoleAdmin) || slices.Contains(id.OrganisationIDs, given):
		return given, nil
	}
	return "", domain.Unmet("ownerOrganisationId", "must be one of your own organisations")
}

// visible reports whether the caller may see the event: organisers of its
// owners, the proposing ambassador their proposal, others what is public.
func visible(ctx context.Context, e domain.Event) bool {
	id := identity.FromContext(ctx)
	switch {
	case manages(ctx, e.Owners), e.VisibleToPublic():
		return true
	case e.ProposedByAmbassadorID != "" && id.AmbassadorID == e.ProposedByAmbassadorID:
		return true
	}
	return false
}

// shown returns the event as the caller may see it: the invite code and
// the contacts that are not public are for the organisers managing it
// only.
func shown(ctx context.Context, e domain.Event) domain.Event {
	if !manages(ctx, e.Owners) {
		e.InviteCode = ""
		e.Contacts = domain.PublicContacts(e.Contacts, false)
	}
	return e
}
