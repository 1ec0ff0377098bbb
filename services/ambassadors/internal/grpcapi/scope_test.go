package grpcapi_test

import (
	"context"
	"slices"
	"testing"

	"google.golang.org/grpc/codes"
	"google.golang.org/protobuf/proto"

	"plein.dev/platform/identity"
	ambassadorsv1 "plein.dev/proto/gen/plein/ambassadors/v1"
)

// organiserOf is an organiser of the given organisations.
func organiserOf(orgs ...string) context.Context {
	return identity.Outgoing(context.Background(), identity.Identity{UserID: "u-" + orgs[0],
		Roles: []string{identity.RoleOrganiser}, OrganisationIDs: orgs})
}

// TestOtherOrganisationsProgrammeIsNotFound: the seeded programme belongs
// to gm0599 (the organiser of asOrganiser); an organiser of gm0453 calling
// the service directly — no gateway in between — finds nothing of it to
// manage: every organiser call answers NotFound, the public reads still
// answer, without the private fields.
func TestOtherOrganisationsProgrammeIsNotFound(t *testing.T) {
	t.Parallel()
	w := seed(t)
	c, other := w.client, organiserOf("gm0453")
	pid, anouk, visit := w.programme.GetId(), w.anouk.GetId(), w.anouksVisit.GetId()
	name := "Overgenomen"
	for _, tc := range []struct {
		name string
		call func() error
	}{
		{"UpdateProgramme", func() error {
			_, err := c.UpdateProgramme(other, &ambassadorsv1.UpdateProgrammeRequest{ProgrammeId: pid, Name: &name})
			return err
		}},
		{"AppointAmbassador", func() error {
			_, err := c.AppointAmbassador(other, &ambassadorsv1.AppointAmbassadorRequest{ProgrammeId: pid,
				Name: "Cas", Email: "cas@example.nl", AppointedOn: "2025-02-01", TermEndsOn: "2026-01-31"})
			return err
		}},
		{"UpdateAmbassador", func() error {
			_, err := c.UpdateAmbassador(other, &ambassadorsv1.UpdateAmbassadorRequest{AmbassadorId: anouk, Name: &name})
			return err
		}},
		{"ListActivities", func() error {
			_, err := c.ListActivities(other, &ambassadorsv1.ListActivitiesRequest{AmbassadorId: anouk})
			return err
		}},
		{"LogActivity", func() error {
			_, err := c.LogActivity(other, &ambassadorsv1.LogActivityRequest{AmbassadorId: anouk, Kind: "media",
				OccurredOn: "2025-06-01", Summary: "Interview"})
			return err
		}},
		{"UpdateActivity", func() error {
			_, err := c.UpdateActivity(other, &ambassadorsv1.UpdateActivityRequest{ActivityId: visit, Summary: &name})
			return err
		}},
		{"DeleteActivity", func() error {
			_, err := c.DeleteActivity(other, &ambassadorsv1.DeleteActivityRequest{ActivityId: visit})
			return err
		}},
		{"ReviewActivity", func() error {
			_, err := c.ReviewActivity(other, &ambassadorsv1.ReviewActivityRequest{ActivityId: visit, Decision: "approve"})
			return err
		}},
		{"ListProgrammeActivities", func() error {
			_, err := c.ListProgrammeActivities(other, &ambassadorsv1.ListProgrammeActivitiesRequest{ProgrammeId: pid})
			return err
		}},
		{"GetProgrammeReport", func() error {
			_, err := c.GetProgrammeReport(other, &ambassadorsv1.GetProgrammeReportRequest{ProgrammeId: pid})
			return err
		}},
		{"GetProgrammeProgress", func() error {
			_, err := c.GetProgrammeProgress(other, &ambassadorsv1.GetProgrammeProgressRequest{ProgrammeId: pid})
			return err
		}},
		{"GetAmbassadorProgress", func() error {
			_, err := c.GetAmbassadorProgress(other, &ambassadorsv1.GetAmbassadorProgressRequest{AmbassadorId: anouk})
			return err
		}},
		{"SetLeaderboardOptOut", func() error {
			_, err := c.SetLeaderboardOptOut(other, &ambassadorsv1.SetLeaderboardOptOutRequest{AmbassadorId: anouk, OptOut: true})
			return err
		}},
	} {
		t.Run(tc.name, func(t *testing.T) { wantCode(t, tc.call(), codes.NotFound) })
	}

	// Public reads stay public, without what only the programme's
	// organisers see.
	a, err := c.GetAmbassador(other, &ambassadorsv1.GetAmbassadorRequest{AmbassadorId: anouk})
	if err != nil || a.GetAmbassador().GetEmail() != "" || a.GetAmbassador().GetName() != "Anouk de Vries" {
		t.Errorf("GetAmbassador as the other organisation: %v, %v", a, err)
	}
	p, err := c.GetProgramme(other, &ambassadorsv1.GetProgrammeRequest{ProgrammeId: pid})
	if err != nil || !slices.Equal(p.GetProgramme().GetOwnerOrganisationIds(), []string{"gm0599"}) {
		t.Errorf("GetProgramme as the other organisation: %v, %v", p, err)
	}
	// Their list of managed programmes is empty; the owner's holds it.
	for _, tc := range []struct {
		ctx  context.Context
		want int
	}{{other, 0}, {asOrganiser(), 1}, {anonymous(), 0}} {
		l, err := c.ListProgrammes(tc.ctx, &ambassadorsv1.ListProgrammesRequest{Managed: true})
		if err != nil || len(l.GetItems()) != tc.want {
			t.Errorf("managed programmes: %d, %v; want %d", len(l.GetItems()), err, tc.want)
		}
	}
	if l, err := c.ListProgrammes(other, &ambassadorsv1.ListProgrammesRequest{}); err != nil || len(l.GetItems()) != 1 {
		t.Errorf("every programme, as the other organisation: %d, %v", len(l.GetItems()), err)
	}
}

