package web

import (
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"plein.dev/gateway/internal/accounts"
	"plein.dev/platform/identity"
	"plein.dev/platform/zone"
	ambassadorsv1 "plein.dev/proto/gen/plein/ambassadors/v1"
)

// consolePages and portalPages are every page of the console and the
// portal, as GET paths.
var (
	consolePages = []string{"/beheer", "/beheer/evenementen", "/beheer/evenementen/nieuw", "/beheer/evenementen/ev1",
		"/beheer/evenementen/ev1/annuleren", "/beheer/evenementen/ev1/deelnemers", "/beheer/evenementen/ev1/deelnemers/r1/afmelden",
		"/beheer/evenementen/ev1/inchecken", "/beheer/zalen", "/beheer/programmas", "/beheer/beoordelen", "/beheer/rapportage",
		"/beheer/evenementen/ev1/vragen", "/beheer/programmas/nieuw", "/beheer/programmas/prog1",
		"/beheer/programmas/prog1/ambassadeurs/nieuw", "/beheer/programmas/prog1/afsluiten", "/beheer/e-mails"}
	portalPages = []string{"/ambassadeur", "/ambassadeur/activiteiten/nieuw"}
)

// TestEveryStaffPageChecksTheRole: without a session every page sends
// the visitor to sign in; with the wrong role it answers 403 and calls
// no service; with the right one it answers 200 as a page of the layer,
// in Dutch and English, without inline script or style, kept nowhere.
func TestEveryStaffPageChecksTheRole(t *testing.T) {
	t.Parallel()
	f := newStaffFixture(t, false)
	anon := f.browser(t)
	org := f.signedIn(t, "org@example.nl", identity.RoleOrganiser)
	amb := f.signedIn(t, "amb@example.nl", identity.RoleAmbassador)
	admin := f.signedIn(t, "admin@example.nl", identity.RoleAdmin)
	for _, tc := range []struct {
		paths        []string
		right, wrong []*visitor
	}{{consolePages, []*visitor{org, admin}, []*visitor{amb}}, {portalPages, []*visitor{amb}, []*visitor{org, admin}}} {
		for _, path := range tc.paths {
			p := anon.get(path).must(t, http.StatusSeeOther)
			if loc := p.Header.Get("Location"); loc != "/inloggen?"+(url.Values{"terug": {path}}).Encode() {
				t.Errorf("%s anonymous: to %q", path, loc)
			}
			for _, v := range tc.wrong {
				v.get(path+"?lang=nl").must(t, http.StatusForbidden, "Geen toegang")
			}
			for _, v := range tc.right {
				for _, lang := range []string{"nl", "en"} {
					p := v.get(path+"?lang="+lang).must(t, http.StatusOK, `<html lang="`+lang+`">`, `action="/uitloggen"`)
					if inline.MatchString(p.Body) {
						t.Errorf("%s has inline script or style: %s", path, inline.FindString(p.Body))
					}
					if strings.Contains(p.Body, "editor.") || strings.Contains(p.Body, "console.") || strings.Contains(p.Body, "portal.") {
						t.Errorf("%s in %s shows a message id", path, lang)
					}
					for h, want := range map[string]string{"Cache-Control": "no-store", "X-Frame-Options": "DENY"} {
						if got := p.Header.Get(h); got != want {
							t.Errorf("%s: %s %q", path, h, got)
						}
					}
				}
			}
		}
	}
	// A form posted without the token is refused before any service.
	org.do("POST", "/beheer/evenementen/ev1/publiceren", url.Values{}).must(t, http.StatusForbidden)
	if got := f.events.find("ev1").GetStatus(); got != "published" {
		t.Errorf("status %s after a refused post", got)
	}
}

