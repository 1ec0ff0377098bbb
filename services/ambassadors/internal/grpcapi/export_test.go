package grpcapi_test

import (
	"testing"

	"plein.dev/platform/identity"
	ambassadorsv1 "plein.dev/proto/gen/plein/ambassadors/v1"
)

// An administrator's export of an address carries the ideas submitted with
// it, personal fields included, and the programme contacts naming it with
// their programme.
func TestExportPersonHasIdeasAndContacts(t *testing.T) {
	t.Parallel()
	w := seed(t)
	c, pid := w.client, w.programme.GetId()
	submitted, err := c.SubmitIdea(anonymous(), ideaRequest(pid))
	if err != nil {
		t.Fatal(err)
	}
	contacts := []*ambassadorsv1.ProgrammeContact{{Name: "Sanne Jansen", Role: "ondernemer", Email: "sanne@bakkerij.nl"}}
	if _, err := c.UpdateProgramme(asOrganiser(), &ambassadorsv1.UpdateProgrammeRequest{ProgrammeId: pid,
		Contacts: contacts, SetContacts: true}); err != nil {
		t.Fatal(err)
	}
	admin := identity.Outgoing(anonymous(), identity.Identity{UserID: "u-admin", Roles: []string{identity.RoleAdmin}})
	r, err := c.ExportPerson(admin, &ambassadorsv1.ExportPersonRequest{Email: "SANNE@bakkerij.nl"})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.GetIdeas()) != 1 || r.GetIdeas()[0].GetId() != submitted.GetIdea().GetId() || r.GetIdeas()[0].GetKvkNumber() != "12345678" {
		t.Errorf("ideas %v, want the one submitted, with its KvK number", r.GetIdeas())
	}
	if len(r.GetContacts()) != 1 || r.GetContacts()[0].GetProgrammeId() != pid ||
		r.GetContacts()[0].GetProgrammeName() != w.programme.GetName() || r.GetContacts()[0].GetContact().GetRole() != "ondernemer" {
		t.Errorf("contacts %v, want the programme's one", r.GetContacts())
	}
}
