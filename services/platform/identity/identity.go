// Package identity carries the caller's identity from the gateway to the
// services in gRPC metadata, and inside a service in the context.
package identity

import (
	"context"
	"slices"
	"strings"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"
)

// Roles.
const (
	RoleAdmin      = "admin"
	RoleOrganiser  = "organiser"
	RoleAmbassador = "ambassador"
)

// Metadata keys (lower case, as gRPC requires).
const (
	MDUserID       = "x-plein-user-id"
	MDRoles        = "x-plein-roles"
	MDAmbassadorID = "x-plein-ambassador-id"
	// MDOrganisationIDs holds the caller's organisations, comma separated.
	MDOrganisationIDs = "x-plein-organisation-ids"
)

// Identity is who makes a call. The zero value is an anonymous caller.
type Identity struct {
	UserID       string
	Roles        []string
	AmbassadorID string
	// OrganisationIDs are the organisations the user works for: an
	// organiser manages what one of them owns (see Manages).
	OrganisationIDs []string
}

// Has reports whether the identity has role.
func (i Identity) Has(role string) bool { return slices.Contains(i.Roles, role) }

// Manages reports whether the identity may manage what owners own: an
// administrator everything, anyone else what one of their organisations is
// among owners. Roles are checked apart (Require): this is the scope.
func (i Identity) Manages(owners ...string) bool {
	if i.Has(RoleAdmin) {
		return true
	}
	return slices.ContainsFunc(owners, func(o string) bool { return o != "" && slices.Contains(i.OrganisationIDs, o) })
}

// Anonymous reports whether no user is known.
func (i Identity) Anonymous() bool { return i.UserID == "" }

type ctxKey struct{}

// NewContext returns ctx carrying id.
func NewContext(ctx context.Context, id Identity) context.Context {
	return context.WithValue(ctx, ctxKey{}, id)
}

// FromContext returns the identity in ctx, or the zero (anonymous) identity.
func FromContext(ctx context.Context) Identity {
	id, _ := ctx.Value(ctxKey{}).(Identity)
	return id
}

// Outgoing returns ctx with id appended to the outgoing gRPC metadata.
// Empty fields are left out.
func Outgoing(ctx context.Context, id Identity) context.Context {
	var kv []string
	if id.UserID != "" {
		kv = append(kv, MDUserID, id.UserID)
	}
	if len(id.Roles) > 0 {
		kv = append(kv, MDRoles, strings.Join(id.Roles, ","))
	}
	if id.AmbassadorID != "" {
		kv = append(kv, MDAmbassadorID, id.AmbassadorID)
	}
	if len(id.OrganisationIDs) > 0 {
		kv = append(kv, MDOrganisationIDs, strings.Join(id.OrganisationIDs, ","))
	}
	if len(kv) == 0 {
		return ctx
	}
	return metadata.AppendToOutgoingContext(ctx, kv...)
}

// FromIncoming reads the identity from the incoming gRPC metadata of ctx.
// Services trust it because only the gateway can reach them.
func FromIncoming(ctx context.Context) Identity {
	md, ok := metadata.FromIncomingContext(ctx)
	if !ok {
		return Identity{}
	}
	id := Identity{
		UserID:       first(md.Get(MDUserID)),
		AmbassadorID: first(md.Get(MDAmbassadorID)),
	}
	id.Roles = list(md.Get(MDRoles))
	id.OrganisationIDs = list(md.Get(MDOrganisationIDs))
	return id
}

// list reads comma-separated values, trimmed, without blanks or repeats.
func list(values []string) []string {
	var out []string
	for _, v := range values {
		for x := range strings.SplitSeq(v, ",") {
			if x = strings.TrimSpace(x); x != "" && !slices.Contains(out, x) {
				out = append(out, x)
			}
		}
	}
	return out
}

func first(vs []string) string {
	if len(vs) == 0 {
		return ""
	}
	return vs[0]
}

// Require answers Unauthenticated for an anonymous caller and
// PermissionDenied for one holding none of roles; with no roles, any
// signed-in caller passes.
func Require(ctx context.Context, roles ...string) error {
	id := FromContext(ctx)
	if id.Anonymous() {
		return status.Error(codes.Unauthenticated, "sign in first")
	}
	if len(roles) == 0 || slices.ContainsFunc(roles, id.Has) {
		return nil
	}
	return status.Errorf(codes.PermissionDenied, "this needs the role %s", strings.Join(roles, " or "))
}