func TestCreateEventOffersFreeSlotsOnAConflict(t *testing.T) {
	t.Parallel()
	f := newStaffFixture(t, false)
	org := f.signedIn(t, "org@example.nl", identity.RoleOrganiser)
	tomorrow := dayStart(now).AddDate(0, 0, 1).Format(dateLayout)
	form := url.Values{"title": {"Werkgroep"}, "roomId": {"room1"}, "startsAt": {tomorrow + "T11:00"},
		"endsAt": {tomorrow + "T12:30"}, "visibility": {"internal"}, "themes": {"innovatie"}, "capacity": {"12"}}
	p := org.post("/beheer/evenementen/nieuw", form, "/beheer/evenementen/nieuw").must(t, http.StatusUnprocessableEntity,
		"Controleer het formulier", `href="#roomId"`, "Deze zaal is dan al bezet door ‘Bestuursoverleg’",
		"10:00–12:00 uur", `id="free-slots"`, `form="event-form" name="slot"`, `value="Werkgroep"`)
	if !strings.Contains(p.Body, `value="innovatie" checked`) {
		t.Error("the chosen theme is not kept")
	}
	// The free slot is taken with one press.
	slot := regexValue(t, p.Body, `name="slot" value="([^"]+)"`)
	form.Set("slot", strings.ReplaceAll(slot, "&#43;", "+"))
	done := org.post("/beheer/evenementen/nieuw", form, "/beheer/evenementen/nieuw").must(t, http.StatusSeeOther)
	if !strings.HasSuffix(done.Header.Get("Location"), "?melding=aangemaakt") {
		t.Errorf("created, to %q", done.Header.Get("Location"))
	}
	last := f.events.created[len(f.events.created)-1]
	start := last.GetStartsAt().AsTime().In(zone.Amsterdam)
	if start.Hour() != 14 || last.GetEndsAt().AsTime().Sub(last.GetStartsAt().AsTime()) != 90*time.Minute {
		t.Errorf("created at %v–%v, want the slot's 14:00 for 90 minutes", start, last.GetEndsAt().AsTime())
	}
	if last.GetVisibility() != "internal" || last.GetCapacity() != 12 || last.GetThemes()[0] != "innovatie" {
		t.Errorf("created %v", last)
	}
	// Times are read in Amsterdam: 11:00 on a November day is 10:00 UTC.
	if got := f.events.created[0].GetStartsAt().AsTime(); got.Hour() != 10 || got.Location() != time.UTC {
		t.Errorf("11:00 in Amsterdam sent as %v", got)
	}

	org.post("/beheer/evenementen/nieuw", url.Values{"startsAt": {"morgen"}}, "/beheer/evenementen/nieuw").
		must(t, http.StatusUnprocessableEntity, "Vul een titel in", "Kies een zaal of vul een adres in.",
			"Vul een eindtijd in", `aria-invalid="true"`)
	org.post("/beheer/evenementen/nieuw", url.Values{"title": {"x"}, "location": {"Stadhuis"}, "startsAt": {tomorrow + "T11:00"},
		"endsAt": {tomorrow + "T10:00"}}, "/beheer/evenementen/nieuw").
		must(t, http.StatusUnprocessableEntity, `<a href="#endsAt">Vul een eindtijd in die na de begintijd ligt.</a>`)
}

