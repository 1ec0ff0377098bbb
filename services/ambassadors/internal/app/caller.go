package app

import (
	"context"
	"fmt"

	"plein.dev/ambassadors/internal/domain"
	"plein.dev/ambassadors/internal/store"
	"plein.dev/platform/identity"
)

// caller is who calls, as far as this service's rules care, read from the
// identity the gRPC interceptors put in the context.
type caller struct {
	// organiser may act on every programme, ambassador and activity.
	organiser bool
	// ambassadorID is set for a caller with the ambassador role: they may
	// act on their own data only.
	ambassadorID string
}

func callerOf(ctx context.Context) caller {
	id := identity.FromContext(ctx)
	c := caller{organiser: id.Has(identity.RoleOrganiser)}
	if id.Has(identity.RoleAmbassador) {
		c.ambassadorID = id.AmbassadorID
	}
	return c
}

// mayActFor reports whether the caller may see and change the activities of
// the ambassador, and see their private fields.
func (c caller) mayActFor(ambassadorID string) bool {
	return c.organiser || (c.ambassadorID != "" && c.ambassadorID == ambassadorID)
}

// visible returns a as the caller may see it: the e-mail address and the
// leaderboard choice only for organisers and the ambassador themself.
func (c caller) visible(a domain.Ambassador) domain.Ambassador {
	if !c.mayActFor(a.ID) {
		a.Email = ""
		a.LeaderboardOptOut = false
	}
	return a
}

// requireOrganiser refuses callers without the organiser role
// (Unauthenticated when anonymous, PermissionDenied otherwise).
func requireOrganiser(ctx context.Context) error {
	return identity.Require(ctx, identity.RoleOrganiser)
}

// ownAmbassador returns the ambassador if the caller may act for them:
// domain.ErrNotFound if there is no such ambassador, domain.ErrForbidden if
// it is someone else.
func ownAmbassador(ctx context.Context, q store.Queryer, c caller, id string) (domain.Ambassador, error) {
	a, err := store.GetAmbassador(ctx, q, id)
	if err != nil {
		return domain.Ambassador{}, err
	}
	if !c.mayActFor(a.ID) {
		return domain.Ambassador{}, fmt.Errorf("ambassador %s: %w", id, domain.ErrForbidden)
	}
	return a, nil
}
