package plein_test

import (
	"context"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	cdp "github.com/chromedp/chromedp"
)

// signInByKeyboard fills in /inloggen and sends it with Enter.
func (b *tab) signInByKeyboard(base, email, password, landing string) {
	b.t.Helper()
	b.open(base + "/inloggen")
	b.do(cdp.SendKeys(cdp.ID("email"), email), cdp.SendKeys(cdp.ID("password"), password))
	// Enter in the password field submits the form. press waits for the
	// page after it: landing may be on the sign-in page too ("main"), and
	// opening another page before the answer has set the session cookie
	// would cancel the sign-in.
	b.press("#password", landing)
}

// signOut presses the sign-out button in the header.
func (b *tab) signOut() {
	b.t.Helper()
	b.press(".sign-out button", ".notice-success")
	b.wantText(".notice-success", "U bent uitgelogd.")
}

// press focuses an element and presses Enter on it (a form's submit:
// every one leads to a new page), then waits for sel on the new page. The
// page pressed on is marked first: it may hold sel too (the notice of the
// step before), and waiting on it would race the navigation away from it.
func (b *tab) press(target, sel string) {
	b.t.Helper()
	b.do(cdp.Evaluate[cdp.Void]("void (window.pleinPressed = true)"), cdp.Focus(cdp.CSS(target)), cdp.KeyEvent("\r"))
	ctx, cancel := context.WithTimeout(b.ctx, 20*time.Second)
	defer cancel()
	for {
		// Errors while the page changes (no document yet) mean "not yet".
		left, err := cdp.Run(ctx, cdp.Evaluate[bool](`window.pleinPressed !== true && document.readyState !== "loading"`))
		if err == nil && left {
			break
		}
		if ctx.Err() != nil {
			b.t.Fatalf("browser: pressing %s led to no new page", target)
		}
		time.Sleep(20 * time.Millisecond)
	}
	b.do(cdp.WaitVisible(cdp.CSS(sel)))
}