func TestEditPublishAndCancelAnEvent(t *testing.T) {
	t.Parallel()
	f := newStaffFixture(t, false)
	org := f.signedIn(t, "org@example.nl", identity.RoleOrganiser)
	f.events.events[0].Status = "draft"
	f.events.events[0].SeatsTaken = 2
	edit := org.get("/beheer/evenementen/ev1").must(t, http.StatusOK, "<h1>Smart Industry ontbijtsessie</h1>", `id="publish"`,
		`value="room1" selected`, `href="/beheer/evenementen/ev1/deelnemers"`, `href="/beheer/evenementen/ev1/inchecken"`)
	edit.lacks(t, `id="recurrence"`)

	form := url.Values{"title": {"Ontbijtsessie"}, "roomId": {"room1"}, "startsAt": {"2026-11-27T10:00"},
		"endsAt": {"2026-11-27T12:00"}, "capacity": {"1"}, "visibility": {"public"}}
	org.post("/beheer/evenementen/ev1", form, "/beheer/evenementen/ev1").must(t, http.StatusUnprocessableEntity,
		"Vul een aantal plaatsen in dat past in de zaal")
	form.Set("capacity", "20")
	org.post("/beheer/evenementen/ev1", form, "/beheer/evenementen/ev1").must(t, http.StatusSeeOther)
	if u := f.events.updated[len(f.events.updated)-1]; u.GetTitle() != "Ontbijtsessie" || !u.GetSetThemes() || u.GetCapacity() != 20 {
		t.Errorf("update %v", u)
	}
	org.get("/beheer/evenementen/ev1?melding=opgeslagen").must(t, http.StatusOK, "De wijzigingen zijn opgeslagen.")

	org.post("/beheer/evenementen/ev1/publiceren", nil, "/beheer/evenementen/ev1").must(t, http.StatusSeeOther)
	org.get("/beheer/evenementen/ev1?melding=gepubliceerd").must(t, http.StatusOK, "Aanmelden kan nu.", `href="/evenementen/ev1"`).
		lacks(t, `id="publish"`)
	// Publishing twice is refused with the service's reason.
	org.post("/beheer/evenementen/ev1/publiceren", nil, "/beheer/evenementen/ev1").must(t, http.StatusUnprocessableEntity,
		"Dit kon niet worden opgeslagen", "cannot go from published to published")

	org.get("/beheer/evenementen/ev1/annuleren").must(t, http.StatusOK, "<h1>Evenement annuleren</h1>", `name="reason"`,
		"2 deelnemers krijgen bericht")
	org.post("/beheer/evenementen/ev1/annuleren", url.Values{"reason": {"De spreker is ziek."}}, "/beheer/evenementen/ev1/annuleren").
		must(t, http.StatusSeeOther)
	if e := f.events.find("ev1"); e.GetStatus() != "cancelled" || e.GetCancellationReason() != "De spreker is ziek." {
		t.Errorf("after cancelling: %s %q", e.GetStatus(), e.GetCancellationReason())
	}
}

func TestEventListAndOverview(t *testing.T) {
	t.Parallel()
	f := newStaffFixture(t, false)
	org := f.signedIn(t, "org@example.nl", identity.RoleOrganiser)
	org.get("/beheer/evenementen").must(t, http.StatusOK, `href="/beheer/evenementen/ev1"`, "Ondernemersplein, Zaal 1",
		"Gepubliceerd", "0 van 10")
	org.get("/beheer/evenementen?q=geen+treffer").must(t, http.StatusOK, "Geen evenementen gevonden.")
	org.get("/beheer/evenementen?from=gisteren").must(t, http.StatusOK, "Vul een datum in")
	org.get("/beheer").must(t, http.StatusOK, "De komende zeven dagen", "Smart Industry ontbijtsessie",
		"1 activiteit wacht op beoordeling", "Vandaag is geen zaal geboekt.")
}

func TestAttendeesCancelAndCheckIn(t *testing.T) {
	t.Parallel()
	f := newStaffFixture(t, false)
	org := f.signedIn(t, "org@example.nl", identity.RoleOrganiser)
	org.get("/beheer/evenementen/ev1/deelnemers").must(t, http.StatusOK, "Anna de Vries", "anna@example.nl",
		"Wachtlijst, nummer 1", `href="/api/v1/events/ev1/registrations?format=csv" download`, "2 van 10 plaatsen bezet")
	org.get("/beheer/evenementen/ev1/deelnemers?q=bram").must(t, http.StatusOK, "Bram Jansen").lacks(t, "Anna de Vries")

	// Check in by code, as typed at the door.
	in := org.post("/beheer/evenementen/ev1/inchecken", url.Values{"code": {"abcd-2345"}}, "/beheer/evenementen/ev1/inchecken").
		must(t, http.StatusOK, `role="status"`, "Anna de Vries is ingecheckt om 11:00 uur.", "1 van 2 aangemelde deelnemers ingecheckt.")
	in.lacks(t, "al ingecheckt")
	org.post("/beheer/evenementen/ev1/inchecken", url.Values{"code": {"ABCD2345"}}, "/beheer/evenementen/ev1/inchecken").
		must(t, http.StatusOK, "Anna de Vries is ingecheckt om 11:00 uur.")
	f.regs.now = func() time.Time { return now.Add(time.Minute) }
	org.post("/beheer/evenementen/ev1/inchecken", url.Values{"code": {"ABCD2345"}}, "/beheer/evenementen/ev1/inchecken")
	org.post("/beheer/evenementen/ev1/inchecken", url.Values{"code": {"ZZZZ9999"}}, "/beheer/evenementen/ev1/inchecken").
		must(t, http.StatusUnprocessableEntity, "Geen aanmelding met deze code", `aria-invalid="true"`)
	org.post("/beheer/evenementen/ev1/inchecken", url.Values{"code": {"JKLM2345"}}, "/beheer/evenementen/ev1/inchecken").
		must(t, http.StatusUnprocessableEntity, "staat op de wachtlijst")
	org.post("/beheer/evenementen/ev1/inchecken", url.Values{"code": {""}}, "/beheer/evenementen/ev1/inchecken").
		must(t, http.StatusUnprocessableEntity, "Vul de code in.")

	// By name.
	org.get("/beheer/evenementen/ev1/inchecken?q=bram").must(t, http.StatusOK, "Bram Jansen", `name="registrationId" value="r2"`)
	org.post("/beheer/evenementen/ev1/inchecken", url.Values{"registrationId": {"r2"}}, "/beheer/evenementen/ev1/inchecken").
		must(t, http.StatusOK, "Bram Jansen is ingecheckt")

	// Cancel one, after a confirmation step.
	org.get("/beheer/evenementen/ev1/deelnemers/r1/afmelden").must(t, http.StatusOK, "U meldt Anna de Vries af")
	org.post("/beheer/evenementen/ev1/deelnemers/r1/afmelden", nil, "/beheer/evenementen/ev1/deelnemers/r1/afmelden").
		must(t, http.StatusSeeOther)
	if f.regs.get("r1").GetStatus() != "cancelled" {
		t.Error("Anna is not cancelled")
	}
	// A registration of another event is not found under this one.
	f.regs.regs[1].EventId = "other"
	org.get("/beheer/evenementen/ev1/deelnemers/r2/afmelden").must(t, http.StatusNotFound)
}

