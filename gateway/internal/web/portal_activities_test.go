package web

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"testing"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"plein.dev/platform/identity"
	ambassadorsv1 "plein.dev/proto/gen/plein/ambassadors/v1"
)

// ownedActivity returns an activity the caller may change, as the service
// decides: their own (or any, for an organiser).
func (f *staffAmbassadors) ownedActivity(ctx context.Context, id string) (*ambassadorsv1.Activity, error) {
	for _, a := range f.activities {
		if a.GetId() == id {
			if err := own(ctx, a.GetAmbassadorId()); err != nil {
				return nil, err
			}
			return a, nil
		}
	}
	return nil, status.Error(codes.NotFound, "not found")
}

func (f *staffAmbassadors) UpdateActivity(ctx context.Context, in *ambassadorsv1.UpdateActivityRequest, _ ...grpc.CallOption) (*ambassadorsv1.UpdateActivityResponse, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	a, err := f.ownedActivity(ctx, in.GetActivityId())
	if err != nil {
		return nil, err
	}
	a.Kind, a.OccurredOn, a.Summary = in.GetKind(), in.GetOccurredOn(), in.GetSummary()
	a.DurationMinutes, a.EntrepreneursReached = in.GetDurationMinutes(), in.GetEntrepreneursReached()
	if in.GetSetOrganisations() {
		a.Organisations = in.GetOrganisations()
	}
	if in.GetSetThemes() {
		a.Themes = in.GetThemes()
	}
	a.ReviewStatus, a.ReviewComment = "pending", ""
	return &ambassadorsv1.UpdateActivityResponse{Activity: a}, nil
}

func (f *staffAmbassadors) DeleteActivity(ctx context.Context, in *ambassadorsv1.DeleteActivityRequest, _ ...grpc.CallOption) (*ambassadorsv1.DeleteActivityResponse, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if _, err := f.ownedActivity(ctx, in.GetActivityId()); err != nil {
		return nil, err
	}
	f.activities = slices.DeleteFunc(f.activities, func(a *ambassadorsv1.Activity) bool { return a.GetId() == in.GetActivityId() })
	return &ambassadorsv1.DeleteActivityResponse{}, nil
}

// An ambassador changes their own activity while the term lasts (it goes
// back to review), and deletes one after a confirmation step; another
// ambassador's activity is not theirs to open.
func TestPortalChangesAndDeletesOwnActivities(t *testing.T) {
	t.Parallel()
	f := newStaffFixture(t, false)
	f.amb.activities = append(f.amb.activities,
		&ambassadorsv1.Activity{Id: "act2", AmbassadorId: "amb1", Kind: "workshop", OccurredOn: "2026-10-01", Summary: "Workshop digitalisering",
			DurationMinutes: 60, Organisations: []string{"RDM", "KvK"}, Themes: []string{"innovatie"}, ReviewStatus: "returned",
			ReviewComment: "Noem de bedrijven."},
		&ambassadorsv1.Activity{Id: "act9", AmbassadorId: "amb2", Kind: "media", OccurredOn: "2025-06-01", Summary: "Interview met Bart"})
	anouk := f.signedIn(t, "anouk@example.nl", identity.RoleAmbassador)
	anouk.get("/ambassadeur").must(t, http.StatusOK, `href="/ambassadeur/activiteiten/act2"`, `href="/ambassadeur/activiteiten/act1"`)
	anouk.get("/ambassadeur/activiteiten/act2").must(t, http.StatusOK, "Activiteit wijzigen",
		`action="/ambassadeur/activiteiten/act2"`, "Workshop digitalisering", `value="60"`, "RDM\nKvK",
		`value="workshop" selected`, `href="/ambassadeur/activiteiten/act2/verwijderen"`)
	anouk.get("/ambassadeur/activiteiten/act9").must(t, http.StatusNotFound).lacks(t, "Interview met Bart")
	anouk.post("/ambassadeur/activiteiten/act9", url.Values{"kind": {"media"}, "occurredOn": {"2026-11-01"}, "summary": {"x"}},
		"/ambassadeur").must(t, http.StatusNotFound)

	change := func(v url.Values) page {
		return anouk.post("/ambassadeur/activiteiten/act2", v, "/ambassadeur/activiteiten/act2")
	}
	change(url.Values{"kind": {"workshop"}, "occurredOn": {"2026-10-01"}, "summary": {""}}).
		must(t, http.StatusUnprocessableEntity, "Beschrijf kort wat u heeft gedaan.")
	done := change(url.Values{"kind": {"workshop"}, "occurredOn": {"2026-10-02"}, "summary": {"Workshop digitalisering bij RDM en KvK"},
		"durationMinutes": {"90"}, "entrepreneursReached": {"12"}, "organisations": {"RDM\nKvK\nHogeschool"}}).must(t, http.StatusSeeOther)
	if loc := done.Header.Get("Location"); loc != "/ambassadeur?melding=gewijzigd" {
		t.Errorf("after changing to %q", loc)
	}
	a, _ := f.amb.ownedActivity(identity.NewContext(context.Background(), identity.Identity{Roles: []string{identity.RoleOrganiser}}), "act2")
	if a.GetOccurredOn() != "2026-10-02" || a.GetDurationMinutes() != 90 || a.GetEntrepreneursReached() != 12 ||
		len(a.GetOrganisations()) != 3 || len(a.GetThemes()) != 0 || a.GetReviewStatus() != "pending" {
		t.Errorf("changed activity %v", a)
	}
	anouk.get("/ambassadeur?melding=gewijzigd").must(t, http.StatusOK, "Uw activiteit is gewijzigd.", "Workshop digitalisering bij RDM en KvK")

	anouk.get("/ambassadeur/activiteiten/act2/verwijderen").must(t, http.StatusOK, "Activiteit verwijderen",
		"Workshop digitalisering bij RDM en KvK", "Ja, verwijder de activiteit")
	anouk.do("POST", "/ambassadeur/activiteiten/act2/verwijderen", url.Values{}).must(t, http.StatusForbidden)
	gone := anouk.post("/ambassadeur/activiteiten/act2/verwijderen", nil, "/ambassadeur/activiteiten/act2/verwijderen").
		must(t, http.StatusSeeOther)
	if loc := gone.Header.Get("Location"); loc != "/ambassadeur?melding=verwijderd" {
		t.Errorf("after deleting to %q", loc)
	}
	anouk.get("/ambassadeur?melding=verwijderd").must(t, http.StatusOK, "Uw activiteit is verwijderd.").
		lacks(t, "Workshop digitalisering bij RDM en KvK")
	anouk.get("/ambassadeur/activiteiten/act2").must(t, http.StatusNotFound)
}

