package plein_test

import (
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	cdp "github.com/chromedp/chromedp"
)

// TestBrowserIdeasAndEventContent is issue 16's public pages in a real
// browser, by keyboard: an entrepreneur opens /ideeen, chooses a
// programme, sends an idea without consent (the error is announced, the
// values kept), then with it, and the organiser finds the idea with its
// KvK number; a visitor opens an event page with its programme of the
// day, materials and public contacts, and registers with a KvK number
// typed with dots (a wrong one first). axe-core finds nothing serious;
// no page scrolls sideways at 320 px. Private contacts never show.
func TestBrowserIdeasAndEventContent(t *testing.T) {
	chromium, axe := browserTools(t)
	base := startPlein(t)
	org := signIn(t, base, adminEmail, adminPassword)
	anon := &client{t: t, base: base, http: &http.Client{Timeout: 10 * time.Second}}
	b := &tab{t: t, ctx: newBrowser(t, chromium), axe: axe}
	loc := amsterdam(t)
	year := time.Now().In(loc).Format("2006")
	prog := org.must(http.StatusCreated, "POST", "/api/v1/programmes", map[string]any{
		"name": "Smart Industry", "municipality": "Rotterdam", "startsOn": year + "-01-01", "endsOn": year + "-12-31",
		"description": "Smart Industry helpt de maakindustrie in de regio digitaliseren, met werkplaatsen, bedrijfsbezoeken en ambassadeurs.",
		"themes":      []string{"innovatie", "circulaire economie"}, "areas": []string{"Havens", "Binnenstad"},
		"contacts": []map[string]any{
			{"name": "Mira de Vries", "role": "programmamanager", "email": "mira@rotterdam.example", "phone": "010 123 45 67", "public": true},
			{"name": "Verborgen Wethouder", "role": "wethouder", "email": "verborgen@rotterdam.example", "public": false},
		}})
	progID := prog["id"].(string)

	// /ideeen: the programme with its public contact only.
	b.open(base + "/ideeen")
	b.wantText("h1", "Uw idee voor de economie van uw gemeente")
	b.wantText(".programme-card", "Mira de Vries")
	if strings.Contains(b.text("main"), "Verborgen") {
		t.Error("/ideeen shows a private contact")
	}
	b.checkAccessibility("/ideeen")

	// Choose the programme by keyboard; send the idea without consent.
	b.press(`.programme-card a.button[href="/ideeen/`+progID+`"]`, "form.idea-form")
	b.wantText("h1", "Idee indienen voor Smart Industry")
	b.checkAccessibility("the idea form")
	b.do(
		cdp.SendKeys(cdp.ID("name"), "Anna de Vries"),
		cdp.SendKeys(cdp.ID("email"), "anna@example.nl"),
		cdp.SendKeys(cdp.ID("organisation"), "De Vries Metaal"),
		cdp.SendKeys(cdp.ID("kvkNumber"), "1234 56.78"),
		cdp.SendKeys(cdp.ID("title"), "Gedeelde lasrobot"),
		cdp.SendKeys(cdp.ID("description"), "Drie werkplaatsen delen een lasrobot en de opleiding ervoor."),
		cdp.Focus(cdp.ID("themes-0")), cdp.KeyEvent(" "),
	)
	b.press(`form.idea-form button[type="submit"]`, ".error-summary")
	b.wantText(".error-summary", "Geef toestemming om uw idee in te dienen.")
	b.wantText("#consent-error", "Geef toestemming")
	if v := run(b, cdp.Value(cdp.ID("title"))); v != "Gedeelde lasrobot" {
		t.Errorf("title after the error: %q", v)
	}
	if !run(b, cdp.Evaluate[bool](`document.getElementById("themes-0").checked`)) {
		t.Error("the theme chosen is not kept")
	}
	b.checkAccessibility("the idea form with errors")
	b.do(cdp.Focus(cdp.ID("consent")), cdp.KeyEvent(" "))
	b.press(`form.idea-form button[type="submit"]`, ".notice-success h1")
	b.wantText(".notice-success h1", "Bedankt, we hebben uw idee ontvangen")
	b.wantText("main", "anna@example.nl")
	b.checkAccessibility("the thanks for an idea")

	// The organiser has it, with the KvK number without its spaces and dots.
	ideas := org.must(http.StatusOK, "GET", "/api/v1/programmes/"+progID+"/ideas", nil)["items"].([]any)
	if len(ideas) != 1 {
		t.Fatalf("ideas %v", ideas)
	}
	idea := ideas[0].(map[string]any)
	if idea["title"] != "Gedeelde lasrobot" || idea["kvkNumber"] != "12345678" || idea["language"] != "nl" ||
		len(idea["themes"].([]any)) != 1 || idea["themes"].([]any)[0] != "innovatie" {
		t.Errorf("idea %v", idea)
	}

	// An event with its content.
	day := time.Now().In(loc).AddDate(0, 0, 3)
	start := time.Date(day.Year(), day.Month(), day.Day(), 9, 30, 0, 0, loc).UTC()
	ev := org.must(http.StatusCreated, "POST", "/api/v1/events", map[string]any{
		"title": "Lasrobot in de praktijk", "programmeId": progID, "location": "RDM Campus, Rotterdam", "capacity": 10,
		"themes": []string{"innovatie"}, "areas": []string{"Havens"},
		"startsAt": start.Format(time.RFC3339), "endsAt": start.Add(3 * time.Hour).Format(time.RFC3339),
		"agenda": []map[string]any{
			{"startsAt": start.Add(45 * time.Minute).Format(time.RFC3339), "title": "Demonstratie", "speaker": "Petra Visser"},
			{"startsAt": start.Format(time.RFC3339), "title": "Ontvangst met koffie"},
		},
		"materials": []map[string]any{{"title": "Programma (pdf)", "url": "https://example.org/programma.pdf"}},
		"contacts": []map[string]any{
			{"name": "Jan Jansen", "role": "accountmanager", "email": "jan@rotterdam.example", "public": true},
			{"name": "Niet Publiek", "role": "contact", "phone": "06 12345678", "public": false},
		}})
	eventID := ev["id"].(string)
	org.must(http.StatusOK, "POST", "/api/v1/events/"+eventID+"/publish", map[string]any{})
	eventually(t, 10*time.Second, "event known to registrations", func() bool {
		return anon.do("GET", "/api/v1/events/"+eventID+"/questions", nil).Status == http.StatusOK
	})
	eventPath := "/evenementen/" + eventID
	b.open(base + eventPath)
	b.wantText("h1", "Lasrobot in de praktijk")
	first := start.In(loc).Format("15:04")
	// In order of time, the times in Amsterdam.
	b.wantText(".day-programme li:first-child time", first)
	b.wantText(".day-programme li:first-child", "Ontvangst met koffie")
	b.wantText(".day-programme li:last-child time", start.Add(45*time.Minute).In(loc).Format("15:04"))
	b.wantText(".day-programme li:last-child", "door Petra Visser")
	b.wantText(".materials", "Programma (pdf)")
	b.wantText(".contacts", "Jan Jansen")
	b.wantText(".meta", "Havens")
	if strings.Contains(b.text("main"), "Niet Publiek") {
		t.Error("the event page shows a private contact")
	}
	b.checkAccessibility("the event page with its content")

	// Register with a wrong KvK number, then a right one typed with dots.
	b.do(
		cdp.SendKeys(cdp.ID("name"), "Bram Jansen"),
		cdp.SendKeys(cdp.ID("email"), "bram@example.nl"),
		cdp.SendKeys(cdp.ID("kvkNumber"), "1234"),
		cdp.Focus(cdp.ID("consent")), cdp.KeyEvent(" "),
	)
	b.press(`form.form button[type="submit"]`, ".error-summary")
	b.wantText("#kvkNumber-error", "Een KvK-nummer heeft 8 cijfers")
	b.checkAccessibility("the registration form with a wrong KvK number")
	b.do(cdp.Evaluate[cdp.Void](`void (document.getElementById("kvkNumber").value = "")`), cdp.SendKeys(cdp.ID("kvkNumber"), "87.65.43.21"))
	b.press(`form.form button[type="submit"]`, ".notice-success h1")
	b.wantText(".notice-success h1", "U bent aangemeld")
	regs := org.must(http.StatusOK, "GET", "/api/v1/events/"+eventID+"/registrations", nil)["items"].([]any)
	if len(regs) != 1 || regs[0].(map[string]any)["kvkNumber"] != "87654321" {
		t.Errorf("registrations %v", regs)
	}

	for _, u := range []string{base + "/ideeen", base + "/ideeen/" + progID, base + eventPath} {
		b.checkNarrow(u)
	}
	if dir := os.Getenv("PLEIN_SCREENSHOTS"); dir != "" {
		screenshots(t, b, dir, map[string]string{"ideas": base + "/ideeen", "event-content": base + eventPath})
	}
}
