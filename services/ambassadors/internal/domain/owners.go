package domain

import (
	"fmt"
	"strings"
)

// Limits on a programme's organisations.
const (
	MaxOwners   = 20
	MaxPartners = 50
	MaxRoleLen  = 100
	MaxOrgIDLen = 100
)

// Partner is an organisation that works on a programme without owning it,
// in a role such as "kennispartner" or "uitvoering".
type Partner struct {
	OrganisationID string
	Role           string
}

// checkOrganisations checks the owners (one or more, distinct) and the
// partners (an organisation and a role each, distinct organisations) of a
// programme; it trims them.
func (p *Programme) checkOrganisations() error {
	if len(p.Owners) == 0 {
		return broken("ownerOrganisationIds", "must name at least one organisation")
	}
	owners, err := cleanList("ownerOrganisationIds", p.Owners, MaxOwners, MaxOrgIDLen)
	if err != nil {
		return err
	}
	p.Owners = owners
	if len(p.Partners) > MaxPartners {
		return broken("partners", fmt.Sprintf("must have at most %d entries", MaxPartners))
	}
	seen := map[string]bool{}
	for i := range p.Partners {
		x := &p.Partners[i]
		x.OrganisationID, x.Role = strings.TrimSpace(x.OrganisationID), strings.TrimSpace(x.Role)
		switch {
		case x.OrganisationID == "" || len(x.OrganisationID) > MaxOrgIDLen:
			return broken(fmt.Sprintf("partners[%d].organisationId", i), "is required")
		case x.Role == "" || len(x.Role) > MaxRoleLen:
			return broken(fmt.Sprintf("partners[%d].role", i), fmt.Sprintf("is required, at most %d characters", MaxRoleLen))
		case seen[x.OrganisationID]:
			return broken(fmt.Sprintf("partners[%d].organisationId", i), "names an organisation twice")
		}
		seen[x.OrganisationID] = true
	}
	return nil
}