// After the term nothing can be changed: no links, no form, no deletion.
func TestPortalAfterTheTermChangesNothing(t *testing.T) {
	t.Parallel()
	f := newStaffFixture(t, false)
	f.amb.activities = append(f.amb.activities,
		&ambassadorsv1.Activity{Id: "act9", AmbassadorId: "amb2", Kind: "media", OccurredOn: "2025-06-01", Summary: "Interview met Bart"})
	bart := f.signedIn(t, "bart@example.nl", identity.RoleAmbassador)
	bart.get("/ambassadeur").must(t, http.StatusOK, "Interview met Bart").lacks(t, `href="/ambassadeur/activiteiten/act9"`)
	bart.get("/ambassadeur/activiteiten/act9").must(t, http.StatusOK, "Uw termijn als ambassadeur is afgelopen.").lacks(t, `name="summary"`)
	bart.post("/ambassadeur/activiteiten/act9", url.Values{"kind": {"media"}, "occurredOn": {"2025-06-01"}, "summary": {"x"}},
		"/ambassadeur").must(t, http.StatusUnprocessableEntity)
	bart.post("/ambassadeur/activiteiten/act9/verwijderen", nil, "/ambassadeur").must(t, http.StatusUnprocessableEntity)
	if len(f.amb.activities) != 2 || f.amb.activities[1].GetSummary() != "Interview met Bart" {
		t.Errorf("activities after the term: %v", f.amb.activities)
	}
	// Organisers have the console, not the portal.
	org := f.signedIn(t, "olga@example.nl", identity.RoleOrganiser)
	if p := org.get("/ambassadeur/activiteiten/act9"); p.Status == http.StatusOK {
		t.Error("an organiser opened the portal's edit page")
	}
}

// An ambassador names the areas of their programme and companies with
// their KvK numbers after the name; the edit page writes them back the
// same way.
func TestPortalActivityAreasAndCompanies(t *testing.T) {
	t.Parallel()
	f := newStaffFixture(t, false)
	f.amb.programmes[0].Areas = []string{"Haven", "Binnenstad"}
	anouk := f.signedIn(t, "anouk@example.nl", identity.RoleAmbassador)
	anouk.get("/ambassadeur/activiteiten/nieuw").must(t, http.StatusOK, `name="areas" value="Haven"`, "Bakkerij Jansen 12345678")
	anouk.post("/ambassadeur/activiteiten/nieuw", url.Values{"kind": {"company-visit"}, "occurredOn": {"2026-11-24"},
		"summary": {"Twee bedrijven bezocht"}, "areas": {"Haven"},
		"organisations": {"Bakkerij Jansen 12345678\nDe Vries Metaal, KvK 87654321\nRDM, Hogeschool\nKvK"}},
		"/ambassadeur/activiteiten/nieuw").must(t, http.StatusSeeOther)
	got := f.amb.logged[len(f.amb.logged)-1]
	companies := got.GetCompanies()
	if len(companies) != 2 || companies[0].GetName() != "Bakkerij Jansen" || companies[0].GetKvkNumber() != "12345678" ||
		companies[1].GetName() != "De Vries Metaal" || companies[1].GetKvkNumber() != "87654321" {
		t.Errorf("companies %v", companies)
	}
	if want := []string{"Bakkerij Jansen", "De Vries Metaal", "RDM", "Hogeschool", "KvK"}; !slices.Equal(got.GetOrganisations(), want) {
		t.Errorf("organisations %q, want %q", got.GetOrganisations(), want)
	}
	if !slices.Equal(got.GetAreas(), []string{"Haven"}) {
		t.Errorf("areas %q", got.GetAreas())
	}

	f.amb.activities = append(f.amb.activities, &ambassadorsv1.Activity{Id: "act3", AmbassadorId: "amb1", Kind: "company-visit",
		OccurredOn: "2026-11-24", Summary: "Bezoek", Organisations: []string{"Bakkerij Jansen", "RDM"}, Areas: []string{"Binnenstad"},
		Companies: []*ambassadorsv1.Company{{Name: "Bakkerij Jansen", KvkNumber: "12345678"}}, ReviewStatus: "pending"})
	anouk.get("/ambassadeur/activiteiten/act3").must(t, http.StatusOK, "Bakkerij Jansen 12345678\nRDM",
		`name="areas" value="Binnenstad" checked`)
}
