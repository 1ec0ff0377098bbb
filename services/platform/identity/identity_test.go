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
	id := identity.Identity{UserID: "u", Roles: []string{identity.RoleAdmin}, AmbassadorID: "a"}
	got := identity.FromContext(identity.NewContext(context.Background(), id))
	if got.UserID != "u" || !got.Has(identity.RoleAdmin) || got.Has(identity.RoleOrganiser) || got.Anonymous() {
		t.Errorf("FromContext = %+v", got)
	}

	// What the client sends arrives as incoming metadata on the server.
	out, _ := metadata.FromOutgoingContext(identity.Outgoing(context.Background(), id))
	in := identity.FromIncoming(metadata.NewIncomingContext(context.Background(), out))
	if in.UserID != "u" || in.AmbassadorID != "a" || !slices.Equal(in.Roles, []string{"admin"}) {
		t.Errorf("FromIncoming = %+v", in)
	}
	md := metadata.Pairs("x-plein-roles", "admin, organiser", "x-plein-roles", "organiser")
	in = identity.FromIncoming(metadata.NewIncomingContext(context.Background(), md))
	if !slices.Equal(in.Roles, []string{"admin", "organiser"}) {
		t.Errorf("roles = %v", in.Roles)
	}
}
