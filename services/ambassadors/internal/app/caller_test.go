package app

import (
	"context"
	"testing"

	"plein.dev/ambassadors/internal/domain"
	"plein.dev/platform/identity"
)

func TestCallerMayActFor(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		id   identity.Identity
		want bool
	}{
		{"organiser of an owner", identity.Identity{UserID: "u", Roles: []string{identity.RoleOrganiser}, OrganisationIDs: []string{"x", "gm0453"}}, true},
		{"organiser of another organisation", identity.Identity{UserID: "u", Roles: []string{identity.RoleOrganiser}, OrganisationIDs: []string{"x"}}, false},
		{"organiser of no organisation", identity.Identity{UserID: "u", Roles: []string{identity.RoleOrganiser}}, false},
		{"organiser and administrator", identity.Identity{UserID: "u", Roles: []string{identity.RoleOrganiser, identity.RoleAdmin}}, true},
		{"administrator, not organiser", identity.Identity{UserID: "u", Roles: []string{identity.RoleAdmin}}, false},
		{"the ambassador", identity.Identity{UserID: "u", Roles: []string{identity.RoleAmbassador}, AmbassadorID: "a"}, true},
		{"another ambassador", identity.Identity{UserID: "u", Roles: []string{identity.RoleAmbassador}, AmbassadorID: "b"}, false},
		// The ambassador id counts only with the ambassador role.
		{"linked without the role", identity.Identity{UserID: "u", AmbassadorID: "a"}, false},
		{"anonymous", identity.Identity{}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c := callerOf(identity.NewContext(context.Background(), tc.id))
			amb := domain.Ambassador{ID: "a", Email: "a@example.nl", LeaderboardOptOut: true, ProgrammeOwners: []string{"gm0375", "gm0453"}}
			if got := c.mayActFor(amb); got != tc.want {
				t.Fatalf("mayActFor = %v, want %v", got, tc.want)
			}
			a := c.visible(amb)
			if (a.Email != "") != tc.want || a.LeaderboardOptOut != tc.want {
				t.Fatalf("visible = %+v", a)
			}
		})
	}
}
