package web

import (
	"errors"
	"net/http"
	"net/url"
	"slices"
	"testing"

	"plein.dev/gateway/internal/accounts"
	"plein.dev/platform/identity"
)

// An administrator without the organiser role uses the console, and the
// services are asked as an organiser; sign-in takes them there.
func TestAdministratorUsesTheConsole(t *testing.T) {
	t.Parallel()
	f := newStaffFixture(t, false)
	f.account(t, "admin@example.nl", identity.RoleAdmin)
	v := f.browser(t)
	form := v.get("/inloggen").must(t, http.StatusOK)
	p := v.do("POST", "/inloggen", url.Values{"csrf": {form.csrf(t)}, "email": {"admin@example.nl"}, "password": {staffPassword}}).
		must(t, http.StatusSeeOther)
	if loc := p.Header.Get("Location"); loc != "/beheer" {
		t.Errorf("an administrator signs in to %q", loc)
	}
	v.get("/beheer/evenementen/ev1/deelnemers").must(t, http.StatusOK, "Anna de Vries")
	v.post("/beheer/beoordelen/act1", url.Values{"decision": {"approve"}}, "/beheer/beoordelen").must(t, http.StatusSeeOther)
	if got := f.amb.activities[0].GetReviewStatus(); got != "approved" {
		t.Errorf("review status %s after an administrator approved", got)
	}
}

func TestQuestionsEditor(t *testing.T) {
	t.Parallel()
	f := newStaffFixture(t, false)
	org := f.signedIn(t, "org@example.nl", identity.RoleOrganiser)
	org.get("/beheer/evenementen/ev1").must(t, http.StatusOK, `href="/beheer/evenementen/ev1/vragen"`)
	org.get("/beheer/evenementen/ev1/vragen").must(t, http.StatusOK, "<h1>Vragen bij aanmelden: Smart Industry ontbijtsessie</h1>",
		`id="questionLabel-1"`, `id="questionLabel-2"`).lacks(t, `id="questionLabel-3"`)

	// Two new questions; the empty row is no question. A choice question
	// needs its choices.
	form := url.Values{"questionId": {"", "", ""}, "questionLabel": {"Dieetwensen", "Welke sessie kiest u?", ""},
		"questionKind": {"text", "single-choice", "text"}, "questionRequired": {"no", "yes", "no"},
		"questionOptions": {"", "Ochtend", ""}}
	org.post("/beheer/evenementen/ev1/vragen", form, "/beheer/evenementen/ev1/vragen").must(t, http.StatusUnprocessableEntity,
		"Geef bij vraag 2 ten minste twee keuzes", `value="Dieetwensen"`)
	form["questionOptions"] = []string{"", "Ochtend\nMiddag\n", ""}
	org.post("/beheer/evenementen/ev1/vragen", form, "/beheer/evenementen/ev1/vragen").must(t, http.StatusSeeOther)
	qs := f.regs.questions["ev1"]
	if len(qs) != 2 || qs[0].GetId() != "dieetwensen" || qs[1].GetId() != "welke-sessie-kiest-u" || !qs[1].GetRequired() ||
		!slices.Equal(qs[1].GetOptions(), []string{"Ochtend", "Middag"}) || qs[0].GetOptions() != nil {
		t.Fatalf("saved %v", qs)
	}
	org.get("/beheer/evenementen/ev1/vragen?melding=opgeslagen").must(t, http.StatusOK, "De vragen zijn opgeslagen.",
		`name="questionId" value="dieetwensen"`, `id="questionLabel-4"`)

	// Dropping a question asks first; confirmed, it goes.
	drop := url.Values{"questionId": {"dieetwensen", "welke-sessie-kiest-u"}, "questionLabel": {"", "Welke sessie kiest u?"},
		"questionKind": {"text", "single-choice"}, "questionRequired": {"no", "yes"}, "questionOptions": {"", "Ochtend\nMiddag"}}
	org.post("/beheer/evenementen/ev1/vragen", drop, "/beheer/evenementen/ev1/vragen").must(t, http.StatusOK,
		`id="confirm-removal"`, "<li>Dieetwensen</li>", `name="confirm" value="1"`)
	if len(f.regs.questions["ev1"]) != 2 {
		t.Fatal("a question was dropped before the confirmation")
	}
	drop.Set("confirm", "1")
	org.post("/beheer/evenementen/ev1/vragen", drop, "/beheer/evenementen/ev1/vragen").must(t, http.StatusSeeOther)
	if qs := f.regs.questions["ev1"]; len(qs) != 1 || qs[0].GetId() != "welke-sessie-kiest-u" {
		t.Fatalf("after dropping: %v", qs)
	}
}

