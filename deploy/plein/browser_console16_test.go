package plein_test

import (
	"fmt"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	cdp "github.com/chromedp/chromedp"
)

// TestBrowserOrganisationsProgrammeAndEventContent is issue 16's console
// in a real browser, by keyboard: an administrator adds an organisation
// on /beheer/organisaties; an organiser of it adds a contact, an area and
// an outcome indicator to the programme the organisation owns, then
// creates an event of the programme with an area ticked, an agenda item
// and a material. The services hold what was entered; axe-core finds
// nothing serious on any page; none scrolls sideways at 320 px.
func TestBrowserOrganisationsProgrammeAndEventContent(t *testing.T) {
	chromium, axe := browserTools(t)
	base := startPlein(t)
	admin := signIn(t, base, adminEmail, adminPassword)
	b := &tab{t: t, ctx: newBrowser(t, chromium), axe: axe}
	loc := amsterdam(t)
	year := time.Now().In(loc).Format("2006")

	// The administrator adds Velsen by keyboard: the kind's first choice
	// is a municipality.
	b.signInByKeyboard(base, adminEmail, adminPassword, ".staff-nav")
	b.press(`.staff-nav a[href="/beheer/organisaties"]`, "#name")
	b.checkAccessibility("/beheer/organisaties as an administrator")
	b.do(cdp.SendKeys(cdp.ID("name"), "Gemeente Velsen"), cdp.SendKeys(cdp.ID("code"), "gm0453"))
	if v := run(b, cdp.Value(cdp.ID("kind"))); v != "municipality" {
		t.Fatalf("kind %q", v)
	}
	b.press("#code", ".notice-success")
	b.wantText(".notice-success", "De organisatie is toegevoegd.")
	b.wantText("main table", "GM0453")
	b.checkAccessibility("/beheer/organisaties with the organisation added")
	b.checkNarrow(base + "/beheer/organisaties")
	b.open(base + "/beheer")
	b.signOut()

	var velsen string
	for _, o := range admin.must(http.StatusOK, "GET", "/api/v1/organisations", nil)["items"].([]any) {
		if o := o.(map[string]any); o["name"] == "Gemeente Velsen" {
			velsen = o["id"].(string)
		}
	}
	if velsen == "" {
		t.Fatal("Gemeente Velsen is not among the organisations")
	}
	pass := "a long enough password"
	admin.must(http.StatusCreated, "POST", "/api/v1/users", map[string]any{"email": "velsen@example.nl", "name": "Vera Velsen",
		"password": pass, "roles": []string{"organiser"}, "organisationIds": []string{velsen}})
	prog := admin.must(http.StatusCreated, "POST", "/api/v1/programmes", map[string]any{"name": "Economie Velsen",
		"municipality": "Velsen", "themes": []string{"haven", "energie"}, "startsOn": year + "-01-01", "endsOn": year + "-12-31",
		"ownerOrganisationIds": []string{velsen}})
	progID := prog["id"].(string)
	org := signIn(t, base, "velsen@example.nl", pass)

	// The organiser adds a contact, an area and an indicator.
	b.signInByKeyboard(base, "velsen@example.nl", pass, ".staff-nav")
	b.open(base + "/beheer/programmas/" + progID)
	b.checkAccessibility("the programme form")
	b.do(
		cdp.SendKeys(cdp.ID("areas"), "Havengebied"),
		cdp.SendKeys(cdp.ID("contactName-1"), "Wil Wethouder"),
		cdp.SendKeys(cdp.ID("contactRole-1"), "wethouder"),
		cdp.SendKeys(cdp.ID("contactEmail-1"), "wethouder@velsen.nl"),
		cdp.Focus(cdp.ID("contactPublic-1")), cdp.KeyEvent(" "),
		cdp.SendKeys(cdp.ID("indicatorLabel-1"), "Nieuwe banen"),
		cdp.SendKeys(cdp.ID("indicatorTarget-1"), "40"),
	)
	b.press("#indicatorTarget-1", ".notice-success")
	b.wantText(".notice-success", "De wijzigingen zijn opgeslagen.")
	got := org.must(http.StatusOK, "GET", "/api/v1/programmes/"+progID, nil)
	contacts, _ := got["contacts"].([]any)
	indicators, _ := got["indicators"].([]any)
	if fmt.Sprint(got["areas"]) != "[Havengebied]" || len(contacts) != 1 || len(indicators) != 1 {
		t.Fatalf("the programme holds areas %v, contacts %v, indicators %v", got["areas"], got["contacts"], got["indicators"])
	}
	if c := contacts[0].(map[string]any); c["name"] != "Wil Wethouder" || c["role"] != "wethouder" || c["email"] != "wethouder@velsen.nl" || c["public"] != true {
		t.Errorf("contact %v", c)
	}
	if in := indicators[0].(map[string]any); in["key"] != "nieuwe-banen" || in["label"] != "Nieuwe banen" || in["unit"] != "count" || in["target"] != 40.0 {
		t.Errorf("indicator %v", in)
	}
	if fmt.Sprint(got["ownerOrganisationIds"]) != "["+velsen+"]" {
		t.Errorf("owners %v after the save", got["ownerOrganisationIds"])
	}
	b.open(base + "/beheer/programmas/" + progID)
	b.checkAccessibility("the programme form filled in")
	if dir := os.Getenv("PLEIN_SCREENSHOTS"); dir != "" {
		screenshots(t, b, dir, map[string]string{"console-programme": base + "/beheer/programmas/" + progID})
		b.open(base + "/beheer?lang=nl") // the screenshots left English chosen
	}
	b.checkNarrow(base + "/beheer/programmas/" + progID)

	// An event of the programme: an area of the programme ticked, an
	// agenda item and a material; the times through their value (a time
	// input's segments follow the browser's locale).
	day := time.Now().In(loc).AddDate(0, 0, 3).Format(time.DateOnly)
	eventually(t, 10*time.Second, "the programme's area on the event form", func() bool {
		b.open(base + "/beheer/evenementen/nieuw?programmeId=" + progID)
		return strings.Contains(run(b, cdp.Text(cdp.CSS("#event-form"))), "Havengebied")
	})
	b.checkAccessibility("the event form of a programme")
	b.do(
		cdp.SendKeys(cdp.ID("title"), "Havendag"),
		cdp.SendKeys(cdp.ID("location"), "Haven 1, IJmuiden"),
		cdp.SendKeys(cdp.ID("capacity"), "40"),
		cdp.SetValue(cdp.ID("startsAt"), day+"T09:00"),
		cdp.SetValue(cdp.ID("endsAt"), day+"T12:00"),
		cdp.Focus(cdp.ID("areas-0")), cdp.KeyEvent(" "),
		cdp.SetValue(cdp.ID("agendaStartsAt-1"), "09:30"),
		cdp.SendKeys(cdp.ID("agendaTitle-1"), "Opening door de wethouder"),
		cdp.SendKeys(cdp.ID("agendaSpeaker-1"), "Wil Wethouder"),
		cdp.SendKeys(cdp.ID("materialTitle-1"), "Presentatie"),
		cdp.SendKeys(cdp.ID("materialUrl-1"), "https://velsen.nl/havendag.pdf"),
	)
	b.press(`#event-form button[type="submit"]:not([name])`, "h1")
	if summary := run(b, cdp.Evaluate[string](`(document.querySelector(".error-summary") || {}).innerText || ""`)); summary != "" {
		t.Fatalf("the event form was refused: %s", summary)
	}
	b.wantText(".notice-success", "Het evenement is aangemaakt als concept.")
	eventPath := strings.TrimPrefix(strings.SplitN(run(b, cdp.Location()), "?", 2)[0], base)
	ev := org.must(http.StatusOK, "GET", "/api/v1/events/"+strings.TrimPrefix(eventPath, "/beheer/evenementen/"), nil)
	agenda, _ := ev["agenda"].([]any)
	materials, _ := ev["materials"].([]any)
	if fmt.Sprint(ev["areas"]) != "[Havengebied]" || len(agenda) != 1 || len(materials) != 1 {
		t.Fatalf("the event holds areas %v, agenda %v, materials %v", ev["areas"], ev["agenda"], ev["materials"])
	}
	item := agenda[0].(map[string]any)
	at, err := time.Parse(time.RFC3339, item["startsAt"].(string))
	if err != nil || at.In(loc).Format("2006-01-02 15:04") != day+" 09:30" || item["title"] != "Opening door de wethouder" {
		t.Errorf("agenda item %v", item)
	}
	if m := materials[0].(map[string]any); m["url"] != "https://velsen.nl/havendag.pdf" || m["title"] != "Presentatie" {
		t.Errorf("material %v", m)
	}
	b.checkAccessibility("the event with its content")
	if v := run(b, cdp.Value(cdp.ID("agendaTitle-1"))); v != "Opening door de wethouder" {
		t.Errorf("the event's page shows agenda item %q", v)
	}
	if v := run(b, cdp.Value(cdp.ID("agendaStartsAt-1"))); v != "09:30" {
		t.Errorf("the event's page shows the agenda item at %q", v)
	}
	for _, u := range []string{base + eventPath, base + "/beheer/evenementen/nieuw?programmeId=" + progID} {
		b.checkNarrow(u)
	}
	// The organiser reads the organisations, adds none.
	b.open(base + "/beheer/organisaties")
	b.wantText("main table", "Gemeente Velsen (uw organisatie)")
	if n := run(b, cdp.Evaluate[int](`document.querySelectorAll('form[action="/beheer/organisaties"]').length`)); n != 0 {
		t.Errorf("an organiser is offered the create form")
	}
	b.checkAccessibility("/beheer/organisaties as an organiser")
}
