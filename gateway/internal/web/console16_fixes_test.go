package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"google.golang.org/protobuf/proto"

	"plein.dev/platform/identity"
	ambassadorsv1 "plein.dev/proto/gen/plein/ambassadors/v1"
)

// Review fixes of the issue 16 console: numbers read by the page's
// language, refusals on the field they name, the percentage of target,
// row groups' errors and another organisation's programme.

// testLang is the catalog's language code.
func testLang(t *testing.T, code string) *Lang {
	t.Helper()
	cat, err := newCatalog()
	if err != nil {
		t.Fatal(err)
	}
	return cat.langs[code]
}

func TestParseNumberByLanguage(t *testing.T) {
	t.Parallel()
	for code, cases := range map[string]map[string]float64{
		"nl": {"250.000": 250000, "1.000,5": 1000.5, "12,5": 12.5, "12500": 12500, " 7,25 ": 7.25, "-3": -3, "0,125": 0.125,
			"1.234.567,891": 1234567.891, ",5": 0.5, "1,0": 1, "1,1250": 1.125},
		"en": {"250,000": 250000, "1,000.5": 1000.5, "12.5": 12.5, "12500": 12500, "-3": -3, "0.125": 0.125, "1,234,567.891": 1234567.891},
	} {
		l := testLang(t, code)
		for in, want := range cases {
			if got, ok := l.ParseNumber(in); !ok || got != want {
				t.Errorf("%s %q = %v, %v; want %v", code, in, got, ok, want)
			}
		}
	}
	for code, refused := range map[string][]string{
		// 1,000 and 250,000 are a thousand in English; 12.5 is English.
		"nl": {"", "1,000", "250,000", "12.5", "1.2345", "1.00", "12.500.0", "1,000.5", "veel", "1e13", "NaN", "Inf", "1.000.000.000.000,5", "-", "12,", "0.500"},
		"en": {"1.000", "250.000", "1.000,5", "12,5", "1,00", "veel", "1e3", "12.", "0,500"},
	} {
		l := testLang(t, code)
		for _, in := range refused {
			if got, ok := l.ParseNumber(in); ok {
				t.Errorf("%s %q accepted as %v", code, in, got)
			}
		}
	}
	for _, v := range []float64{250000, 12.5, 1.125, 0.5, 1234567.891, -40, 0} {
		for _, code := range []string{"nl", "en"} {
			l := testLang(t, code)
			if got, ok := l.ParseNumber(l.NumberInput(v)); !ok || got != v {
				t.Errorf("%s: %v written %q read back as %v, %v", code, v, l.NumberInput(v), got, ok)
			}
		}
	}
}

