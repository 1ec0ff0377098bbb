package httpapi

import (
	"context"
	"slices"
	"testing"
	"time"

	"google.golang.org/grpc"

	"plein.dev/gateway/internal/accounts"
	"plein.dev/gateway/migrations"
	"plein.dev/platform/identity"
	"plein.dev/platform/testkit"
)

// newTestServer builds the HTTP API on a fresh accounts database, with
// backend as every service.
func newTestServer(t *testing.T, backend grpc.ClientConnInterface) (*Server, *accounts.Store) {
	t.Helper()
	accts, err := accounts.New(testkit.DB(t, migrations.FS), time.Now, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	srv, err := New(context.Background(), Options{Accounts: accts, Log: testkit.Logger(t),
		Backends: Backends{Events: backend, Registrations: backend, Ambassadors: backend, Notifications: backend}})
	if err != nil {
		t.Fatal(err)
	}
	return srv, accts
}

// bearer creates an account with the roles and returns an API token of it.
func bearer(t *testing.T, accts *accounts.Store, email string, roles ...string) string {
	t.Helper()
	ctx := context.Background()
	nu := accounts.NewUser{Email: email, Name: email, Password: "a long enough password", Roles: roles}
	if slices.Contains(roles, identity.RoleAmbassador) {
		nu.AmbassadorID = "a1"
	}
	u, err := accts.Create(ctx, nu)
	if err != nil {
		t.Fatal(err)
	}
	token, err := accts.CreateToken(ctx, u.ID, "test")
	if err != nil {
		t.Fatal(err)
	}
	return token
}
