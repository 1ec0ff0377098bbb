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
		{"organiser", identity.Identity{UserID: "u", Roles: []string{identity.RoleOrganiser}}, true},
		{"the ambassador", identity.Identity{UserID: "u", Roles: []string{identity.RoleAmbassador}, AmbassadorID: "a"}, true},
		{"another ambassador", identity.Identity{UserID: "u", Roles: []string{identity.RoleAmbassador}, AmbassadorID: "b"}, false},
		// The ambassador id counts only with the ambassador role.
		{"linked without the role", identity.Identity{UserID: "u", AmbassadorID: "a"}, false},
		{"anonymous", identity.Identity{}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c := callerOf(identity.NewContext(context.Background(), tc.id))
			if got := c.mayActFor("a"); got != tc.want {
				t.Fatalf("mayActFor = %v, want %v", got, tc.want)
			}
			a := c.visible(domain.Ambassador{ID: "a", Email: "a@example.nl", LeaderboardOptOut: true})
			if (a.Email != "") != tc.want || a.LeaderboardOptOut != tc.want {
				t.Fatalf("visible = %+v", a)
			}
		})
	}
}