// TestBrowserConsoleJourney is the organiser's and the ambassador's work
// in a real browser, by keyboard: the organiser signs in, creates an event
// in a room and publishes it, meets a room conflict with the room's free
// slots, opens the attendees of the event and checks one in by code; an
// invited ambassador activates the account, signs in and logs an
// activity; the organiser approves it in the review queue and the report
// shows it. axe-core finds nothing serious on any page visited; the pages
// do not scroll sideways at 320 px.
func TestBrowserConsoleJourney(t *testing.T) {
	chromium, axe := browserTools(t)
	dataDir := t.TempDir()
	base := startPlein(t, "-data-dir", dataDir)
	org := signIn(t, base, adminEmail, adminPassword)
	b := &tab{t: t, ctx: newBrowser(t, chromium), axe: axe}
	loc := amsterdam(t)
	year := time.Now().In(loc).Format("2006")
	prog := org.must(http.StatusCreated, "POST", "/api/v1/programmes", map[string]any{
		"name": "Smart Industry", "municipality": "Rotterdam", "themes": []string{"innovatie", "circulaire economie"},
		"startsOn": year + "-01-01", "endsOn": year + "-12-31",
		"targets": []map[string]any{{"metric": "activities", "value": 10, "scope": "ambassador", "period": "year"}}})
	venue := org.must(http.StatusCreated, "POST", "/api/v1/venues", map[string]any{"name": "Ondernemersplein", "city": "Rotterdam"})
	org.must(http.StatusCreated, "POST", "/api/v1/venues/"+venue["id"].(string)+"/rooms",
		map[string]any{"name": "Zaal 1", "capacity": 40, "setupMinutes": 15})
	day := time.Now().In(loc).AddDate(0, 0, 2).Format(time.DateOnly)

	// Sign in; the console opens on the overview.
	b.open(base + "/inloggen")
	b.checkAccessibility("/inloggen")
	b.signInByKeyboard(base, adminEmail, adminPassword, ".staff-nav")
	b.wantText("h1", "Overzicht")
	b.do(cdp.KeyEvent("\t"))
	if got := run(b, cdp.Evaluate[string]("document.activeElement.className")); got != "skip-link" {
		t.Errorf("first Tab reaches %q, want the skip link", got)
	}
	b.checkAccessibility("/beheer")

	// A new event in the room, by keyboard; the times through their value
	// (a datetime-local input's segments follow the browser's locale).
	b.open(base + "/beheer/evenementen/nieuw")
	b.checkAccessibility("/beheer/evenementen/nieuw")
	newEvent := func(title, start, end string) {
		b.do(
			cdp.SendKeys(cdp.ID("title"), title),
			cdp.Focus(cdp.ID("roomId")), cdp.KeyEvent("O"),
			cdp.SetValue(cdp.ID("startsAt"), day+"T"+start),
			cdp.SetValue(cdp.ID("endsAt"), day+"T"+end),
			cdp.SendKeys(cdp.ID("capacity"), "20"),
			cdp.Focus(cdp.ID("themes-0")), cdp.KeyEvent(" "),
		)
		if v := run(b, cdp.Value(cdp.ID("roomId"))); v == "" {
			t.Fatal("typing in the room list chose no room")
		}
		b.press(`#event-form button[type="submit"]:not([name])`, "h1")
	}
	newEvent("Smart Industry ontbijtsessie", "09:00", "11:00")
	b.wantText(".notice-success", "Het evenement is aangemaakt als concept.")
	eventURL := run(b, cdp.Location())
	eventPath := strings.TrimPrefix(strings.SplitN(eventURL, "?", 2)[0], base)
	b.checkAccessibility("an event in the console")
	b.press("#publish", ".notice-success")
	b.wantText(".notice-success", "Aanmelden kan nu.")

	// The same room again within the set-up time: the conflict names the
	// event, and the room's free slots are offered.
	b.open(base + "/beheer/evenementen/nieuw")
	newEvent("Werkgroep circulair", "11:05", "12:00")
	b.wantText(".error-summary", "Deze zaal is dan al bezet door ‘Smart Industry ontbijtsessie’")
	b.wantText("#free-slots", "Vrije tijden in deze zaal")
	b.checkAccessibility("the event form with a room conflict")

	// An attendee registers; the organiser sees the list and checks her in.
	eventID := strings.TrimPrefix(eventPath, "/beheer/evenementen/")
	var reg map[string]any
	eventually(t, 10*time.Second, "registration open", func() bool {
		r := org.do("POST", "/api/v1/events/"+eventID+"/registrations", map[string]any{"name": "Anna de Vries",
			"email": "anna@example.nl", "consent": true})
		if r.Status == http.StatusCreated {
			reg = r.json(t)
		}
		return r.Status == http.StatusCreated
	})
	got := org.must(http.StatusOK, "GET", "/api/v1/registrations/"+reg["id"].(string), nil)
	b.open(base + eventPath + "/deelnemers")
	b.wantText("tbody", "Anna de Vries")
	b.checkAccessibility("the attendees")
	b.open(base + eventPath + "/inchecken")
	b.checkAccessibility("check-in")
	b.do(cdp.SendKeys(cdp.ID("code"), strings.ToLower(got["checkInCode"].(string))+"\r"), cdp.WaitVisible(cdp.CSS("#checkin-result .notice")))
	b.wantText("#checkin-result", "Anna de Vries is ingecheckt om")
	b.checkAccessibility("check-in done")
	checkIn := base + eventPath + "/inchecken"

	progPath := "/beheer/programmas/" + prog["id"].(string)
	for _, p := range []string{"/beheer/evenementen", "/beheer/zalen", "/beheer/programmas", "/beheer/programmas/nieuw", progPath,
		progPath + "/ambassadeurs/nieuw", progPath + "/afsluiten", eventPath + "/vragen", "/beheer/e-mails", "/beheer/e-mails?eventId=" + eventID} {
		b.open(base + p)
		b.checkAccessibility(p)
	}
	// A question for the registration form, and Anna's confirmation in the
	// e-mail log.
	b.open(base + eventPath + "/vragen")
	b.do(cdp.SendKeys(cdp.ID("questionLabel-1"), "Dieetwensen"))
	b.press(`#questions-form button[type="submit"]:not([name])`, ".notice-success")
	b.wantText(".notice-success", "De vragen zijn opgeslagen.")
	b.checkAccessibility("the questions saved")
	eventually(t, 10*time.Second, "the confirmation in the e-mail log", func() bool {
		b.open(base + "/beheer/e-mails?eventId=" + eventID)
		return strings.Contains(run(b, cdp.Text(cdp.CSS("main"))), "anna@example.nl")
	})
	// An ambassador of the programme, invited.
	amb := org.must(http.StatusCreated, "POST", "/api/v1/programmes/"+prog["id"].(string)+"/ambassadors", map[string]any{
		"name": "Anouk de Vries", "email": "anouk@example.nl", "organisation": "RDM Makerspace",
		"appointedOn": year + "-01-01", "termEndsOn": year + "-12-31"})
	inv := org.must(http.StatusCreated, "POST", "/api/v1/invitations", map[string]any{"email": "anouk@example.nl",
		"name": "Anouk de Vries", "roles": []string{"ambassador"}, "ambassadorId": amb["id"]})
	consoleShots := map[string]string{"console-overview": base + "/beheer", "console-rooms": base + "/beheer/zalen", "console-checkin": checkIn}
	for _, u := range []string{base + "/beheer", base + "/beheer/evenementen/nieuw", base + "/beheer/zalen", checkIn, base + eventPath + "/deelnemers",
		base + "/beheer/programmas/nieuw", base + eventPath + "/vragen", base + "/beheer/e-mails"} {
		b.checkNarrow(u)
	}
	if dir := os.Getenv("PLEIN_SCREENSHOTS"); dir != "" {
		screenshots(t, b, dir, consoleShots)
		b.open(base + "/beheer?lang=nl") // the screenshots left English chosen
	}
	b.open(base + "/beheer")
	b.signOut()

	// The ambassador activates the account and logs an activity.
	if inv["mailed"] != true {
		t.Fatalf("invitation %v", inv)
	}
	link := mailedLink(t, dataDir, "anouk@example.nl", "/account/activeren")
	b.open(base + link.RequestURI())
	b.checkAccessibility("/account/activeren")
	b.do(
		cdp.SendKeys(cdp.ID("password"), "een lang genoeg wachtwoord"),
		cdp.SendKeys(cdp.ID("passwordConfirm"), "een lang genoeg wachtwoord"),
	)
	b.press("#passwordConfirm", ".notice-success")
	b.wantText(".notice-success", "Uw account is klaar.")
	b.signInByKeyboard(base, "anouk@example.nl", "een lang genoeg wachtwoord", ".targets")
	b.wantText("h1", "Welkom, Anouk de Vries")
	b.checkAccessibility("/ambassadeur")
	b.press(`main a.button[href="/ambassadeur/activiteiten/nieuw"]`, "#summary")
	b.checkAccessibility("/ambassadeur/activiteiten/nieuw")
	b.do(
		cdp.SendKeys(cdp.ID("summary"), "Bezoek aan een toeleverancier in de haven"),
		cdp.SendKeys(cdp.ID("durationMinutes"), "90"),
		cdp.SendKeys(cdp.ID("entrepreneursReached"), "3"),
		cdp.Focus(cdp.ID("themes-0")), cdp.KeyEvent(" "),
	)
	b.press(`form.form button[type="submit"]`, ".notice-success")
	b.wantText(".notice-success", "Uw activiteit is vastgelegd.")
	b.wantText("main table", "Wacht op beoordeling")
	for _, u := range []string{base + "/ambassadeur", base + "/ambassadeur/activiteiten/nieuw"} {
		b.checkNarrow(u)
	}
	if dir := os.Getenv("PLEIN_SCREENSHOTS"); dir != "" {
		screenshots(t, b, dir, map[string]string{"portal": base + "/ambassadeur"})
		b.open(base + "/ambassadeur?lang=nl")
	}
	b.open(base + "/ambassadeur")
	b.signOut()

	// The organiser approves it; the report counts it.
	b.signInByKeyboard(base, adminEmail, adminPassword, ".staff-nav")
	b.open(base + "/beheer/beoordelen")
	b.wantText(".review-list", "Bezoek aan een toeleverancier in de haven")
	b.checkAccessibility("/beheer/beoordelen")
	b.press(`.review-form button[value="approve"]`, ".notice-success")
	b.wantText(".notice-success", "goedgekeurd")
	b.open(base + "/beheer/rapportage")
	b.wantText("#s-ambassador + .chart-and-table", "Anouk de Vries")
	b.checkAccessibility("/beheer/rapportage")
	b.checkNarrow(base + "/beheer/rapportage")
	b.open(base + "/beheer?lang=en")
	b.wantText("h1", "Overview")
	b.checkAccessibility("/beheer in English")
}
