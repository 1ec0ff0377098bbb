package grpcapi_test

import (
	"context"

	"testing"

	"google.golang.org/grpc/codes"

	"plein.dev/platform/identity"
	ambassadorsv1 "plein.dev/proto/gen/plein/ambassadors/v1"
)

func ideaRequest(programmeID string) *ambassadorsv1.SubmitIdeaRequest {
	return &ambassadorsv1.SubmitIdeaRequest{ProgrammeId: programmeID, Name: "Sanne Jansen",
		Email: "  Sanne@Bakkerij.nl ", Organisation: "Bakkerij Jansen", KvkNumber: "12345678",
		Title: "Gedeelde bezorgdienst", Description: "Eén bezorgdienst voor de winkels in de binnenstad.",
		Themes: []string{"Innovatie"}, Consent: true}
}

// Anyone submits an idea to an active programme; the address is trimmed,
// the theme stored as the programme spells it, the language nl unless en.
// Without consent, with a theme of no programme's, to a closed or unknown
// programme it is refused.
func TestSubmitIdea(t *testing.T) {
	t.Parallel()
	w := seed(t)
	c, pid := w.client, w.programme.GetId()
	r, err := c.SubmitIdea(anonymous(), ideaRequest(pid))
	if err != nil {
		t.Fatal(err)
	}
	i := r.GetIdea()
	if i.GetStatus() != "new" || i.GetEmail() != "Sanne@Bakkerij.nl" || i.GetLanguage() != "nl" ||
		len(i.GetThemes()) != 1 || i.GetThemes()[0] != "innovatie" || i.GetVersion() != 1 {
		t.Errorf("submitted %v", i)
	}

	noConsent := ideaRequest(pid)
	noConsent.Consent = false
	_, err = c.SubmitIdea(anonymous(), noConsent)
	wantViolation(t, err, codes.InvalidArgument, "consent")

	badTheme := ideaRequest(pid)
	badTheme.Themes = []string{"toerisme"}
	_, err = c.SubmitIdea(anonymous(), badTheme)
	wantViolation(t, err, codes.FailedPrecondition, "themes")

	_, err = c.SubmitIdea(anonymous(), ideaRequest("no-such-programme"))
	wantCode(t, err, codes.NotFound)

	closed := "closed"
	if _, err := c.UpdateProgramme(asOrganiser(), &ambassadorsv1.UpdateProgrammeRequest{ProgrammeId: pid, Status: &closed}); err != nil {
		t.Fatal(err)
	}
	_, err = c.SubmitIdea(anonymous(), ideaRequest(pid))
	wantCode(t, err, codes.FailedPrecondition)
}

// Organisers of the programme's owners list, read and triage its ideas:
// new -> in-behandeling -> ondersteund, the note kept; a decided idea no
// longer changes. Another organisation's organiser finds nothing (NotFound),
// an ambassador is refused, the anonymous must sign in.
func TestTriageIdea(t *testing.T) {
	t.Parallel()
	w := seed(t)
	c, pid := w.client, w.programme.GetId()
	r, err := c.SubmitIdea(anonymous(), ideaRequest(pid))
	if err != nil {
		t.Fatal(err)
	}
	id := r.GetIdea().GetId()
	second := ideaRequest(pid)
	second.Title, second.Language = "Stadslogistiek", "en"
	if _, err := c.SubmitIdea(anonymous(), second); err != nil {
		t.Fatal(err)
	}

	got, err := c.UpdateIdea(asOrganiser(), &ambassadorsv1.UpdateIdeaRequest{IdeaId: id, Status: "in-behandeling", Note: "We kijken ernaar."})
	if err != nil {
		t.Fatal(err)
	}
	if got.GetIdea().GetStatus() != "in-behandeling" || got.GetIdea().GetNote() != "We kijken ernaar." || got.GetIdea().GetVersion() != 2 {
		t.Errorf("triaged %v", got.GetIdea())
	}
	got, err = c.UpdateIdea(asOrganiser(), &ambassadorsv1.UpdateIdeaRequest{IdeaId: id, Status: "ondersteund", Note: "Subsidie toegekend."})
	if err != nil {
		t.Fatal(err)
	}
	if got.GetIdea().GetStatus() != "ondersteund" || got.GetIdea().GetNote() != "Subsidie toegekend." {
		t.Errorf("supported %v", got.GetIdea())
	}
	_, err = c.UpdateIdea(asOrganiser(), &ambassadorsv1.UpdateIdeaRequest{IdeaId: id, Status: "afgewezen"})
	wantViolation(t, err, codes.FailedPrecondition, "status")
	_, err = c.UpdateIdea(asOrganiser(), &ambassadorsv1.UpdateIdeaRequest{IdeaId: id, Status: "new"})
	wantCode(t, err, codes.InvalidArgument)

	read, err := c.GetIdea(asOrganiser(), &ambassadorsv1.GetIdeaRequest{IdeaId: id})
	if err != nil || read.GetIdea().GetEmail() != "Sanne@Bakkerij.nl" || read.GetIdea().GetStatus() != "ondersteund" {
		t.Fatalf("get: %v, %v", read.GetIdea(), err)
	}
	all, err := c.ListIdeas(asOrganiser(), &ambassadorsv1.ListIdeasRequest{ProgrammeId: pid, PageSize: 1})
	if err != nil || len(all.GetItems()) != 1 || all.GetItems()[0].GetId() != id || all.GetNextPageToken() == "" {
		t.Fatalf("first page: %v, %v", all, err)
	}
	rest, err := c.ListIdeas(asOrganiser(), &ambassadorsv1.ListIdeasRequest{ProgrammeId: pid, PageToken: all.GetNextPageToken()})
	if err != nil || len(rest.GetItems()) != 1 || rest.GetItems()[0].GetTitle() != "Stadslogistiek" || rest.GetNextPageToken() != "" {
		t.Fatalf("second page: %v, %v", rest, err)
	}
	fresh, err := c.ListIdeas(asOrganiser(), &ambassadorsv1.ListIdeasRequest{ProgrammeId: pid, Status: "new"})
	if err != nil || len(fresh.GetItems()) != 1 || fresh.GetItems()[0].GetLanguage() != "en" {
		t.Fatalf("new ones: %v, %v", fresh, err)
	}

	other := organiserOf("gm0453")
	ambassador := asAmbassador(w.anouk.GetId())
	admin := identity.Outgoing(anonymous(), identity.Identity{UserID: "u-admin", Roles: []string{identity.RoleOrganiser, identity.RoleAdmin}})
	if _, err := c.GetIdea(admin, &ambassadorsv1.GetIdeaRequest{IdeaId: id}); err != nil {
		t.Errorf("an administrator reads every idea: %v", err)
	}
	for _, tc := range []struct {
		name string
		call func(ctx context.Context) error
	}{
		{"ListIdeas", func(ctx context.Context) error {
			_, err := c.ListIdeas(ctx, &ambassadorsv1.ListIdeasRequest{ProgrammeId: pid})
			return err
		}},
		{"GetIdea", func(ctx context.Context) error {
			_, err := c.GetIdea(ctx, &ambassadorsv1.GetIdeaRequest{IdeaId: id})
			return err
		}},
		{"UpdateIdea", func(ctx context.Context) error {
			_, err := c.UpdateIdea(ctx, &ambassadorsv1.UpdateIdeaRequest{IdeaId: id, Status: "afgewezen"})
			return err
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			wantCode(t, tc.call(other), codes.NotFound)
			wantCode(t, tc.call(ambassador), codes.PermissionDenied)
			wantCode(t, tc.call(anonymous()), codes.Unauthenticated)
		})
	}
}
