package identity

import (
	"context"
	"testing"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

func TestRequire(t *testing.T) {
	org := NewContext(context.Background(), Identity{UserID: "u1", Roles: []string{RoleOrganiser}})
	amb := NewContext(context.Background(), Identity{UserID: "u2", Roles: []string{RoleAmbassador}, AmbassadorID: "a"})
	cases := []struct {
		name  string
		ctx   context.Context
		roles []string
		want  codes.Code
	}{
		{"anonymous", context.Background(), []string{RoleOrganiser}, codes.Unauthenticated},
		{"anonymous, any role", context.Background(), nil, codes.Unauthenticated},
		{"organiser", org, []string{RoleOrganiser}, codes.OK},
		{"ambassador", amb, []string{RoleOrganiser}, codes.PermissionDenied},
		{"one of two", amb, []string{RoleOrganiser, RoleAmbassador}, codes.OK},
		{"signed in", amb, nil, codes.OK},
	}
	for _, tc := range cases {
		if got := status.Code(Require(tc.ctx, tc.roles...)); got != tc.want {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
		}
	}
}