func TestQuestionID(t *testing.T) {
	t.Parallel()
	taken := map[string]bool{"dieet": true}
	for _, tc := range []struct{ label, want string }{
		{"Dieet", "dieet-2"}, {"Dieet", "dieet-3"}, {"Één café?", "een-cafe"}, {"!!!", "vraag"},
		{"Een heel lange vraag die langer is dan veertig tekens", "een-heel-lange-vraag-die-langer-is"},
	} {
		if got := questionID(tc.label, taken); got != tc.want {
			t.Errorf("questionID(%q) = %q, want %q", tc.label, got, tc.want)
		}
	}
}

func TestPromoteFromTheWaitingList(t *testing.T) {
	t.Parallel()
	f := newStaffFixture(t, false)
	org := f.signedIn(t, "org@example.nl", identity.RoleOrganiser)
	action := "/beheer/evenementen/ev1/deelnemers/r3/doorschuiven"
	org.get("/beheer/evenementen/ev1/deelnemers").must(t, http.StatusOK, `action="`+action+`"`, "Doorschuiven")

	// No free seat: the page says so, nobody moves.
	f.regs.capacity = 2
	p := org.post(action, nil, "/beheer/evenementen/ev1/deelnemers").must(t, http.StatusSeeOther)
	org.get(p.Header.Get("Location")).must(t, http.StatusOK, `role="alert"`, "Er is geen plaats vrij")
	if f.regs.get("r3").GetStatus() != "waitlisted" {
		t.Fatal("promoted without a free seat")
	}
	f.regs.capacity = 10
	p = org.post(action, nil, "/beheer/evenementen/ev1/deelnemers").must(t, http.StatusSeeOther)
	org.get(p.Header.Get("Location")).must(t, http.StatusOK, "van de wachtlijst doorgeschoven")
	if f.regs.get("r3").GetStatus() != "confirmed" {
		t.Fatal("Chantal is not confirmed")
	}
	// Again: she is not on the waiting list any more.
	p = org.post(action, nil, "/beheer/evenementen/ev1/deelnemers").must(t, http.StatusSeeOther)
	org.get(p.Header.Get("Location")).must(t, http.StatusOK, "kan niet meer doorschuiven")
	// Not under another event; not without the token.
	org.post("/beheer/evenementen/other/deelnemers/r3/doorschuiven", nil, "/beheer/evenementen/ev1/deelnemers").
		must(t, http.StatusNotFound)
	org.do("POST", action, url.Values{}).must(t, http.StatusForbidden)
	amb := f.signedIn(t, "amb@example.nl", identity.RoleAmbassador)
	amb.do("POST", action, url.Values{}).must(t, http.StatusForbidden)
}

