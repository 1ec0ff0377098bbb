package plein_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"
)

// signInPage signs a web visitor in through /inloggen and returns where
// it was sent.
func signInPage(t *testing.T, v *webVisitor, email, password string) string {
	t.Helper()
	r := v.post("/inloggen", url.Values{"email": {email}, "password": {password}})
	if r.Status != http.StatusSeeOther {
		t.Fatalf("sign in %s: %d\n%s", email, r.Status, r.Body)
	}
	return r.Header.Get("Location")
}

// postFrom sends a form to path with the CSRF token of the page at from,
// as a browser sends a button's form of that page.
func (v *webVisitor) postFrom(from, path string, fields url.Values) response {
	v.t.Helper()
	page := v.do("GET", from, nil)
	m := formToken.FindSubmatch(page.Body)
	if m == nil {
		v.t.Fatalf("GET %s: %d, no form\n%s", from, page.Status, page.Body)
	}
	fields.Set("csrf", string(m[1]))
	return v.do("POST", path, fields)
}

var reviewAction = regexp.MustCompile(`action="/beheer/beoordelen/([^"]+)"`)

// TestInvitedAmbassadorLogsAndOrganiserApproves is the accounts journey
// through the all-in-one: the organiser invites an ambassador through the
// API, who activates the account through the emailed link's page, signs
// in, and logs an activity in the portal; the organiser approves it in the
// review queue and the report counts it. Then the tokens and the account
// are managed through the API.
func TestInvitedAmbassadorLogsAndOrganiserApproves(t *testing.T) {
	dataDir := t.TempDir()
	base := startPlein(t, "-data-dir", dataDir)
	org := signIn(t, base, adminEmail, adminPassword)
	anon := &client{t: t, base: base, http: &http.Client{Timeout: 10 * time.Second}}
	today := time.Now().In(amsterdam(t))
	year := today.Format("2006")
	p := org.must(http.StatusCreated, "POST", "/api/v1/programmes", map[string]any{
		"name": "Smart Industry ambassadeurs", "municipality": "Rotterdam", "themes": []string{"innovatie"},
		"startsOn": year + "-01-01", "endsOn": year + "-12-31",
		"targets": []map[string]any{{"metric": "activities", "value": 10, "scope": "ambassador", "period": "year"}}})
	pid := p["id"].(string)
	amb := org.must(http.StatusCreated, "POST", "/api/v1/programmes/"+pid+"/ambassadors", map[string]any{
		"name": "Anouk de Vries", "email": "anouk@example.nl", "organisation": "RDM Makerspace",
		"appointedOn": year + "-01-01", "termEndsOn": year + "-12-31"})

	// The invitation: e-mailed by the notifications service.
	anon.must(http.StatusUnauthorized, "POST", "/api/v1/invitations", map[string]any{"email": "x@example.nl", "name": "X"})
	inv := org.must(http.StatusCreated, "POST", "/api/v1/invitations", map[string]any{
		"email": "anouk@example.nl", "name": "Anouk de Vries", "roles": []string{"ambassador"}, "ambassadorId": amb["id"]})
	if inv["mailed"] != true {
		t.Fatalf("invitation %v", inv)
	}
	link := mailedLink(t, dataDir, "anouk@example.nl", "/account/activeren")
	userID := inv["user"].(map[string]any)["id"].(string)

	// Activation and sign-in, in the pages.
	anouk := newWebVisitor(t, base)
	wantPage(t, anouk.do("GET", link.RequestURI(), nil), http.StatusOK, "Welkom, Anouk de Vries")
	done := anouk.post(link.RequestURI(), url.Values{"token": {link.Query().Get("token")},
		"password": {"een lang genoeg wachtwoord"}, "passwordConfirm": {"een lang genoeg wachtwoord"}})
	wantPage(t, done, http.StatusSeeOther)
	wantPage(t, anouk.do("GET", link.RequestURI(), nil), http.StatusNotFound)
	if to := signInPage(t, anouk, "anouk@example.nl", "een lang genoeg wachtwoord"); to != "/ambassadeur" {
		t.Fatalf("the ambassador is sent to %q", to)
	}
	wantPage(t, anouk.do("GET", "/ambassadeur", nil), http.StatusOK, "Welkom, Anouk de Vries", "Smart Industry ambassadeurs",
		"0 van 10 goedgekeurd")
	wantPage(t, anouk.do("GET", "/beheer", nil), http.StatusForbidden)

	// The activity, logged in the portal.
	logged := anouk.post("/ambassadeur/activiteiten/nieuw", url.Values{"kind": {"company-visit"},
		"occurredOn": {today.Format(time.DateOnly)}, "durationMinutes": {"90"}, "summary": {"Bezoek aan een toeleverancier"},
		"entrepreneursReached": {"3"}, "organisations": {"Van Dijk Metaal"}, "themes": {"innovatie"}})
	wantPage(t, logged, http.StatusSeeOther)
	wantPage(t, anouk.do("GET", "/ambassadeur", nil), http.StatusOK, "Bezoek aan een toeleverancier", "Wacht op beoordeling")

	// An internal meeting she hosts shows in her portal, with its seats;
	// the events service learns of her from the bus.
	start := today.AddDate(0, 0, 7).Truncate(time.Hour)
	var hosted map[string]any
	eventually(t, 10*time.Second, "the events service to know the ambassador", func() bool {
		r := org.do("POST", "/api/v1/events", map[string]any{"title": "Ambassadeursoverleg Smart Industry",
			"location": "Stadhuis", "capacity": 12, "visibility": "internal", "startsAt": start.Format(time.RFC3339),
			"endsAt": start.Add(time.Hour).Format(time.RFC3339), "hostAmbassadorIds": []string{amb["id"].(string)}})
		if r.Status != http.StatusCreated {
			return false
		}
		hosted = r.json(t)
		return true
	})
	org.must(http.StatusOK, "POST", "/api/v1/events/"+hosted["id"].(string)+"/publish", nil)
	wantPage(t, anouk.do("GET", "/ambassadeur", nil), http.StatusOK, "Evenementen die ik host",
		"Ambassadeursoverleg Smart Industry", "Intern (zaalboeking)", "0 van 12")

	// The organiser approves it in the review queue; the report counts it.
	console := newWebVisitor(t, base)
	if to := signInPage(t, console, adminEmail, adminPassword); to != "/beheer" {
		t.Fatalf("the organiser is sent to %q", to)
	}
	queue := console.do("GET", "/beheer/beoordelen", nil)
	wantPage(t, queue, http.StatusOK, "Bedrijfsbezoek: Anouk de Vries", "Bezoek aan een toeleverancier")
	m := reviewAction.FindSubmatch(queue.Body)
	if m == nil {
		t.Fatal("no activity to review")
	}
	approve := console.postFrom("/beheer/beoordelen", "/beheer/beoordelen/"+string(m[1]), url.Values{"decision": {"approve"}})
	wantPage(t, approve, http.StatusSeeOther)
	wantPage(t, console.do("GET", "/beheer/beoordelen?melding=goedgekeurd", nil), http.StatusOK, "Er wachten geen activiteiten")
	wantPage(t, console.do("GET", "/beheer/rapportage?programmeId="+pid, nil), http.StatusOK,
		`<th scope="row">Anouk de Vries</th><td class="num">1</td>`, `<th scope="row">Bedrijfsbezoek</th><td class="num">1</td>`)
	wantPage(t, anouk.do("GET", "/ambassadeur", nil), http.StatusOK, "Goedgekeurd", "1 van 10 goedgekeurd")

	// Tokens: listed with their last use, revoked by their owner.
	tokens := org.must(http.StatusOK, "GET", "/api/v1/tokens", nil)["items"].([]any)
	if len(tokens) != 1 || tokens[0].(map[string]any)["lastUsedAt"] == nil {
		t.Fatalf("tokens %v", tokens)
	}
	spare := org.must(http.StatusCreated, "POST", "/api/v1/tokens", map[string]any{"name": "export"})
	org.must(http.StatusNoContent, "DELETE", "/api/v1/tokens/"+spare["id"].(string), nil)
	(&client{t: t, base: base, token: spare["token"].(string), http: anon.http}).must(http.StatusUnauthorized, "GET", "/api/v1/me", nil)

	// Deactivated, the ambassador's session ends and sign-in fails alike.
	off := org.must(http.StatusOK, "PATCH", "/api/v1/users/"+userID, map[string]any{"active": false})
	if off["active"] != false {
		t.Fatalf("deactivated %v", off)
	}
	wantPage(t, anouk.do("GET", "/ambassadeur", nil), http.StatusSeeOther)
	r := anouk.post("/inloggen", url.Values{"email": {"anouk@example.nl"}, "password": {"een lang genoeg wachtwoord"}})
	wantPage(t, r, http.StatusUnprocessableEntity, "Het e-mailadres of het wachtwoord klopt niet.")
}

