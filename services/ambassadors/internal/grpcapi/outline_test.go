package grpcapi_test

import (
	"context"
	"maps"
	"testing"

	"google.golang.org/grpc/codes"
	"google.golang.org/protobuf/proto"

	ambassadorsv1 "plein.dev/proto/gen/plein/ambassadors/v1"
)

func ptr[T any](v T) *T { return &v }

// outlined creates a programme of gm0599 with contacts (one public),
// areas, parent themes (lijn -> speerpunt -> cluster) and indicators.
func outlined(t *testing.T, c ambassadorsv1.AmbassadorsServiceClient) *ambassadorsv1.Programme {
	t.Helper()
	r, err := c.CreateProgramme(asOrganiser(), &ambassadorsv1.CreateProgrammeRequest{
		Name: "Economische agenda", Municipality: "Schiedam", StartsOn: "2025-01-01", EndsOn: "2025-12-31",
		Themes: []string{"cluster", "speerpunt", "lijn", "los"},
		Contacts: []*ambassadorsv1.ProgrammeContact{
			{Name: "Wethouder Jansen", Role: "wethouder", Email: "jansen@schiedam.nl", Phone: "010 123 45 67", Public: true},
			{Name: "Piet Programma", Role: "programmamanager", Email: "piet@schiedam.nl"},
		},
		Areas:        []string{"Binnenstad", "Havens"},
		ThemeParents: map[string]string{"lijn": "speerpunt", "speerpunt": "cluster"},
		Indicators: []*ambassadorsv1.Indicator{
			{Key: "banen", Label: "Banen", Unit: "count", Target: ptr(100.0)},
			{Key: "externe-middelen", Label: "Externe middelen", Unit: "euro"},
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	return r.GetProgramme()
}

func TestProgrammeOutline(t *testing.T) {
	t.Parallel()
	c := start(t)
	p := outlined(t, c)
	if len(p.GetContacts()) != 2 || p.GetContacts()[1].GetEmail() != "piet@schiedam.nl" || len(p.GetAreas()) != 2 ||
		!maps.Equal(p.GetThemeParents(), map[string]string{"lijn": "speerpunt", "speerpunt": "cluster"}) ||
		len(p.GetIndicators()) != 2 || p.GetIndicators()[0].GetTarget() != 100 || p.GetIndicators()[1].Target != nil {
		t.Fatalf("created = %v", p)
	}
	// Who does not manage the programme sees the public contact only,
	// in every answer that holds the programme.
	for name, ctx := range map[string]context.Context{"anonymous": anonymous(), "other organiser": organiserOf("gm0453"),
		"ambassador": asAmbassador("a1"), "owner": asOrganiser()} {
		g, err := c.GetProgramme(ctx, &ambassadorsv1.GetProgrammeRequest{ProgrammeId: p.GetId()})
		if err != nil {
			t.Fatal(err)
		}
		l, err := c.ListProgrammes(ctx, &ambassadorsv1.ListProgrammesRequest{})
		if err != nil || len(l.GetItems()) != 1 {
			t.Fatalf("list: %v, %v", l, err)
		}
		for _, got := range []*ambassadorsv1.Programme{g.GetProgramme(), l.GetItems()[0]} {
			cs := got.GetContacts()
			switch {
			case name == "owner" && len(cs) != 2:
				t.Errorf("the owner sees contacts %v, want both", cs)
			case name != "owner" && (len(cs) != 1 || cs[0].GetName() != "Wethouder Jansen" || !cs[0].GetPublic()):
				t.Errorf("%s sees contacts %v, want the public one only", name, cs)
			}
		}
	}

	// Changing the themes must keep the parents valid.
	_, err := c.UpdateProgramme(asOrganiser(), &ambassadorsv1.UpdateProgrammeRequest{ProgrammeId: p.GetId(),
		Themes: []string{"lijn", "speerpunt", "los"}, SetThemes: true})
	wantViolation(t, err, codes.InvalidArgument, "themeParents")
	// Both together are fine; set_ flags leave the rest alone.
	u, err := c.UpdateProgramme(asOrganiser(), &ambassadorsv1.UpdateProgrammeRequest{ProgrammeId: p.GetId(),
		Themes: []string{"Lijn", "speerpunt", "los"}, SetThemes: true,
		ThemeParents: map[string]string{"lijn": "Speerpunt"}, SetThemeParents: true})
	if err != nil {
		t.Fatal(err)
	}
	if got := u.GetProgramme(); !maps.Equal(got.GetThemeParents(), map[string]string{"Lijn": "speerpunt"}) ||
		len(got.GetContacts()) != 2 || len(got.GetIndicators()) != 2 || len(got.GetAreas()) != 2 {
		t.Errorf("updated = %v", got)
	}
	u, err = c.UpdateProgramme(asOrganiser(), &ambassadorsv1.UpdateProgrammeRequest{ProgrammeId: p.GetId(),
		SetContacts: true, Areas: []string{"De Steiger"}, SetAreas: true})
	if err != nil || len(u.GetProgramme().GetContacts()) != 0 || len(u.GetProgramme().GetAreas()) != 1 {
		t.Errorf("contacts cleared, areas replaced: %v, %v", u, err)
	}
}

func TestProgrammeOutlineRefusals(t *testing.T) {
	t.Parallel()
	c := start(t)
	p := outlined(t, c)
	base := func() *ambassadorsv1.CreateProgrammeRequest {
		return &ambassadorsv1.CreateProgrammeRequest{Name: "P", Municipality: "Almere", StartsOn: "2025-01-01",
			EndsOn: "2025-12-31", Themes: []string{"a", "b", "c", "d"}}
	}
	for _, tc := range []struct {
		name  string
		edit  func(*ambassadorsv1.CreateProgrammeRequest)
		code  codes.Code
		field string
	}{
		{"parent not a theme", func(r *ambassadorsv1.CreateProgrammeRequest) { r.ThemeParents = map[string]string{"a": "z"} },
			codes.InvalidArgument, "themeParents"},
		{"child not a theme", func(r *ambassadorsv1.CreateProgrammeRequest) { r.ThemeParents = map[string]string{"z": "a"} },
			codes.InvalidArgument, "themeParents"},
		{"own parent", func(r *ambassadorsv1.CreateProgrammeRequest) { r.ThemeParents = map[string]string{"a": "A"} },
			codes.InvalidArgument, "themeParents"},
		{"cycle", func(r *ambassadorsv1.CreateProgrammeRequest) {
			r.ThemeParents = map[string]string{"a": "b", "b": "c", "c": "a"}
		}, codes.InvalidArgument, "themeParents"},
		{"four levels", func(r *ambassadorsv1.CreateProgrammeRequest) {
			r.ThemeParents = map[string]string{"a": "b", "b": "c", "c": "d"}
		}, codes.InvalidArgument, "themeParents"},
		{"indicator key twice", func(r *ambassadorsv1.CreateProgrammeRequest) {
			r.Indicators = []*ambassadorsv1.Indicator{{Key: "banen", Label: "Banen", Unit: "count"},
				{Key: "banen", Label: "Banen 2", Unit: "euro"}}
		}, codes.InvalidArgument, "indicators[1].key"},
		{"indicator unit", func(r *ambassadorsv1.CreateProgrammeRequest) {
			r.Indicators = []*ambassadorsv1.Indicator{{Key: "banen", Label: "Banen", Unit: "stuks"}}
		}, codes.InvalidArgument, "indicators[0].unit"},
		{"contact without role", func(r *ambassadorsv1.CreateProgrammeRequest) {
			r.Contacts = []*ambassadorsv1.ProgrammeContact{{Name: "Jansen"}}
		}, codes.InvalidArgument, "contacts[0].role"},
		{"contact phone", func(r *ambassadorsv1.CreateProgrammeRequest) {
			r.Contacts = []*ambassadorsv1.ProgrammeContact{{Name: "Jansen", Role: "wethouder", Phone: "bel me"}}
		}, codes.InvalidArgument, "contacts[0].phone"},
		{"area twice", func(r *ambassadorsv1.CreateProgrammeRequest) { r.Areas = []string{"Havens", "havens"} },
			codes.FailedPrecondition, "areas"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req := base()
			tc.edit(req)
			_, err := c.CreateProgramme(asOrganiser(), req)
			wantViolation(t, err, tc.code, tc.field)
		})
	}
	// Three levels are fine (outlined has lijn -> speerpunt -> cluster).
	if len(p.GetThemeParents()) != 2 {
		t.Fatalf("parents = %v", p.GetThemeParents())
	}
}

// Activities carry areas of the programme and companies with KvK numbers,
// whose names join the organisations.
func TestActivityAreasAndCompanies(t *testing.T) {
	t.Parallel()
	c := start(t)
	p := outlined(t, c)
	a, err := c.AppointAmbassador(asOrganiser(), &ambassadorsv1.AppointAmbassadorRequest{ProgrammeId: p.GetId(),
		Name: "Anouk", Email: "anouk@example.nl", AppointedOn: "2025-02-01", TermEndsOn: "2025-12-31"})
	if err != nil {
		t.Fatal(err)
	}
	req := &ambassadorsv1.LogActivityRequest{AmbassadorId: a.GetAmbassador().GetId(), Kind: "company-visit",
		OccurredOn: "2025-06-01", Summary: "Bezoek", Organisations: []string{"Gemeente Schiedam", "Havenbedrijf"},
		Areas: []string{"havens"}, Companies: []*ambassadorsv1.Company{{Name: "Havenbedrijf", KvkNumber: "24354561"},
			{Name: "Bakkerij Zoet"}}}
	x, err := c.LogActivity(asOrganiser(), req)
	if err != nil {
		t.Fatal(err)
	}
	got := x.GetActivity()
	if len(got.GetAreas()) != 1 || got.GetAreas()[0] != "Havens" || len(got.GetCompanies()) != 2 ||
		got.GetCompanies()[0].GetKvkNumber() != "24354561" ||
		len(got.GetOrganisations()) != 3 || got.GetOrganisations()[2] != "Bakkerij Zoet" {
		t.Fatalf("activity = %v", got)
	}
	bad := proto.CloneOf(req)
	bad.Areas = []string{"Centrum"}
	_, err = c.LogActivity(asOrganiser(), bad)
	wantViolation(t, err, codes.FailedPrecondition, "areas")
	bad = proto.CloneOf(req)
	bad.Companies = []*ambassadorsv1.Company{{Name: "X", KvkNumber: "1234"}}
	_, err = c.LogActivity(asOrganiser(), bad)
	wantCode(t, err, codes.InvalidArgument)

	u, err := c.UpdateActivity(asOrganiser(), &ambassadorsv1.UpdateActivityRequest{ActivityId: got.GetId(),
		Areas: []string{"Binnenstad", "Havens"}, SetAreas: true,
		Companies: []*ambassadorsv1.Company{{Name: "Nieuw BV", KvkNumber: "12345678"}}, SetCompanies: true})
	if err != nil {
		t.Fatal(err)
	}
	if g := u.GetActivity(); len(g.GetAreas()) != 2 || len(g.GetCompanies()) != 1 || len(g.GetOrganisations()) != 4 {
		t.Errorf("updated = %v", g)
	}
}
