package web

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	"plein.dev/platform/identity"
	ambassadorsv1 "plein.dev/proto/gen/plein/ambassadors/v1"
)

// outcomePages are the console's pages of issue 16's outcomes.
var outcomePages = []string{"/beheer/ideeen", "/beheer/ideeen?status=new&programmeId=prog1", "/beheer/ideeen/idea1",
	"/beheer/ideeen/idea4", "/beheer/programmas/prog1/metingen", "/beheer/programmas/prog1/metingen/m1/verwijderen",
	"/beheer/rapportage", "/beheer"}

// messageIDShown finds a message id of the outcome pages left in a page.
var messageIDShown = regexp.MustCompile(`\b(ideas|measurements|report|unit|amount|overview)\.[a-zA-Z]`)

// TestOutcomePagesCheckTheRole: the ideas and measurements pages send an
// anonymous visitor to sign in, refuse an ambassador, and show an
// organiser and an administrator every message in Dutch and English; a
// programme of another organisation, its ideas and measurements are 404
// and nothing is changed.
func TestOutcomePagesCheckTheRole(t *testing.T) {
	t.Parallel()
	f, a := newOutcomesFixture(t)
	anon := f.browser(t)
	org := f.signedIn(t, "org@example.nl", identity.RoleOrganiser)
	amb := f.signedIn(t, "amb@example.nl", identity.RoleAmbassador)
	admin := f.signedIn(t, "admin@example.nl", identity.RoleAdmin)
	for _, path := range outcomePages {
		p := anon.get(path).must(t, http.StatusSeeOther)
		if loc := p.Header.Get("Location"); loc != "/inloggen?"+(url.Values{"terug": {path}}).Encode() {
			t.Errorf("%s anonymous: to %q", path, loc)
		}
		amb.get(path+"?lang=nl").must(t, http.StatusForbidden, "Geen toegang")
		for _, v := range []*visitor{org, admin} {
			for _, lang := range []string{"nl", "en"} {
				sep := "?"
				if strings.Contains(path, "?") {
					sep = "&"
				}
				p := v.get(path+sep+"lang="+lang).must(t, http.StatusOK, `<html lang="`+lang+`">`)
				if m := messageIDShown.FindString(p.Body); m != "" {
					t.Errorf("%s in %s shows a message id: %s", path, lang, m)
				}
				if inline.MatchString(p.Body) {
					t.Errorf("%s has inline script or style: %s", path, inline.FindString(p.Body))
				}
			}
		}
	}
	for _, path := range []string{"/beheer/ideeen/idea5", "/beheer/programmas/prog2/metingen", "/beheer/programmas/prog2/metingen/m3/verwijderen"} {
		org.get(path).must(t, http.StatusNotFound)
	}
	org.get("/beheer/ideeen").lacks(t, "Kadeplan", "Haven Noord")
	admin.get("/beheer/ideeen").must(t, http.StatusOK, "Kadeplan", "Haven Noord")
	org.post("/beheer/ideeen/idea5", url.Values{"status": {"afgewezen"}}, "/beheer/ideeen").must(t, http.StatusNotFound)
	org.post("/beheer/programmas/prog2/metingen/m3/verwijderen", nil, "/beheer/ideeen").must(t, http.StatusNotFound)
	org.post("/beheer/programmas/prog2/metingen", url.Values{"indicator": {"banen"}, "value": {"1"}, "on": {"2026-01-01"}},
		"/beheer/ideeen").must(t, http.StatusNotFound)
	if len(a.updates)+len(a.deleted)+len(a.recorded) != 0 {
		t.Errorf("another organisation's data changed: %v %v %v", a.updates, a.deleted, a.recorded)
	}
}