func TestProgrammeCreateEditAndAppoint(t *testing.T) {
	t.Parallel()
	f := newStaffFixture(t, false)
	org := f.signedIn(t, "org@example.nl", identity.RoleOrganiser)
	org.get("/beheer/programmas").must(t, http.StatusOK, `href="/beheer/programmas/nieuw"`, `href="/beheer/programmas/prog1"`,
		`href="/beheer/programmas/prog1/ambassadeurs/nieuw"`)
	org.get("/beheer/programmas/nieuw").must(t, http.StatusOK, `name="municipality"`, `type="date"`, `id="targetValue-1"`,
		`id="targetValue-2"`)

	form := url.Values{"name": {""}, "municipality": {"Delft"}, "themes": {"energie\n\n duurzaamheid "},
		"startsOn": {"2027-01-01"}, "endsOn": {"2027-12-31"},
		"targetValue": {"10", "nul"}, "targetMetric": {"activities", "minutes"}, "targetKind": {"company-visit", ""},
		"targetTheme": {"", ""}, "targetScope": {"ambassador", "programme"}, "targetPeriod": {"year", "term"}}
	org.post("/beheer/programmas/nieuw", form, "/beheer/programmas/nieuw").must(t, http.StatusUnprocessableEntity,
		`href="#name"`, `href="#targets"`, "Vul bij elk doel een aantal in")
	form.Set("name", "Energieambassadeurs")
	form["targetValue"] = []string{"10", ""}
	org.post("/beheer/programmas/nieuw", form, "/beheer/programmas/nieuw").must(t, http.StatusSeeOther)
	created := f.amb.programmes[len(f.amb.programmes)-1]
	if created.GetName() != "Energieambassadeurs" || !slices.Equal(created.GetThemes(), []string{"energie", "duurzaamheid"}) ||
		len(created.GetTargets()) != 1 || created.GetTargets()[0].GetValue() != 10 || created.GetTargets()[0].GetKind() != "company-visit" {
		t.Fatalf("created %v", created)
	}
	org.get("/beheer/programmas?melding=aangemaakt").must(t, http.StatusOK, "Het programma is aangemaakt.", "Energieambassadeurs")
	// The service's refusal lands by its field.
	form.Set("endsOn", "2026-01-01")
	org.post("/beheer/programmas/nieuw", form, "/beheer/programmas/nieuw").must(t, http.StatusUnprocessableEntity,
		`href="#endsOn"`, "Vul een einddatum in na de begindatum.")

	// Edit: municipality and start stay; a target is added.
	org.get("/beheer/programmas/prog1").must(t, http.StatusOK, `value="Smart Industry"`, "innovatie\ncirculaire economie").
		lacks(t, `name="municipality"`)
	edit := url.Values{"name": {"Smart Industry Rotterdam"}, "themes": {"innovatie"}, "endsOn": {"2027-06-30"},
		"targetValue": {"5"}, "targetMetric": {"activities"}, "targetKind": {""}, "targetTheme": {"innovatie"},
		"targetScope": {"programme"}, "targetPeriod": {"term"}, "municipality": {"Elders"}}
	org.post("/beheer/programmas/prog1", edit, "/beheer/programmas/prog1").must(t, http.StatusSeeOther)
	p := f.amb.programmes[0]
	if p.GetName() != "Smart Industry Rotterdam" || p.GetMunicipality() != "Rotterdam" || p.GetEndsOn() != "2027-06-30" ||
		len(p.GetTargets()) != 1 || p.GetTargets()[0].GetTheme() != "innovatie" {
		t.Fatalf("updated %v", p)
	}
	org.get("/beheer/programmas/nope").must(t, http.StatusNotFound)

	// Appoint and invite at once.
	org.get("/beheer/programmas/prog1/ambassadeurs/nieuw").must(t, http.StatusOK, `value="2026-11-25"`, `value="2027-06-30"`,
		`name="invite" value="true" checked`)
	appoint := url.Values{"name": {"Cas Visser"}, "email": {"cas@example.nl"}, "organisation": {"Visser BV"},
		"appointedOn": {"2026-11-23"}, "termEndsOn": {"2027-06-30"}, "invite": {"true"}}
	org.post("/beheer/programmas/prog1/ambassadeurs/nieuw", url.Values{"name": {"Cas"}}, "/beheer/programmas/prog1/ambassadeurs/nieuw").
		must(t, http.StatusUnprocessableEntity, `href="#email"`, `href="#appointedOn"`)
	org.post("/beheer/programmas/prog1/ambassadeurs/nieuw", appoint, "/beheer/programmas/prog1/ambassadeurs/nieuw").
		must(t, http.StatusOK, "Cas Visser (cas@example.nl) is uitgenodigd.", "Cas Visser")
	a := f.amb.ambassadors[len(f.amb.ambassadors)-1]
	u, err := accountByEmail(t, f, "cas@example.nl")
	if err != nil || u.AmbassadorID != a.GetId() || !u.Identity().Has(identity.RoleAmbassador) {
		t.Fatalf("invited account %+v, %v (ambassador %s)", u, err, a.GetId())
	}
	// The same address again: the service refuses it by its field.
	org.post("/beheer/programmas/prog1/ambassadeurs/nieuw", appoint, "/beheer/programmas/prog1/ambassadeurs/nieuw").
		must(t, http.StatusUnprocessableEntity, `href="#email"`)
	// Without an invitation.
	appoint.Set("email", "dirk@example.nl")
	appoint.Del("invite")
	org.post("/beheer/programmas/prog1/ambassadeurs/nieuw", appoint, "/beheer/programmas/prog1/ambassadeurs/nieuw").
		must(t, http.StatusSeeOther)
	if _, err := accountByEmail(t, f, "dirk@example.nl"); err == nil {
		t.Error("invited though not asked")
	}
}

