package app

import (
	"context"

	"plein.dev/events/internal/domain"
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

// visible reports whether the caller may see the event: organisers see
// all, the proposing ambassador their proposal, others what is public.
func visible(ctx context.Context, e domain.Event) bool {
	id := identity.FromContext(ctx)
	switch {
	case id.Has(identity.RoleOrganiser), e.VisibleToPublic():
		return true
	case e.ProposedByAmbassadorID != "" && id.AmbassadorID == e.ProposedByAmbassadorID:
		return true
	}
	return false
}

// shown returns the event as the caller may see it: the invite code is for
// organisers only.
func shown(ctx context.Context, e domain.Event) domain.Event {
	if !organiser(ctx) {
		e.InviteCode = ""
	}
	return e
}