func TestTriageAnIdea(t *testing.T) {
	t.Parallel()
	f, a := newOutcomesFixture(t)
	org := f.signedIn(t, "org@example.nl", identity.RoleOrganiser)

	// The overview counts the new ideas of the organiser's programmes,
	// the list filters by step.
	org.get("/beheer").must(t, http.StatusOK, `<a href="/beheer/ideeen?status=new">2 nieuwe ideeën van ondernemers</a>`,
		`<a href="/beheer/ideeen">Ideeën</a>`)
	list := org.get("/beheer/ideeen?status=new").must(t, http.StatusOK, "2 ideeën", `<a href="/beheer/ideeen/idea1">Gedeelde 3D-printer</a>`,
		"Stage-uitwisseling", `<th scope="col">Stap</th>`, "<caption")
	list.lacks(t, "Warmtenet", "Zonnedaken")
	org.get("/beheer/ideeen").must(t, http.StatusOK, "4 ideeën", "Warmtenet", "In behandeling", "Afgewezen")

	// The idea with its submitter, and the steps it may take.
	p := org.get("/beheer/ideeen/idea1").must(t, http.StatusOK, "<h1>Gedeelde 3D-printer</h1>", "Sanne Bos",
		`<a href="mailto:sanne@example.nl">sanne@example.nl</a>`, "Bos Techniek", "12345678", "<li>innovatie</li>",
		"Een gedeelde 3D-printer\nvoor kleine maakbedrijven.", "Smart Industry",
		`<option value="in-behandeling" selected>In behandeling nemen</option>`, `<option value="ondersteund">Ondersteunen</option>`,
		`<option value="afgewezen">Afwijzen</option>`, `<textarea id="note" name="note"`)
	p.lacks(t, `value="new"`)

	// Moving it on calls UpdateIdea and says the submitter is mailed.
	done := org.post("/beheer/ideeen/idea1", url.Values{"status": {"in-behandeling"}, "note": {" We bellen u volgende week. "}},
		"/beheer/ideeen/idea1").must(t, http.StatusSeeOther)
	if loc := done.Header.Get("Location"); loc != "/beheer/ideeen/idea1?melding=bijgewerkt" {
		t.Errorf("to %q", loc)
	}
	if len(a.updates) != 1 || a.updates[0].GetIdeaId() != "idea1" || a.updates[0].GetStatus() != "in-behandeling" ||
		a.updates[0].GetNote() != "We bellen u volgende week." {
		t.Fatalf("UpdateIdea %v", a.updates)
	}
	p = org.get("/beheer/ideeen/idea1?melding=bijgewerkt").must(t, http.StatusOK,
		`<div class="notice notice-success" role="status"><p>Het idee is bijgewerkt; de indiener krijgt een e-mail.</p></div>`,
		"We bellen u volgende week.", `<option value="ondersteund" selected>Ondersteunen</option>`)
	p.lacks(t, `value="in-behandeling"`)

	// Supported: the decision shows, the form is gone.
	org.post("/beheer/ideeen/idea1", url.Values{"status": {"ondersteund"}, "note": {"Welkom bij het programma."}},
		"/beheer/ideeen/idea1").must(t, http.StatusSeeOther)
	p = org.get("/beheer/ideeen/idea1").must(t, http.StatusOK, "Dit idee is ondersteund op", "Welkom bij het programma.")
	p.lacks(t, `action="/beheer/ideeen/idea1"`)
	org.get("/beheer/ideeen/idea4?lang=en").must(t, http.StatusOK, "This idea was declined on", "Buiten de doelen van het programma.")
}