// An indicator's target is read as the page's language writes it; what
// could be either is refused next to the table, as typed.
func TestIndicatorTargetByLanguage(t *testing.T) {
	t.Parallel()
	f := newOrgFixture(t)
	org := f.signedInTo(t, "org@example.nl", []string{f.velsen}, identity.RoleOrganiser)
	form := func(target string) url.Values {
		return url.Values{"name": {"IJmond Economie"}, "municipality": {"Velsen"}, "startsOn": {"2027-01-01"}, "endsOn": {"2027-12-31"},
			"ownerOrganisationIds": {f.velsen}, "indicatorKey": {""}, "indicatorLabel": {"Externe middelen"},
			"indicatorUnit": {"euro"}, "indicatorTarget": {target}}
	}
	org.get("/beheer/programmas/nieuw").must(t, http.StatusOK, `aria-describedby="indicatorTarget-1-hint"`,
		"met een punt voor duizendtallen en een komma voor decimalen; bijvoorbeeld 250.000 of 12,5")
	org.post("/beheer/programmas/nieuw", form("250.000"), "/beheer/programmas/nieuw").must(t, http.StatusSeeOther)
	if got := f.rec.lastCreated(t).GetIndicators()[0].GetTarget(); got != 250000 {
		t.Errorf("250.000 on a Dutch page saved as %v", got)
	}
	org.post("/beheer/programmas/nieuw", form("1,000"), "/beheer/programmas/nieuw").must(t, http.StatusUnprocessableEntity,
		`href="#indicators"`, "De streefwaarde van indicator 1 is geen getal dat we zeker kunnen lezen.", `value="1,000"`,
		`<p class="field-error" id="indicators-error">`,
		`aria-describedby="indicators-error indicatorTarget-1-hint"`,
		`aria-invalid="true"`)
	if len(f.rec.created) != 1 {
		t.Fatalf("created %d programmes", len(f.rec.created))
	}
	org.post("/beheer/programmas/nieuw?lang=en", form("1,000"), "/beheer/programmas/nieuw?lang=en").must(t, http.StatusSeeOther)
	if got := f.rec.lastCreated(t).GetIndicators()[0].GetTarget(); got != 1000 {
		t.Errorf("1,000 on an English page saved as %v", got)
	}
	org.post("/beheer/programmas/nieuw?lang=en", form("250.000"), "/beheer/programmas/nieuw?lang=en").must(t, http.StatusUnprocessableEntity,
		"The target of indicator 1 is not a number we can read for certain.", `value="250.000"`)

	// The edit form writes the target as the page reads it back.
	admin := f.signedInTo(t, "admin@example.nl", nil, identity.RoleAdmin)
	target := 250000.5
	f.amb.programmes[0].Indicators = []*ambassadorsv1.Indicator{{Key: "middelen", Label: "Middelen", Unit: "euro", Target: &target}}
	admin.get("/beheer/programmas/prog1?lang=nl").must(t, http.StatusOK, `value="250.000,5"`)
	admin.get("/beheer/programmas/prog1?lang=en").must(t, http.StatusOK, `value="250,000.5"`)
}

func TestMeasurementValueByLanguage(t *testing.T) {
	t.Parallel()
	f, a := newOutcomesFixture(t)
	org := f.signedIn(t, "org@example.nl", identity.RoleOrganiser)
	page := "/beheer/programmas/prog1/metingen"
	for _, tc := range []struct {
		lang, value string
		want        float64
	}{{"nl", "1.000", 1000}, {"nl", "1.000,5", 1000.5}, {"nl", "12,5", 12.5}, {"en", "1,000.5", 1000.5}, {"en", "1,000", 1000}} {
		org.post(page+"?lang="+tc.lang, url.Values{"indicator": {"banen"}, "value": {tc.value}, "on": {"2026-11-30"}}, page+"?lang="+tc.lang).
			must(t, http.StatusSeeOther)
		if got := a.recorded[len(a.recorded)-1].GetValue(); got != tc.want {
			t.Errorf("%s %q recorded as %v", tc.lang, tc.value, got)
		}
	}
	n := len(a.recorded)
	org.post(page+"?lang=nl", url.Values{"indicator": {"banen"}, "value": {"1,000"}, "on": {"2026-11-30"}}, page+"?lang=nl").
		must(t, http.StatusUnprocessableEntity, `<a href="#value">Vul een getal in dat we zeker kunnen lezen`, `value="1,000"`)
	org.post(page+"?lang=en", url.Values{"indicator": {"banen"}, "value": {"1.000"}, "on": {"2026-11-30"}}, page+"?lang=en").
		must(t, http.StatusUnprocessableEntity, `<a href="#value">Enter a number we can read for certain`)
	if len(a.recorded) != n {
		t.Errorf("an ambiguous value was recorded: %v", a.recorded[n:])
	}
}

// A note the service refuses is the note's error, not the step's.
func TestTriageNoteTooLong(t *testing.T) {
	t.Parallel()
	f, _ := newOutcomesFixture(t)
	org := f.signedIn(t, "org@example.nl", identity.RoleOrganiser)
	org.get("/beheer/ideeen/idea1").must(t, http.StatusOK, `<textarea id="note" name="note" rows="4" maxlength="2000"`)
	long := strings.Repeat("x", 2001)
	p := org.post("/beheer/ideeen/idea1", url.Values{"status": {"ondersteund"}, "note": {long}}, "/beheer/ideeen/idea1").
		must(t, http.StatusUnprocessableEntity, `<a href="#note">Schrijf een toelichting van hoogstens 2000 tekens.</a>`, ">"+long+"</textarea>")
	p.lacks(t, "Dit idee kan niet naar deze stap.", `href="#status"`)
}

