package app

import (
	"context"
	"fmt"
	"slices"

	"plein.dev/ambassadors/internal/domain"
	"plein.dev/ambassadors/internal/store"
	"plein.dev/platform/identity"
	"plein.dev/platform/rule"
)

// caller is who calls, as far as this service's rules care, read from the
// identity the gRPC interceptors put in the context.
type caller struct {
	// organiser holds the organiser role: they manage the programmes (with
	// their ambassadors and activities) that one of their organisations
	// owns; an administrator among them every programme.
	organiser bool
	id        identity.Identity
	// ambassadorID is set for a caller with the ambassador role: they may
	// act on their own data only.
	ambassadorID string
}

func callerOf(ctx context.Context) caller {
	id := identity.FromContext(ctx)
	c := caller{organiser: id.Has(identity.RoleOrganiser), id: id}
	if id.Has(identity.RoleAmbassador) {
		c.ambassadorID = id.AmbassadorID
	}
	return c
}

// manages reports whether the caller is an organiser of one of owners (or
// an organiser who is also an administrator).
func (c caller) manages(owners []string) bool {
	return c.organiser && c.id.Manages(owners...)
}

// mayActFor reports whether the caller may see and change the activities of
// the ambassador, and see their private fields: an organiser managing
// their programme, or the ambassador themself.
func (c caller) mayActFor(a domain.Ambassador) bool {
	return c.manages(a.ProgrammeOwners) || (c.ambassadorID != "" && c.ambassadorID == a.ID)
}

// visible returns a as the caller may see it: the e-mail address and the
// leaderboard choice only for organisers managing the programme and the
// ambassador themself.
func (c caller) visible(a domain.Ambassador) domain.Ambassador {
	if !c.mayActFor(a) {
		a.Email = ""
		a.LeaderboardOptOut = false
	}
	return a
}

// programme returns p as the caller may see it: all contacts for
// organisers managing it, the public ones for everyone else.
func (c caller) programme(p domain.Programme) domain.Programme {
	if !c.manages(p.Owners) {
		p.Contacts = domain.PublicContacts(p.Contacts)
	}
	return p
}

// requireOrganiser refuses callers without the organiser role
// (Unauthenticated when anonymous, PermissionDenied otherwise).
func requireOrganiser(ctx context.Context) error {
	return identity.Require(ctx, identity.RoleOrganiser)
}

// ownAmbassador returns the ambassador if the caller may act for them:
// domain.ErrNotFound if there is no such ambassador or an organiser does
// not manage their programme (what is out of an organiser's scope is
// unknown to them), domain.ErrForbidden if an ambassador asks for someone
// else.
func ownAmbassador(ctx context.Context, q store.Queryer, c caller, id string) (domain.Ambassador, error) {
	a, err := store.GetAmbassador(ctx, q, id)
	if err != nil {
		return domain.Ambassador{}, err
	}
	switch {
	case c.mayActFor(a):
		return a, nil
	case c.organiser:
		return domain.Ambassador{}, fmt.Errorf("ambassador %s, of a programme of other organisations: %w", id, domain.ErrNotFound)
	}
	return domain.Ambassador{}, fmt.Errorf("ambassador %s: %w", id, domain.ErrForbidden)
}

// managedProgramme returns the programme if the caller manages it, and
// domain.ErrNotFound otherwise (also when it exists: another
// organisation's programme is none of the caller's business).
func managedProgramme(ctx context.Context, q store.Queryer, c caller, id string) (domain.Programme, error) {
	p, err := store.GetProgramme(ctx, q, id)
	if err != nil {
		return domain.Programme{}, err
	}
	if !c.manages(p.Owners) {
		return domain.Programme{}, fmt.Errorf("programme %s, of other organisations: %w", id, domain.ErrNotFound)
	}
	return p, nil
}

// newOwners decides the owners of a programme the caller creates: those
// given, which must be among the caller's organisations (an administrator
// may name any), or else the caller's one organisation.
func (c caller) newOwners(given []string) ([]string, error) {
	if len(given) == 0 {
		if len(c.id.OrganisationIDs) != 1 {
			return nil, ownersBroken("name the owning organisations: you work for none or several")
		}
		return []string{c.id.OrganisationIDs[0]}, nil
	}
	if c.id.Has(identity.RoleAdmin) {
		return given, nil
	}
	for _, o := range given {
		if !slices.Contains(c.id.OrganisationIDs, o) {
			return nil, ownersBroken("must be among your own organisations")
		}
	}
	return given, nil
}

func ownersBroken(reason string) error {
	return rule.Broken("ownerOrganisationIds: "+reason, rule.Violation{Field: "ownerOrganisationIds", Reason: reason})
}