// Closing a programme is final, so it takes a confirmation step.
func TestCloseAProgramme(t *testing.T) {
	t.Parallel()
	f := newStaffFixture(t, false)
	org := f.signedIn(t, "org@example.nl", identity.RoleOrganiser)
	org.get("/beheer/programmas").must(t, http.StatusOK, "10 activiteiten (Bedrijfsbezoek) voor elke ambassadeur per jaar",
		`href="/beheer/programmas/prog1/afsluiten"`)
	org.get("/beheer/programmas/prog1/afsluiten").must(t, http.StatusOK, "<h1>Programma afsluiten</h1>",
		"1 ambassadeur wordt oud-ambassadeur", `action="/beheer/programmas/prog1/afsluiten"`)
	if f.amb.programmes[0].GetStatus() != "active" {
		t.Fatal("closed by the confirmation page")
	}
	org.post("/beheer/programmas/prog1/afsluiten", nil, "/beheer/programmas/prog1/afsluiten").must(t, http.StatusSeeOther)
	if f.amb.programmes[0].GetStatus() != "closed" {
		t.Fatal("not closed")
	}
	org.get("/beheer/programmas?melding=afgesloten").must(t, http.StatusOK, "Het programma is afgesloten", "(afgesloten)").
		lacks(t, `href="/beheer/programmas/prog1/afsluiten"`)
	org.get("/beheer/programmas/prog1/afsluiten").must(t, http.StatusSeeOther)
}

func TestEmailLog(t *testing.T) {
	t.Parallel()
	f := newStaffFixture(t, false)
	org := f.signedIn(t, "org@example.nl", identity.RoleOrganiser)
	org.get("/beheer/e-mails").must(t, http.StatusOK, "anna@example.nl", "Je bent aangemeld", "Verstuurd",
		"chantal@example.nl", "Mislukt", "RCPT 550", `href="/beheer/e-mails?eventId=ev1"`)
	org.get("/beheer/e-mails?status=failed&to=chantal%40example.nl").must(t, http.StatusOK, "chantal@example.nl").
		lacks(t, "anna@example.nl")
	org.get("/beheer/e-mails?eventId=ev1&status=bogus").must(t, http.StatusOK, "E-maillog: Smart Industry ontbijtsessie",
		`name="eventId" value="ev1"`, "anna@example.nl")
	last := f.notes.asked[len(f.notes.asked)-1]
	if last.GetEventId() != "ev1" || last.GetStatus() != "" {
		t.Errorf("asked %v", last)
	}
	org.get("/beheer/e-mails?eventId=nope").must(t, http.StatusNotFound)
	org.get("/beheer/evenementen/ev1").must(t, http.StatusOK, `href="/beheer/e-mails?eventId=ev1"`)
}

func TestEventFormHosts(t *testing.T) {
	t.Parallel()
	f := newStaffFixture(t, false)
	org := f.signedIn(t, "org@example.nl", identity.RoleOrganiser)
	// Ambassadors in term can host; alumni not.
	org.get("/beheer/evenementen/nieuw").must(t, http.StatusOK, `name="hostAmbassadorIds" value="amb1"`,
		"Anouk de Vries (Smart Industry)").lacks(t, `value="amb2"`)
	form := url.Values{"title": {"Rondetafel"}, "location": {"Stadhuis"}, "startsAt": {"2026-12-10T10:00"},
		"endsAt": {"2026-12-10T11:00"}, "visibility": {"internal"}, "hostAmbassadorIds": {"amb1"}}
	org.post("/beheer/evenementen/nieuw", form, "/beheer/evenementen/nieuw").must(t, http.StatusSeeOther)
	if c := f.events.created[len(f.events.created)-1]; !slices.Equal(c.GetHostAmbassadorIds(), []string{"amb1"}) {
		t.Errorf("created with hosts %v", c.GetHostAmbassadorIds())
	}
	// An alumna who hosts already stays a choice on the edit page.
	f.events.events[0].HostAmbassadorIds = []string{"amb2"}
	org.get("/beheer/evenementen/ev1").must(t, http.StatusOK, `value="amb2" checked`)
	form.Del("hostAmbassadorIds")
	org.post("/beheer/evenementen/ev1", form, "/beheer/evenementen/ev1").must(t, http.StatusSeeOther)
	if u := f.events.updated[len(f.events.updated)-1]; !u.GetSetHostAmbassadorIds() || len(u.GetHostAmbassadorIds()) != 0 {
		t.Errorf("update hosts %v (set %v)", u.GetHostAmbassadorIds(), u.GetSetHostAmbassadorIds())
	}
}

// accountByEmail finds the account of an address.
func accountByEmail(t *testing.T, f *staffFixture, email string) (accounts.User, error) {
	t.Helper()
	users, err := f.accounts.List(t.Context(), "", 1000)
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range users {
		if u.Email == email {
			return u, nil
		}
	}
	return accounts.User{}, errors.New("no account for " + email)
}