// The percentage of target is never rounded up to 100 without the
// target being met.
func TestPercentOfTargetRoundsDown(t *testing.T) {
	t.Parallel()
	l := testLang(t, "nl")
	target := 1000.0
	ind := &ambassadorsv1.Indicator{Key: "banen", Label: "Banen", Unit: "count", Target: &target}
	for p, want := range map[float64]struct {
		percent string
		met     bool
	}{99.6: {"99%", false}, 99.999: {"99%", false}, 100: {"100%", true}, 120.7: {"120%", true}, 49.5: {"49%", false}} {
		r := indicatorResults(l, []*ambassadorsv1.IndicatorResult{{Indicator: ind, Value: p * 10, PercentOfTarget: proto.Float64(p)}})[0]
		if r.Percent != want.percent || r.Met != want.met || (r.Bar == 100) != want.met {
			t.Errorf("%v%%: %q, met %v, bar %d", p, r.Percent, r.Met, r.Bar)
		}
	}
}

// A row group's error is named by the group's fields; the organisations
// table has a caption.
func TestRowGroupErrorsDescribeTheirFields(t *testing.T) {
	t.Parallel()
	f := newOrgFixture(t)
	org := f.signedInTo(t, "org@example.nl", []string{f.velsen}, identity.RoleOrganiser)
	org.get("/beheer/organisaties").must(t, http.StatusOK, `<caption class="visually-hidden">Alle organisaties</caption>`)
	form := url.Values{"name": {"IJmond Economie"}, "municipality": {"Velsen"}, "startsOn": {"2027-01-01"}, "endsOn": {"2027-12-31"},
		"ownerOrganisationIds": {f.velsen}, "contactName": {"Wil"}, "contactRole": {""}, "contactEmail": {"geen-adres"}, "contactPhone": {""},
		"targetMetric": {"activities"}, "targetValue": {"0"}, "targetKind": {""}, "targetTheme": {""}, "targetScope": {"ambassador"}, "targetPeriod": {"year"}}
	p := org.post("/beheer/programmas/nieuw", form, "/beheer/programmas/nieuw").must(t, http.StatusUnprocessableEntity,
		`<p class="field-error" id="contacts-error">`,
		`id="contactName-1" name="contactName" type="text" maxlength="200" autocomplete="off" value="Wil" aria-describedby="contacts-error" aria-invalid="true">`,
		`<p class="field-error" id="targets-error">`, `aria-describedby="targets-error" aria-invalid="true"`)
	p.lacks(t, `aria-describedby="partners-error"`, `id="partners-error"`)
	org.get("/beheer/programmas/nieuw").must(t, http.StatusOK).lacks(t, `-error"`)
}

// Another organisation's programme is not found, to read or to save;
// an administrator opens any.
func TestProgrammeFormOfAnotherOrganisation(t *testing.T) {
	t.Parallel()
	f := newOrgFixture(t)
	f.amb.programmes[0].OwnerOrganisationIds = []string{f.heemskerk}
	f.amb.programmes[0].Contacts = []*ambassadorsv1.ProgrammeContact{{Name: "Geheime Gert", Role: "wethouder", Email: "gert@example.nl"}}
	org := f.signedInTo(t, "org@example.nl", []string{f.velsen}, identity.RoleOrganiser)
	org.get("/beheer/programmas/prog1").must(t, http.StatusNotFound).lacks(t, "Geheime Gert", "gert@example.nl")
	edit := programmeValues(testLang(t, "nl"), f.amb.programmes[0])
	org.post("/beheer/programmas/prog1", edit, "/beheer/programmas/nieuw").must(t, http.StatusNotFound).lacks(t, "Geheime Gert")
	if len(f.rec.updated) != 0 {
		t.Errorf("updated %v", f.rec.updated)
	}
	f.signedInTo(t, "admin@example.nl", nil, identity.RoleAdmin).get("/beheer/programmas/prog1").must(t, http.StatusOK, "Geheime Gert")
	f.signedInTo(t, "hk@example.nl", []string{f.heemskerk}, identity.RoleOrganiser).get("/beheer/programmas/prog1").
		must(t, http.StatusOK, "Geheime Gert")
}