// TestJointProgramme: a programme owned by two organisations is managed
// by the organisers of each; a third still finds it unknown. Owners may
// share a programme, and a new one is owned only by the caller's own
// organisations.
func TestJointProgramme(t *testing.T) {
	t.Parallel()
	w := seed(t)
	c, pid := w.client, w.programme.GetId()
	joint, err := c.UpdateProgramme(asOrganiser(), &ambassadorsv1.UpdateProgrammeRequest{ProgrammeId: pid,
		OwnerOrganisationIds: []string{"gm0599", "gm0453"}, SetOwnerOrganisationIds: true,
		Partners: []*ambassadorsv1.Partner{{OrganisationId: "kvk", Role: "kennispartner"}}, SetPartners: true})
	if err != nil {
		t.Fatal(err)
	}
	if got := joint.GetProgramme().GetPartners(); len(got) != 1 || got[0].GetRole() != "kennispartner" {
		t.Errorf("partners = %v", got)
	}
	name := "Samen"
	if _, err := c.UpdateProgramme(organiserOf("gm0453"), &ambassadorsv1.UpdateProgrammeRequest{ProgrammeId: pid, Name: &name}); err != nil {
		t.Errorf("the second owner changes it: %v", err)
	}
	if _, err := c.GetProgrammeReport(organiserOf("gm0453"), &ambassadorsv1.GetProgrammeReportRequest{ProgrammeId: pid}); err != nil {
		t.Errorf("the second owner reads the report: %v", err)
	}
	_, err = c.GetProgrammeReport(organiserOf("gm0363"), &ambassadorsv1.GetProgrammeReportRequest{ProgrammeId: pid})
	wantCode(t, err, codes.NotFound)
	// A partner does not manage.
	_, err = c.GetProgrammeReport(organiserOf("kvk"), &ambassadorsv1.GetProgrammeReportRequest{ProgrammeId: pid})
	wantCode(t, err, codes.NotFound)

	// Creating: owners must be among the caller's organisations; an
	// organiser of several names them; one of one organisation gets it.
	req := proto.CloneOf(w.createProgrammeReq)
	req.OwnerOrganisationIds = []string{"gm0453"}
	_, err = c.CreateProgramme(asOrganiser(), req)
	wantViolation(t, err, codes.FailedPrecondition, "ownerOrganisationIds")
	req.OwnerOrganisationIds = nil
	_, err = c.CreateProgramme(organiserOf("gm0599", "gm0453"), req)
	wantViolation(t, err, codes.FailedPrecondition, "ownerOrganisationIds")
	req.OwnerOrganisationIds = []string{"gm0453"}
	if p, err := c.CreateProgramme(organiserOf("gm0599", "gm0453"), req); err != nil ||
		!slices.Equal(p.GetProgramme().GetOwnerOrganisationIds(), []string{"gm0453"}) {
		t.Errorf("organiser of two names one: %v, %v", p, err)
	}
	admin := identity.Outgoing(context.Background(), identity.Identity{UserID: "u-admin",
		Roles: []string{identity.RoleOrganiser, identity.RoleAdmin}})
	req.OwnerOrganisationIds = []string{"gm0363"}
	if _, err := c.CreateProgramme(admin, req); err != nil {
		t.Errorf("an administrator names any owner: %v", err)
	}
	if _, err := c.GetProgrammeReport(admin, &ambassadorsv1.GetProgrammeReportRequest{ProgrammeId: pid}); err != nil {
		t.Errorf("an administrator reads every report: %v", err)
	}
}
