package identity_test

import (
	"context"
	"slices"
	"testing"

	"google.golang.org/grpc/metadata"

	"plein.dev/platform/identity"
)

func TestIdentity(t *testing.T) {
	if !identity.FromContext(context.Background()).Anonymous() {
		t.Error("empty context is not anonymous")
	}
	id := identity.Identity{UserID: "u", Roles: []string{identity.RoleAdmin}, AmbassadorID: "a", OrganisationIDs: []string{"gm0606", "kvk"}}
	got := identity.FromContext(identity.NewContext(context.Background(), id))
	if got.UserID != "u" || !got.Has(identity.RoleAdmin) || got.Has(identity.RoleOrganiser) || got.Anonymous() {
		t.Errorf("FromContext = %+v", got)
	}

	// What the client sends arrives as incoming metadata on the server.
	out, _ := metadata.FromOutgoingContext(identity.Outgoing(context.Background(), id))
	in := identity.FromIncoming(metadata.NewIncomingContext(context.Background(), out))
	if in.UserID != "u" || in.AmbassadorID != "a" || !slices.Equal(in.Roles, []string{"admin"}) ||
		!slices.Equal(in.OrganisationIDs, []string{"gm0606", "kvk"}) {
		t.Errorf("FromIncoming = %+v", in)
	}
	md := metadata.Pairs("x-plein-roles", "admin, organiser", "x-plein-roles", "organiser")
	in = identity.FromIncoming(metadata.NewIncomingContext(context.Background(), md))
	if !slices.Equal(in.Roles, []string{"admin", "organiser"}) {
		t.Errorf("roles = %v", in.Roles)
	}
}

func TestManages(t *testing.T) {
	organiser := identity.Identity{UserID: "u", Roles: []string{identity.RoleOrganiser}, OrganisationIDs: []string{"a", "c"}}
	admin := identity.Identity{UserID: "v", Roles: []string{identity.RoleAdmin}}
	for _, tc := range []struct {
		name   string
		id     identity.Identity
		owners []string
		want   bool
	}{
		{"one of the owners", organiser, []string{"b", "c"}, true},
		{"none of the owners", organiser, []string{"b"}, false},
		{"nothing owned", organiser, nil, false},
		{"a blank owner matches nobody", identity.Identity{Roles: []string{identity.RoleOrganiser}, OrganisationIDs: []string{""}}, []string{""}, false},
		{"administrator: everything", admin, []string{"b"}, true},
		{"anonymous", identity.Identity{}, []string{"a"}, false},
	} {
		if got := tc.id.Manages(tc.owners...); got != tc.want {
			t.Errorf("%s: Manages(%v) = %v, want %v", tc.name, tc.owners, got, tc.want)
		}
	}
}
