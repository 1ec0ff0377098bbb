package plein_test

import (
	"net/http"
	"testing"
	"time"

	cdp "github.com/chromedp/chromedp"
)

// TestBrowserPortalAndAccount is, in a real browser and by keyboard, an
// ambassador proposing an event from the portal, changing an activity and
// deleting it after the confirmation step, and an organiser turning the
// daily digest on at /beheer/account. axe-core finds nothing serious on
// these pages; none scrolls sideways at 320 px.
func TestBrowserPortalAndAccount(t *testing.T) {
	chromium, axe := browserTools(t)
	base := startPlein(t)
	admin := signIn(t, base, adminEmail, adminPassword)
	year := time.Now().Format("2006")
	prog := admin.must(http.StatusCreated, "POST", "/api/v1/programmes", map[string]any{"name": "Smart Industry",
		"municipality": "Rotterdam", "themes": []string{"innovatie"}, "startsOn": year + "-01-01", "endsOn": year + "-12-31"})
	var amb map[string]any
	eventually(t, 10*time.Second, "the ambassador appointed", func() bool {
		r := admin.do("POST", "/api/v1/programmes/"+prog["id"].(string)+"/ambassadors", map[string]any{"name": "Anouk de Vries",
			"email": "anouk@example.nl", "appointedOn": year + "-01-01", "termEndsOn": year + "-12-31"})
		if r.Status == http.StatusCreated {
			amb = r.json(t)
		}
		return amb != nil
	})
	admin.must(http.StatusCreated, "POST", "/api/v1/users", map[string]any{"email": "anouk@example.nl", "name": "Anouk de Vries",
		"password": "een lang genoeg wachtwoord", "roles": []string{"ambassador"}, "ambassadorId": amb["id"]})
	anouk := signIn(t, base, "anouk@example.nl", "een lang genoeg wachtwoord")
	act := anouk.must(http.StatusCreated, "POST", "/api/v1/ambassadors/"+amb["id"].(string)+"/activities", map[string]any{
		"kind": "company-visit", "occurredOn": time.Now().Format(time.DateOnly), "summary": "Bezoek aan de haven"})
	actPath := "/ambassadeur/activiteiten/" + act["id"].(string)

	b := &tab{t: t, ctx: newBrowser(t, chromium), axe: axe}
	b.signInByKeyboard(base, "anouk@example.nl", "een lang genoeg wachtwoord", `main a[href="/ambassadeur/evenementen/voorstellen"]`)

	// Propose an event.
	b.press(`main a[href="/ambassadeur/evenementen/voorstellen"]`, "#title")
	b.checkAccessibility("/ambassadeur/evenementen/voorstellen")
	start := time.Now().AddDate(0, 0, 14).Format("2006-01-02")
	b.do(
		cdp.SendKeys(cdp.ID("title"), "Ronde tafel logistiek"),
		cdp.SendKeys(cdp.ID("location"), "RDM, Rotterdam"),
		cdp.SetValue(cdp.ID("startsAt"), start+"T16:00"),
		cdp.SetValue(cdp.ID("endsAt"), start+"T18:00"),
		cdp.SendKeys(cdp.ID("capacity"), "25"),
	)
	b.press(`form.form button[type="submit"]`, ".notice-success")
	b.wantText(".notice-success", "Uw voorstel is verstuurd.")

	// Change the activity, then delete it.
	b.press(`main a[href="`+actPath+`"]`, "#summary")
	b.checkAccessibility(actPath)
	b.do(cdp.Clear(cdp.ID("summary")), cdp.SendKeys(cdp.ID("summary"), "Bezoek aan de haven met drie bedrijven"))
	b.press(`form.form button[type="submit"]`, ".notice-success")
	b.wantText(".notice-success", "Uw activiteit is gewijzigd.")
	b.wantText("main table", "Bezoek aan de haven met drie bedrijven")
	b.open(base + actPath)
	b.press(`main a[href="`+actPath+`/verwijderen"]`, "form.form button.button-warning")
	b.checkAccessibility(actPath + "/verwijderen")
	b.press(`form.form button.button-warning`, ".notice-success")
	b.wantText(".notice-success", "Uw activiteit is verwijderd.")
	for _, u := range []string{base + "/ambassadeur/evenementen/voorstellen", base + actPath + "/verwijderen"} {
		b.checkNarrow(u)
	}
	b.open(base + "/ambassadeur")
	b.signOut()

	// The organiser turns the digest on.
	b.signInByKeyboard(base, adminEmail, adminPassword, "main")
	b.open(base + "/beheer/account")
	b.checkAccessibility("/beheer/account")
	b.do(cdp.Focus(cdp.ID("digest")), cdp.KeyEvent(" "))
	b.press(`form.form button[type="submit"]`, `p[role="status"]`)
	b.wantText(`p[role="status"]`, "Je instellingen zijn opgeslagen.")
	b.checkNarrow(base + "/beheer/account")
	if me := admin.must(http.StatusOK, "GET", "/api/v1/me", nil); me["digest"] != true {
		t.Errorf("after saving the account page: %v", me)
	}
}
