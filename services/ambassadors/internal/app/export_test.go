package app_test

import (
	"context"
	"testing"
	"time"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"plein.dev/ambassadors/internal/app"
	"plein.dev/ambassadors/internal/domain"
	"plein.dev/platform/identity"
	"plein.dev/platform/testkit"
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

// An administrator's export of an address also holds the ideas submitted
// with it, whatever its case, oldest first and with their personal fields,
// and the programme contacts naming it with their programme; another
// person's ideas and contacts stay out, and anyone else is refused.
func TestPersonIdeasAndContacts(t *testing.T) {
	t.Parallel()
	clock := now
	db := newFixture(t).db
	f := fixture{db: db, app: app.New(db, testkit.Logger(t), func() time.Time { return clock })}
	p, err := f.app.CreateProgramme(asOrganiser(), domain.Programme{
		Name: "Productieve regio", Municipality: "Arnhem", Themes: []string{"innovatie"},
		StartsOn: "2025-01-01", EndsOn: "2026-12-31",
		Contacts: []domain.Contact{
			{Name: "Wethouder De Boer", Role: "wethouder", Email: "deboer@arnhem.nl", Public: true},
			{Name: "Sanne Jansen", Role: "ondernemer", Email: "Sanne@Bakkerij.nl", Phone: "026 123 4567"},
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	clock = clock.Add(time.Hour)
	second := f.idea(t, p.ID, "SANNE@bakkerij.nl")
	f.idea(t, p.ID, "piet@garage.nl")
	clock = clock.Add(-2 * time.Hour)
	first := f.idea(t, p.ID, "SANNE@bakkerij.nl")
	admin := identity.NewContext(context.Background(), identity.Identity{UserID: "u-admin", Roles: []string{identity.RoleAdmin}})
	ideas, contacts, err := f.app.PersonIdeasAndContacts(admin, " Sanne@bakkerij.NL ")
	if err != nil {
		t.Fatal(err)
	}
	if len(ideas) != 2 || ideas[0].ID != first.ID || ideas[1].ID != second.ID || ideas[0].Name != "Sanne Jansen" ||
		ideas[0].KvKNumber != "12345678" || ideas[0].Organisation != "Bakkerij Jansen" {
		t.Errorf("ideas %+v, want Sanne's two, oldest first, with her name and KvK number", ideas)
	}
	if len(contacts) != 1 || contacts[0].ProgrammeID != p.ID || contacts[0].ProgrammeName != "Productieve regio" ||
		contacts[0].Contact.Name != "Sanne Jansen" || contacts[0].Contact.Phone != "026 123 4567" {
		t.Errorf("contacts %+v, want Sanne's one with its programme", contacts)
	}
	if ideas, contacts, err := f.app.PersonIdeasAndContacts(admin, "nobody@example.nl"); err != nil || len(ideas) != 0 || len(contacts) != 0 {
		t.Errorf("an unknown address: %v %v %v", ideas, contacts, err)
	}
	if _, _, err := f.app.PersonIdeasAndContacts(asOrganiser(), "sanne@bakkerij.nl"); status.Code(err) != codes.PermissionDenied {
		t.Errorf("an organiser's export: %v", err)
	}
}