func TestRoomsWeek(t *testing.T) {
	t.Parallel()
	f := newStaffFixture(t, false)
	org := f.signedIn(t, "org@example.nl", identity.RoleOrganiser)
	p := org.get("/beheer/zalen").must(t, http.StatusOK, "Ondernemersplein, week van maandag 23 november 2026",
		`<th scope="col">Zaal 1`, "10:00–12:00 Bestuursoverleg", "15 min. opbouw en afbouw", "Vrij 14:00–17:00: plan hier",
		`href="/beheer/zalen?venueId=venue1&amp;week=2026-11-30"`)
	link := regexValue(t, p.Body, `class="free" href="([^"]+)"`)
	org.get(strings.ReplaceAll(link, "&amp;", "&")).must(t, http.StatusOK, `value="room1" selected`, `value="2026-11-26T14:00"`)
}

func TestReviewQueue(t *testing.T) {
	t.Parallel()
	f := newStaffFixture(t, false)
	org := f.signedIn(t, "org@example.nl", identity.RoleOrganiser)
	org.get("/beheer/beoordelen").must(t, http.StatusOK, "Bedrijfsbezoek: Anouk de Vries", "Bezoek aan een toeleverancier",
		"90 minuten", `action="/beheer/beoordelen/act1"`)
	org.post("/beheer/beoordelen/act1", url.Values{"decision": {"return"}}, "/beheer/beoordelen").
		must(t, http.StatusUnprocessableEntity, `href="#comment-act1"`, "Schrijf bij het terugsturen")
	org.post("/beheer/beoordelen/act1", url.Values{"decision": {"approve"}}, "/beheer/beoordelen").must(t, http.StatusSeeOther)
	if got := f.amb.activities[0].GetReviewStatus(); got != "approved" {
		t.Errorf("review status %s", got)
	}
	org.get("/beheer/beoordelen?melding=goedgekeurd").must(t, http.StatusOK, "is goedgekeurd", "Er wachten geen activiteiten")
}

