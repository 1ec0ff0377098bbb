package web

import (
	"context"
	"fmt"
	"testing"

	"plein.dev/platform/identity"
	ambassadorsv1 "plein.dev/proto/gen/plein/ambassadors/v1"
)

func TestManagedProgrammes(t *testing.T) {
	t.Parallel()
	all := []*ambassadorsv1.Programme{
		{Id: "velsen", OwnerOrganisationIds: []string{"gm0453"}},
		{Id: "samen", OwnerOrganisationIds: []string{"gm0453", "gm0375"}},
		{Id: "beverwijk", OwnerOrganisationIds: []string{"gm0375"}},
	}
	ids := func(id identity.Identity) []string {
		var out []string
		for _, p := range managedProgrammes(identity.NewContext(context.Background(), id), all) {
			out = append(out, p.GetId())
		}
		return out
	}
	organiser := []string{identity.RoleOrganiser}
	for _, tc := range []struct {
		name string
		id   identity.Identity
		want string
	}{
		{"organiser of Beverwijk", identity.Identity{UserID: "b", Roles: organiser, OrganisationIDs: []string{"gm0375"}}, "[samen beverwijk]"},
		{"organiser of none", identity.Identity{UserID: "n", Roles: organiser}, "[]"},
		{"administrator", identity.Identity{UserID: "a", Roles: []string{identity.RoleAdmin, identity.RoleOrganiser}}, "[velsen samen beverwijk]"},
	} {
		if got := ids(tc.id); fmt.Sprint(got) != tc.want {
			t.Errorf("%s manages %v, want %s", tc.name, got, tc.want)
		}
	}
}
