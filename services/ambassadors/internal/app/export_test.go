package app_test

import (
	"context"
	"testing"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"plein.dev/platform/identity"
)

// An administrator's export of an address holds every ambassador of it,
// whatever the case of the address, with their activities; anyone else is
// refused.
func TestPersonAmbassadors(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	p := f.programme(t)
	anouk := f.ambassador(t, p.ID, "anouk@example.nl")
	f.ambassador(t, p.ID, "bram@example.nl")
	if _, err := f.app.LogActivity(asAmbassador(anouk.ID), visit(anouk.ID, "2025-06-01")); err != nil {
		t.Fatal(err)
	}
	admin := identity.NewContext(context.Background(), identity.Identity{UserID: "u-admin", Roles: []string{identity.RoleAdmin}})
	ambs, acts, err := f.app.PersonAmbassadors(admin, "Anouk@Example.NL")
	if err != nil {
		t.Fatal(err)
	}
	if len(ambs) != 1 || ambs[0].ID != anouk.ID || ambs[0].Email != "anouk@example.nl" || ambs[0].Status == "" {
		t.Errorf("ambassadors %+v, want Anouk with her address and status", ambs)
	}
	if len(acts) != 1 || acts[0].AmbassadorID != anouk.ID {
		t.Errorf("activities %+v, want Anouk's one", acts)
	}
	if ambs, acts, err := f.app.PersonAmbassadors(admin, "nobody@example.nl"); err != nil || len(ambs) != 0 || len(acts) != 0 {
		t.Errorf("an unknown address: %v %v %v", ambs, acts, err)
	}
	for _, ctx := range []context.Context{asOrganiser(), asAmbassador(anouk.ID)} {
		if _, _, err := f.app.PersonAmbassadors(ctx, "anouk@example.nl"); status.Code(err) != codes.PermissionDenied {
			t.Errorf("a non-administrator's export: %v", err)
		}
	}
}