var createdEvent = regexp.MustCompile(`^/beheer/evenementen/([^?/]+)\?melding=aangemaakt$`)

// TestConsoleEventsEndToEnd: the organiser creates an event in a room in
// the console, meets a conflict with the room's free slots when booking
// the same time again, publishes, sees the registrations and checks one
// in by code, against the real services.
func TestConsoleEventsEndToEnd(t *testing.T) {
	base := startPlein(t)
	org := signIn(t, base, adminEmail, adminPassword)
	venue := org.must(http.StatusCreated, "POST", "/api/v1/venues", map[string]any{"name": "Ondernemersplein", "city": "Rotterdam"})
	room := org.must(http.StatusCreated, "POST", "/api/v1/venues/"+venue["id"].(string)+"/rooms",
		map[string]any{"name": "Zaal 1", "capacity": 40, "setupMinutes": 15})
	day := time.Now().In(amsterdam(t)).AddDate(0, 0, 3).Format(time.DateOnly)

	v := newWebVisitor(t, base)
	signInPage(t, v, adminEmail, adminPassword)
	form := url.Values{"title": {"Ontbijtsessie"}, "roomId": {room["id"].(string)}, "startsAt": {day + "T09:00"},
		"endsAt": {day + "T11:00"}, "capacity": {"20"}, "visibility": {"public"}}
	made := v.post("/beheer/evenementen/nieuw", form)
	wantPage(t, made, http.StatusSeeOther)
	m := createdEvent.FindStringSubmatch(made.Header.Get("Location"))
	if m == nil {
		t.Fatalf("created, sent to %q", made.Header.Get("Location"))
	}
	id := m[1]
	ev := org.must(http.StatusOK, "GET", "/api/v1/events/"+id, nil)
	if start, _ := time.Parse(time.RFC3339, ev["startsAt"].(string)); start.In(amsterdam(t)).Format("2006-01-02T15:04") != day+"T09:00" {
		t.Errorf("created at %v, want %sT09:00 in Amsterdam", ev["startsAt"], day)
	}

	// The same room half an hour after it (inside the set-up buffer).
	form.Set("title", "Werkgroep")
	form.Set("startsAt", day+"T11:10")
	form.Set("endsAt", day+"T12:00")
	conflict := v.post("/beheer/evenementen/nieuw", form)
	wantPage(t, conflict, http.StatusUnprocessableEntity, "Deze zaal is dan al bezet door ‘Ontbijtsessie’", `id="free-slots"`)

	wantPage(t, v.postFrom("/beheer/evenementen/"+id, "/beheer/evenementen/"+id+"/publiceren", url.Values{}), http.StatusSeeOther)
	eventually(t, 10*time.Second, "registrations open", func() bool {
		return org.do("POST", "/api/v1/events/"+id+"/registrations", map[string]any{"name": "Anna de Vries",
			"email": "anna@example.nl", "consent": true}).Status == http.StatusCreated
	})
	list := org.must(http.StatusOK, "GET", "/api/v1/events/"+id+"/registrations", nil)["items"].([]any)
	code := list[0].(map[string]any)["checkInCode"].(string)
	wantPage(t, v.do("GET", "/beheer/evenementen/"+id+"/deelnemers", nil), http.StatusOK, "Anna de Vries", "anna@example.nl",
		`registrations?format=csv`)
	checked := v.post("/beheer/evenementen/"+id+"/inchecken", url.Values{"code": {strings.ToLower(code[:4] + "-" + code[4:])}})
	wantPage(t, checked, http.StatusOK, "Anna de Vries is ingecheckt om")
	again := v.post("/beheer/evenementen/"+id+"/inchecken", url.Values{"code": {code}})
	wantPage(t, again, http.StatusOK, "Anna de Vries")

	// The CSV link of the attendees page, with the session cookie.
	csv := v.do("GET", "/api/v1/events/"+id+"/registrations?format=csv", nil)
	if csv.Status != http.StatusOK || !strings.HasPrefix(csv.Header.Get("Content-Type"), "text/csv") || !strings.Contains(string(csv.Body), "anna@example.nl") {
		t.Errorf("CSV: %d %q", csv.Status, csv.Header.Get("Content-Type"))
	}
}