func TestTriageRefusals(t *testing.T) {
	t.Parallel()
	f, a := newOutcomesFixture(t)
	org := f.signedIn(t, "org@example.nl", identity.RoleOrganiser)

	// No step chosen, or one that is no step: the form says so, nothing
	// is sent.
	for _, st := range []string{"", "new", "gearchiveerd"} {
		p := org.post("/beheer/ideeen/idea2", url.Values{"status": {st}, "note": {"bewaard"}}, "/beheer/ideeen/idea2").
			must(t, http.StatusUnprocessableEntity, `<a href="#status">Kies wat er met dit idee gebeurt.</a>`, ">bewaard</textarea>")
		if !strings.Contains(p.Body, "<title>Fout: ") {
			t.Errorf("status %q: the title does not say the form has an error", st)
		}
	}
	if len(a.updates) != 0 {
		t.Fatalf("UpdateIdea called: %v", a.updates)
	}
	// A step the service refuses from where the idea stands (the page was
	// stale): its words, the form again for the allowed steps.
	org.post("/beheer/ideeen/idea3", url.Values{"status": {"in-behandeling"}}, "/beheer/ideeen/idea3").
		must(t, http.StatusUnprocessableEntity, `<a href="#status">Dit idee kan niet naar deze stap.`,
			"an idea in-behandeling cannot become in-behandeling", `<option value="ondersteund"`, `aria-invalid="true"`)
	// Decided meanwhile: the refusal with no form to point into.
	p := org.post("/beheer/ideeen/idea4", url.Values{"status": {"ondersteund"}}, "/beheer/ideeen/idea3").
		must(t, http.StatusUnprocessableEntity, "<p>Dit idee kan niet naar deze stap.", "Dit idee is afgewezen op")
	p.lacks(t, `href="#status"`, `action="/beheer/ideeen/idea4"`)
	if got := a.ideas[3].GetStatus(); got != "afgewezen" {
		t.Errorf("idea4 is %s", got)
	}
}

func TestRecordAndDeleteMeasurements(t *testing.T) {
	t.Parallel()
	f, a := newOutcomesFixture(t)
	org := f.signedIn(t, "org@example.nl", identity.RoleOrganiser)
	page := "/beheer/programmas/prog1/metingen"

	// The indicators with their targets; the measurements newest first,
	// each with its delete step; today's date ready in the form.
	p := org.get(page).must(t, http.StatusOK, "<h1>Metingen: Smart Industry</h1>", "<th scope=\"row\">Nieuwe banen</th>",
		"€ 250.000", `<option value="externe-middelen">Externe middelen</option>`, `value="`+now.Format(dateLayout)+`"`,
		"€ 125.000,5", `href="/beheer/programmas/prog1/metingen/m1/verwijderen">Verwijderen<span class="visually-hidden"> Nieuwe banen,`,
		`type="text" inputmode="decimal"`, "<caption")
	if strings.Index(p.Body, "<td>subsidiebesluit</td>") > strings.Index(p.Body, "<td>eigen telling</td>") {
		t.Error("the measurement of 15 October is not above the one of 30 June")
	}

	// What the form finds wrong itself goes nowhere.
	org.post(page, url.Values{"indicator": {"omzet"}, "value": {"veel"}, "on": {"gisteren"}, "source": {"CBS"}}, page).
		must(t, http.StatusUnprocessableEntity, `<a href="#indicator">Kies een indicator van dit programma.</a>`,
			`<a href="#value">Vul een getal in dat we zeker kunnen lezen, zoals 12.500 of 12,5: een punt voor duizendtallen, een komma voor decimalen.</a>`, `<a href="#on">Vul een datum in`, `value="CBS"`,
			`aria-describedby="value-error value-hint" aria-invalid="true"`)
	org.post(page, url.Values{"indicator": {"banen"}, "value": {""}, "on": {"2026-11-30"}}, page).
		must(t, http.StatusUnprocessableEntity, `<a href="#value">`)
	if len(a.recorded) != 0 {
		t.Fatalf("RecordMeasurement called: %v", a.recorded)
	}
	// The service's refusal of a field, on that field.
	org.post(page, url.Values{"indicator": {"banen"}, "value": {"3"}, "on": {"2026-11-30"}, "source": {"onbekend"}}, page).
		must(t, http.StatusUnprocessableEntity, `<a href="#source">Vul een bron in van hoogstens 200 tekens.</a>`)
	// A decimal comma is read as the decimal point.
	done := org.post(page, url.Values{"indicator": {"externe-middelen"}, "value": {"12500,75"}, "on": {"2026-11-30"},
		"source": {"CBS"}, "note": {"Tweede tranche"}}, page).must(t, http.StatusSeeOther)
	if loc := done.Header.Get("Location"); loc != page+"?melding=vastgelegd" {
		t.Errorf("to %q", loc)
	}
	last := a.recorded[len(a.recorded)-1]
	if last.GetProgrammeId() != "prog1" || last.GetIndicator() != "externe-middelen" || last.GetValue() != 12500.75 ||
		last.GetOn() != "2026-11-30" || last.GetSource() != "CBS" || last.GetNote() != "Tweede tranche" {
		t.Errorf("recorded %v", last)
	}
	org.get(page+"?melding=vastgelegd").must(t, http.StatusOK, "De meting is vastgelegd.", "€ 12.500,75", "Tweede tranche")

	// Deleting asks first; the confirmation deletes.
	confirm := page + "/m1/verwijderen"
	org.get(confirm).must(t, http.StatusOK, "<h1>Meting verwijderen</h1>",
		"Wilt u de meting Nieuwe banen: 12 van dinsdag 30 juni 2026 uit Smart Industry verwijderen?",
		`action="/beheer/programmas/prog1/metingen/m1/verwijderen"`, `href="/beheer/programmas/prog1/metingen">Nee, terug`)
	if len(a.deleted) != 0 {
		t.Fatal("the confirmation page deleted")
	}
	done = org.post(confirm, nil, confirm).must(t, http.StatusSeeOther)
	if loc := done.Header.Get("Location"); loc != page+"?melding=verwijderd" {
		t.Errorf("to %q", loc)
	}
	if len(a.deleted) != 1 || a.deleted[0].GetMeasurementId() != "m1" || a.deleted[0].GetProgrammeId() != "prog1" {
		t.Errorf("deleted %v", a.deleted)
	}
	org.get(page+"?melding=verwijderd").must(t, http.StatusOK, "De meting is verwijderd.").lacks(t, "<td>eigen telling</td>")
	org.get(confirm).must(t, http.StatusNotFound)
	org.get(page+"?lang=en").must(t, http.StatusOK, "€250,000", "€125,000.5", "Recorded measurements")
	org.get("/beheer/programmas?lang=nl").must(t, http.StatusOK,
		`<a href="/beheer/programmas/prog1/metingen">Metingen van de indicatoren<span class="visually-hidden"> (Smart Industry)</span></a>`)
}