func TestReportPage(t *testing.T) {
	t.Parallel()
	f := newStaffFixture(t, false)
	org := f.signedIn(t, "org@example.nl", identity.RoleOrganiser)
	org.get("/beheer/rapportage").must(t, http.StatusOK, "Smart Industry: donderdag 1 januari 2026 tot en met donderdag 31 december 2026",
		`<svg role="img" aria-labelledby="c-theme-title"`, "Staafdiagram Per thema, goedgekeurde activiteiten: innovatie 3 activiteiten; onderwijs 1 activiteit.",
		`<th scope="row">Bedrijfsbezoek</th>`, `<th scope="row">Anders</th>`, `<th scope="row">november 2026</th>`,
		`href="/api/v1/programmes/prog1/report?format=csv" download`, `width="100"`)
	org.get("/beheer/rapportage?programmeId=prog1&from=2026-03-01&to=2026-06-30").must(t, http.StatusOK,
		`report?format=csv&amp;from=2026-03-01&amp;to=2026-06-30`)
	org.get("/beheer/rapportage?from=maart").must(t, http.StatusOK, "Vul een datum in")
}

func TestInviteAnAmbassador(t *testing.T) {
	t.Parallel()
	f := newStaffFixture(t, false)
	org := f.signedIn(t, "org@example.nl", identity.RoleOrganiser)
	org.get("/beheer/programmas").must(t, http.StatusOK, "<h2 id=\"p-prog1\">Smart Industry</h2>", "Anouk de Vries", "oud-ambassadeur")
	p := org.post("/beheer/programmas/uitnodigen", url.Values{"ambassadorId": {"amb1"}}, "/beheer/programmas").
		must(t, http.StatusOK, "Anouk de Vries (anouk@example.nl) is uitgenodigd.", "Plein verstuurt nog geen e-mail",
			`value="https://plein.example/account/activeren?token=`)
	token := tokenLink.FindStringSubmatch(p.Body)[1]
	u, err := f.accounts.OpenLink(t.Context(), "activate", token)
	if err != nil || u.AmbassadorID != "amb1" || !u.Identity().Has(identity.RoleAmbassador) {
		t.Fatalf("invited %+v %v", u, err)
	}
	if _, err := f.accounts.UseLink(t.Context(), "activate", token, staffPassword); err != nil {
		t.Fatal(err)
	}
	org.post("/beheer/programmas/uitnodigen", url.Values{"ambassadorId": {"amb1"}}, "/beheer/programmas").
		must(t, http.StatusConflict, "Anouk de Vries heeft al een account.")
	// An ambassador of another organisation's programme: the service
	// shows the organiser no address — no account is theirs to make.
	f.amb.mu.Lock()
	f.amb.ambassadors = append(f.amb.ambassadors, &ambassadorsv1.Ambassador{Id: "amb-b", ProgrammeId: "prog-b", Name: "Bert Elders"})
	f.amb.mu.Unlock()
	org.post("/beheer/programmas/uitnodigen", url.Values{"ambassadorId": {"amb-b"}}, "/beheer/programmas").
		must(t, http.StatusNotFound)
	if users, err := f.accounts.List(t.Context(), "", 100); err != nil || slices.ContainsFunc(users, func(u accounts.User) bool { return u.AmbassadorID == "amb-b" }) {
		t.Fatalf("an account for another organisation's ambassador: %v %v", users, err)
	}
}

// TestEveryStaffMessageExists extends TestEveryUsedMessageExists to the
// console's and portal's templates.
func TestEveryStaffMessageExists(t *testing.T) {
	t.Parallel()
	ids := messageIDs(t, "nl")
	var files []string
	for _, pattern := range []string{"templates/console/*.html", "templates/portal/*.html"} {
		m, err := filepath.Glob(pattern)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, m...)
	}
	if len(files) < 10 {
		t.Fatalf("found only %v", files)
	}
	for _, name := range files {
		raw, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range usedID.FindAllStringSubmatch(string(raw), -1) {
			if !ids[m[1]] {
				t.Errorf("%s uses message %s, which the catalogs lack", name, m[1])
			}
		}
	}
	// Messages reached through a computed id.
	for _, prefix := range []string{"status.", "visibility.", "registration.", "review.status."} {
		found := false
		for id := range ids {
			found = found || strings.HasPrefix(id, prefix)
		}
		if !found {
			t.Errorf("no messages %s*", prefix)
		}
	}
	for _, k := range activityKinds {
		if !ids[messageID("kind.", k)] {
			t.Errorf("no message for kind %s", k)
		}
	}
	for _, f := range append(append([]string{}, eventFields...), "place", "roomTaken") {
		if f != "themes" && !ids[messageID("editor.error.", f)] {
			t.Errorf("no message editor.error.%s", f)
		}
	}
}
