package domain

import "plein.dev/platform/identity"

// DefaultOrganisation owns what was announced before organisations: an
// event or programme without owners, an organiser without organisations
// (the gateway's upgrade gave every organiser of then to it).
const DefaultOrganisation = "default"

// OwnersOrDefault returns owners, or the default organisation when there
// are none (announced before organisations).
func OwnersOrDefault(owners []string) []string {
	if len(owners) == 0 {
		return []string{DefaultOrganisation}
	}
	return owners
}

// Manages reports whether one of the organiser's organisations owns what
// owners own: the rule of identity.Manages, for an organiser who is not
// signed in.
func (o Organiser) Manages(owners []string) bool {
	id := identity.Identity{UserID: o.ID, Roles: []string{RoleOrganiser}, OrganisationIDs: o.Organisations}
	return id.Manages(owners...)
}