func TestReportShowsOutcomes(t *testing.T) {
	t.Parallel()
	f, _ := newOutcomesFixture(t)
	org := f.signedIn(t, "org@example.nl", identity.RoleOrganiser)
	p := org.get("/beheer/rapportage?programmeId=prog1").must(t, http.StatusOK,
		// Indicators against target, in words as well as bars.
		`<h3 id="s-indicators">Indicatoren tegen het doel</h3>`, `<th scope="row">Nieuwe banen</th><td class="num">48</td><td class="num">40</td>`,
		"Doel gehaald: 120% van het doel", `<td class="num">€ 125.000</td><td class="num">€ 250.000</td>`, "50% van het doel",
		`width="50" height="4" class="bar"`, `width="100" height="4" class="bar"></rect></svg>`, "Geen doel gesteld", "Nog niet gemeten",
		`<time datetime="2026-11-01">`, `href="/beheer/programmas/prog1/metingen"`,
		// Companies, each once.
		"Unieke bedrijven (KvK-nummers)</dt><dd>7</dd>", "Uit activiteiten</dt><dd>5</dd>",
		"Uit aanmeldingen voor evenementen</dt><dd>3</dd>", "Zelf opgegeven bereik</dt><dd>12</dd>", "Elk bedrijf telt één keer",
		// By area and sector.
		`<h3 id="s-area">Per gebied</h3>`, `<th scope="row">Havens</th>`, `<th scope="row">Geen gebied</th>`,
		`<h3 id="s-sector">Per sector van de ambassadeur</h3>`, `<th scope="row">maakindustrie</th>`,
		// The theme roll-up.
		`<tr class="rollup"><th scope="row">innovatie <span class="small">(met subthema&#39;s)</span></th><td class="num">3</td>`,
		`<th scope="row" class="level-1"><span aria-hidden="true">↳ </span>smart industry<span class="visually-hidden"> (onder innovatie)</span></th>`,
		"Een thema met subthema&#39;s telt hun activiteiten mee",
		// The ideas supported.
		`<a href="/beheer/ideeen/idea9">Gedeelde werkplaats in de haven</a> (Havenbedrijf): ondersteund op <time datetime="2026-11-10">dinsdag 10 november 2026</time>`,
		"Past bij de speerpunten.", `<caption class="visually-hidden">Per thema</caption>`)
	// Children follow their parent (the service listed smart industry
	// first); top themes keep the service's order.
	order := []string{">onderwijs<", ">innovatie <", "smart industry<", "circulair<"}
	last := -1
	for _, s := range order {
		i := strings.Index(p.Body, s)
		if i < last {
			t.Errorf("%q is not after %q in the theme table", s, order)
		}
		last = i
	}
	if n := strings.Count(p.Body, `<th scope="col"`); n < 20 {
		t.Errorf("only %d column headers", n)
	}
	org.get("/beheer/rapportage?programmeId=prog1&lang=en").must(t, http.StatusOK, "Target met: 120% of target",
		"€125,000", "By area", "(with sub-themes)", "Supported ideas", "Unique companies (KvK numbers)")
}

