package plein_test

import (
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	cdp "github.com/chromedp/chromedp"
)

// TestBrowserIdeasAndMeasurements is an organiser's work on a programme's
// outcomes in a real browser, by keyboard (issue 16): two entrepreneurs
// submit ideas through the API; the overview counts them, the organiser
// takes one under consideration and supports it; records two
// measurements of an indicator, deletes one after the confirmation step;
// and the report shows the indicator against its target and the idea
// supported. axe-core finds nothing serious on any page; none scrolls
// sideways at 320 px.
func TestBrowserIdeasAndMeasurements(t *testing.T) {
	chromium, axe := browserTools(t)
	dataDir := t.TempDir()
	base := startPlein(t, "-data-dir", dataDir)
	org := signIn(t, base, adminEmail, adminPassword)
	anon := &client{t: t, base: base, http: &http.Client{Timeout: 10 * time.Second}}
	b := &tab{t: t, ctx: newBrowser(t, chromium), axe: axe}
	loc := amsterdam(t)
	year := time.Now().In(loc).Format("2006")
	prog := org.must(http.StatusCreated, "POST", "/api/v1/programmes", map[string]any{
		"name": "Maakindustrie IJmond", "municipality": "Velsen", "themes": []string{"innovatie", "circulair"},
		"startsOn": year + "-01-01", "endsOn": year + "-12-31", "themeParents": map[string]string{"circulair": "innovatie"},
		"indicators": []map[string]any{{"key": "banen", "label": "Nieuwe banen", "unit": "count", "target": 40},
			{"key": "externe-middelen", "label": "Externe middelen", "unit": "euro", "target": 250000},
			{"key": "tevredenheid", "label": "Tevredenheid", "unit": "percent"}}})
	progID := prog["id"].(string)
	submit := func(name, email, title string) map[string]any {
		var idea map[string]any
		// The programme reaches the ideas' side of the service over the bus.
		eventually(t, 10*time.Second, "the idea accepted", func() bool {
			r := anon.do("POST", "/api/v1/programmes/"+progID+"/ideas", map[string]any{"name": name, "email": email,
				"organisation": "Bos Techniek", "kvkNumber": "12345678", "title": title,
				"description": "Een gedeelde 3D-printer voor kleine maakbedrijven in de regio.", "themes": []string{"innovatie"},
				"consent": true, "language": "nl"})
			if r.Status == http.StatusCreated {
				idea = r.json(t)
			}
			return r.Status == http.StatusCreated
		})
		return idea
	}
	printer := submit("Sanne Bos", "sanne@example.nl", "Gedeelde 3D-printer")
	other := submit("Pieter de Wit", "pieter@example.nl", "Warmtenet op het bedrijventerrein")

	// The overview counts the new ideas; the list opens by keyboard.
	b.signInByKeyboard(base, adminEmail, adminPassword, ".staff-nav")
	b.wantText(".tiles", "2 nieuwe ideeën van ondernemers")
	b.wantText(".staff-nav", "Ideeën")
	b.press(`.tiles a[href="/beheer/ideeen?status=new"]`, "main table")
	b.wantText("main table", "Gedeelde 3D-printer")
	b.wantText("main table", "Warmtenet op het bedrijventerrein")
	b.checkAccessibility("/beheer/ideeen")
	ideaPath := "/beheer/ideeen/" + printer["id"].(string)
	b.press(`main table a[href="`+ideaPath+`"]`, "#status")
	b.wantText("h1", "Gedeelde 3D-printer")
	b.wantText("main .meta", "sanne@example.nl")
	b.wantText("main .meta", "12345678")
	b.checkAccessibility("an idea to triage")

	// Under consideration (the first step offered), then supported.
	b.do(cdp.SendKeys(cdp.ID("note"), "We bellen u deze week."))
	b.press(`main form.form button[type="submit"]`, ".notice-success")
	b.wantText(".notice-success", "Het idee is bijgewerkt; de indiener krijgt een e-mail.")
	b.wantText("main .meta", "In behandeling")
	b.checkAccessibility("an idea under consideration")
	b.do(cdp.Focus(cdp.ID("status")), cdp.KeyEvent("O"), cdp.SendKeys(cdp.ID("note"), "Welkom bij het programma."))
	if v := run(b, cdp.Value(cdp.ID("status"))); v != "ondersteund" {
		t.Fatalf("typing O in the step list chose %q", v)
	}
	b.press(`main form.form button[type="submit"]`, ".notice-success")
	b.wantText("main", "Dit idee is ondersteund op")
	b.wantText("main", "Welkom bij het programma.")
	if n := run(b, cdp.Evaluate[int](`document.querySelectorAll("main form.form").length`)); n != 0 {
		t.Errorf("a decided idea shows %d forms", n)
	}
	b.checkAccessibility("a supported idea")
	idea := org.must(http.StatusOK, "GET", "/api/v1/ideas/"+printer["id"].(string), nil)
	if idea["status"] != "ondersteund" || idea["note"] != "Welkom bij het programma." {
		t.Errorf("the idea after triage: %v", idea)
	}
	// As the notice says, the submitter is mailed each step with its note.
	eventually(t, 30*time.Second, "the notes mailed to the submitter", func() bool {
		notes := 0
		for _, m := range readMails(t, dataDir) {
			if strings.Contains(strings.ToLower(m.Header.Get("To")), "sanne@example.nl") &&
				(strings.Contains(m.Text, "We bellen u deze week.") || strings.Contains(m.Text, "Welkom bij het programma.")) {
				notes++
			}
		}
		return notes == 2
	})

	// Measurements, reached from the report.
	b.open(base + "/beheer/rapportage?programmeId=" + progID)
	measurePath := "/beheer/programmas/" + progID + "/metingen"
	b.press(`main a[href="`+measurePath+`"]`, "#indicator")
	b.checkAccessibility("the measurements")
	record := func(value, source string) {
		b.do(cdp.Focus(cdp.ID("indicator")), cdp.KeyEvent("N"), cdp.SendKeys(cdp.ID("value"), value),
			cdp.SendKeys(cdp.ID("source"), source))
		if v := run(b, cdp.Value(cdp.ID("indicator"))); v != "banen" {
			t.Fatalf("typing N in the indicator list chose %q", v)
		}
		b.press(`main form.form button[type="submit"]`, ".notice-success")
		b.wantText(".notice-success", "De meting is vastgelegd.")
	}
	record("12", "eigen telling")
	record("99", "tikfout")
	list := `[aria-labelledby="list-heading"] table`
	b.wantText(list, "tikfout")
	b.wantText(list, "eigen telling")
	b.checkAccessibility("two measurements")
	// The wrong one goes, after the confirmation step: its row's link.
	b.do(cdp.Evaluate[cdp.Void](`void ([...document.querySelectorAll("main tbody tr")].find(r => r.textContent.includes("tikfout")).querySelector("a").dataset.wrong = "yes")`))
	b.press(`a[data-wrong="yes"]`, "main form button.button-warning")
	b.wantText("main", "Wilt u de meting Nieuwe banen: 99")
	b.checkAccessibility("deleting a measurement")
	confirmURL := run(b, cdp.Location())
	b.press("main form button.button-warning", ".notice-success")
	b.wantText(".notice-success", "De meting is verwijderd.")
	if body := b.text("main"); strings.Contains(body, "tikfout") || !strings.Contains(body, "eigen telling") {
		t.Errorf("after deleting: %s", body)
	}

	// The report: the indicator against its target in words, the idea
	// supported, the companies reached.
	b.open(base + "/beheer/rapportage?programmeId=" + progID)
	b.wantText("#s-indicators + .table-wrap", "Nieuwe banen")
	b.wantText("#s-indicators + .table-wrap", "30% van het doel")
	b.wantText("#s-indicators + .table-wrap", "€ 0")
	b.wantText("#s-indicators + .table-wrap", "Geen doel gesteld")
	b.wantText("#s-ideas + ul", "Gedeelde 3D-printer")
	b.wantText("#s-companies ~ .totals", "Unieke bedrijven")
	// circulair under innovatie, which rolls it up.
	b.wantText("#s-theme + .chart-and-table tbody tr.rollup th", "innovatie (met subthema's)")
	b.wantText("#s-theme + .chart-and-table tbody th.level-1", "circulair")
	if strings.Contains(b.text("#s-ideas + ul"), "Warmtenet") {
		t.Error("the report lists an idea not supported")
	}
	b.checkAccessibility("/beheer/rapportage with outcomes")

	otherPath := base + "/beheer/ideeen/" + other["id"].(string)
	for _, u := range []string{base + "/beheer/ideeen", otherPath, base + ideaPath, base + measurePath, confirmURL,
		base + "/beheer/rapportage?programmeId=" + progID} {
		b.checkNarrow(u)
	}
	b.open(otherPath + "?lang=en")
	b.wantText("main", "Take under consideration")
	b.checkAccessibility("an idea in English")
	b.open(base + "/beheer/rapportage?lang=en&programmeId=" + progID)
	b.wantText("#s-indicators + .table-wrap", "30% of target")
	b.checkAccessibility("the report in English")
	if dir := os.Getenv("PLEIN_SCREENSHOTS"); dir != "" {
		screenshots(t, b, dir, map[string]string{"console-report": base + "/beheer/rapportage?programmeId=" + progID,
			"console-idea": otherPath})
	}
}