func TestAmountsInBothLanguages(t *testing.T) {
	t.Parallel()
	c, err := newCatalog()
	if err != nil {
		t.Fatal(err)
	}
	nl, en := c.langs["nl"], c.langs["en"]
	for _, tc := range []struct {
		unit   string
		v      float64
		nl, en string
	}{
		{"count", 0, "0", "0"}, {"count", 999, "999", "999"}, {"count", 1000, "1.000", "1,000"},
		{"count", -1234567.891, "−1.234.567,89", "−1,234,567.89"}, {"euro", 250000, "€ 250.000", "€250,000"},
		{"hours", 12.5, "12,5 uur", "12.5 hours"}, {"percent", 99.999, "100%", "100%"}, {"", 0.25, "0,25", "0.25"},
	} {
		if got := nl.Amount(tc.unit, tc.v); got != tc.nl {
			t.Errorf("nl %s %v: %q, want %q", tc.unit, tc.v, got, tc.nl)
		}
		if got := en.Amount(tc.unit, tc.v); got != tc.en {
			t.Errorf("en %s %v: %q, want %q", tc.unit, tc.v, got, tc.en)
		}
	}
	// Reading them back: console16_fixes_test.go (TestParseNumberByLanguage).
	for in, want := range map[string]float64{"12500": 12500, "12,5": 12.5, " 7,25 ": 7.25, "-3": -3, "1.250,5": 1250.5} {
		if got, ok := nl.ParseNumber(in); !ok || got != want {
			t.Errorf("ParseNumber(%q) = %v, %v", in, got, ok)
		}
	}
	for _, in := range []string{"", "7.25", "veel", "1e13", "NaN"} {
		if _, ok := nl.ParseNumber(in); ok {
			t.Errorf("ParseNumber(%q) accepted", in)
		}
	}
}

func TestThemeTree(t *testing.T) {
	t.Parallel()
	rows := []*ambassadorsv1.ReportRow{{Key: "c", Parent: "b"}, {Key: "a"}, {Key: "b", Parent: "a"}, {Key: "x", Parent: "gone"},
		{Key: "p", Parent: "q"}, {Key: "q", Parent: "p"}, {Key: "self", Parent: "self"}}
	var got []string
	for _, r := range themeTree(rows, func(r *ambassadorsv1.ReportRow) string { return r.GetKey() }) {
		got = append(got, fmt.Sprintf("%s/%d/%s/%v", r.Label, r.Level, r.Parent, r.RollUp))
	}
	// An unknown parent makes a top theme; a cycle is shown once, not
	// looped.
	want := []string{"a/0//true", "b/1/a/true", "c/2/b/false", "x/0//false", "self/0//false", "p/0//true", "q/1/p/true"}
	if !slices.Equal(got, want) {
		t.Errorf("tree %v, want %v", got, want)
	}
}
