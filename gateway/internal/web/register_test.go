package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

func TestEventPage(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	v := f.visitor(t)
	p := v.get("/evenementen/e1").must(t, http.StatusOK,
		"<h1>Smart Industry ontbijtsessie</h1>",
		"<p>Ambassadeurs vertellen.</p>\n<p>Tweede alinea.</p>",
		"Ondernemersplein, Zaal 1<br>Blaak 40<br>Rotterdam",
		"Visser Metaal (maakindustrie)",
		"Toegankelijk voor rolstoelen", "Nederlandse Gebarentaal",
		`href="/api/v1/events/e1/calendar.ics"`,
		`data-seats-event="e1"`, `aria-live="polite"`, "Nog 3 plaatsen vrij",
		`<form class="form" method="post" action="/evenementen/e1" novalidate>`,
		`<label for="name">Naam</label>`, `name="name"`, `name="email" type="email" autocomplete="email"`,
		`name="organisation"`, `<input type="checkbox" id="consent" name="consent"`, `<a href="/privacy">`,
		`<label for="q-dieet">Dieetwensen`, `name="answers[dieet]"`, `<legend>Uw sector</legend>`,
		`name="answers[sector]" value="zorg"`, "/static/seats.",
	)
	p.lacks(t, `name="inviteCode"`)
	if !strings.Contains(p.Header.Get("Set-Cookie"), "plein_csrf=") {
		t.Error("no CSRF cookie with the form")
	}
	v.get("/evenementen/full").must(t, http.StatusOK, "Vol: u komt op de wachtlijst", "Aanmelden voor de wachtlijst")
	v.get("/evenementen/e1?lang=en").must(t, http.StatusOK, `<html lang="en">`, "Wheelchair accessible",
		`action="/evenementen/e1?lang=en"`, "3 seats left", `data-free-one="{n} seat left"`)
	for _, id := range []string{"draft", "nonexistent"} {
		v.get("/evenementen/"+id).must(t, http.StatusNotFound, "Event not found").lacks(t, "Concept")
	}
}

func TestEventWindow(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	e := f.events.events[1]
	e.Status = "cancelled"
	reason := `Spreker ziek <i>echt</i>`
	e.CancellationReason = &reason
	f.visitor(t).get("/evenementen/hostile").must(t, http.StatusOK, "Dit evenement gaat niet door.",
		"Spreker ziek &lt;i&gt;echt&lt;/i&gt;").lacks(t, "<form class=\"form\"")
	opens := now.Add(24 * time.Hour)
	f.events.events[3].RegistrationOpensAt = timestampOf(opens)
	f.visitor(t).get("/evenementen/full").must(t, http.StatusOK, "Aanmelden kan vanaf donderdag 26 november 2026 11:00.")
}

// registration posts the form of an event page as a visitor would.
func register(t *testing.T, v *visitor, path string, fields url.Values) page {
	t.Helper()
	form := v.get(path).must(t, http.StatusOK)
	fields.Set("csrf", form.csrf(t))
	action := strings.SplitN(path, "?", 2)
	return v.do("POST", action[0], fields)
}

func TestRegisterConfirms(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	v := f.visitor(t)
	p := register(t, v, "/evenementen/e1", url.Values{"name": {"Anna de Vries"}, "email": {"anna@example.nl"},
		"organisation": {"De Vries BV"}, "consent": {"yes"}, "answers[sector]": {"zorg"}, "answers[dieet]": {" vegetarisch "}})
	p.must(t, http.StatusOK, "<h1>U bent aangemeld</h1>", "anna@example.nl", "Smart Industry ontbijtsessie",
		`href="/aanmelding/r1?token=token-r1"`, `value="https://plein.example/aanmelding/r1?token=token-r1"`,
		`href="/api/v1/registrations/r1/calendar.ics?token=token-r1"`)
	if p.Header.Get("Cache-Control") != "no-store" {
		t.Errorf("confirmation Cache-Control %q", p.Header.Get("Cache-Control"))
	}
	req := f.regs.last
	if req.GetName() != "Anna de Vries" || req.GetOrganisation() != "De Vries BV" || !req.GetConsent() ||
		req.GetConsentVersion() != PrivacyVersion || req.GetLanguage() != "nl" || len(req.GetAnswers()) != 2 ||
		req.GetAnswers()[0].GetQuestionId() != "dieet" || req.GetAnswers()[0].GetValues()[0] != "vegetarisch" {
		t.Errorf("request %v", req)
	}

	full := register(t, f.visitor(t), "/evenementen/full?lang=en", url.Values{"name": {"Bram"}, "email": {"bram@example.nl"}, "consent": {"yes"}})
	full.must(t, http.StatusOK, "You are on the waiting list", "You are number 1 on the waiting list.")
	if f.regs.last.GetLanguage() != "en" {
		t.Errorf("registered in English with language %q", f.regs.last.GetLanguage())
	}
}

func TestRegisterShowsErrorsNextToFields(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	v := f.visitor(t)
	hostileName := `<script>alert("naam")</script>`
	p := register(t, v, "/evenementen/e1", url.Values{"name": {hostileName}, "organisation": {"Org"}})
	p.must(t, http.StatusUnprocessableEntity,
		"<title>Fout: Smart Industry ontbijtsessie · Plein</title>",
		`class="error-summary"`, `role="alert"`,
		`<a href="#email">Vul uw e-mailadres in.</a>`, `<a href="#q-sector">Beantwoord deze vraag.</a>`,
		`<a href="#consent">Geef toestemming om u aan te melden.</a>`,
		`<p class="field-error" id="email-error"><span class="visually-hidden">Fout:</span> Vul uw e-mailadres in.</p>`,
		`aria-invalid="true" aria-describedby="email-error email-hint"`,
		`value="&lt;script&gt;alert(&#34;naam&#34;)&lt;/script&gt;"`, `value="Org"`,
	)
	p.lacks(t, hostileName)
	if f.regs.last != nil {
		t.Error("an incomplete form reached the service")
	}

	// What the service refuses shows next to its field, in the language.
	v.get("/?lang=en")
	p = register(t, v, "/evenementen/e1", url.Values{"name": {"Anna"}, "email": {"not-an-address"}, "consent": {"yes"},
		"answers[sector]": {"bouw"}})
	p.must(t, http.StatusUnprocessableEntity, `id="email-error"`, "Enter a valid email address", `value="not-an-address"`,
		`<input type="radio" id="q-sector" name="answers[sector]" value="bouw" checked>`)

	register(t, v, "/evenementen/e1", url.Values{"name": {"Anna"}, "email": {"anna@example.nl"}, "consent": {"yes"},
		"answers[sector]": {"bouw"}}).must(t, http.StatusOK)
	register(t, v, "/evenementen/e1", url.Values{"name": {"Anna"}, "email": {"ANNA@example.nl"}, "consent": {"yes"},
		"answers[sector]": {"bouw"}}).must(t, http.StatusUnprocessableEntity, "This email address is registered already.")
}

func TestInviteOnly(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	v := f.visitor(t)
	v.get("/evenementen/invite?code=GEHEIM").must(t, http.StatusOK, `<label for="inviteCode">Uitnodigingscode</label>`,
		`name="inviteCode" type="text" autocomplete="off" value="GEHEIM"`)
	fields := url.Values{"name": {"Carla"}, "email": {"carla@example.nl"}, "consent": {"yes"}}
	register(t, v, "/evenementen/invite", fields).must(t, http.StatusUnprocessableEntity,
		`<a href="#inviteCode">Vul de uitnodigingscode in.</a>`)
	fields.Set("inviteCode", "RADEN")
	register(t, v, "/evenementen/invite", fields).must(t, http.StatusUnprocessableEntity,
		"Deze uitnodigingscode klopt niet.", `value="RADEN"`)
	fields.Set("inviteCode", "GEHEIM")
	register(t, v, "/evenementen/invite?code=GEHEIM", fields).must(t, http.StatusOK, "U bent aangemeld")
}

func TestRegisterNeedsTheFormToken(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	v := f.visitor(t)
	v.get("/evenementen/e1")
	fields := url.Values{"name": {"Anna"}, "email": {"anna@example.nl"}, "consent": {"yes"}, "answers[sector]": {"bouw"}}
	v.do("POST", "/evenementen/e1", fields).must(t, http.StatusForbidden, "Het formulier is verlopen.", `value="Anna"`)
	fields.Set("csrf", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")
	v.do("POST", "/evenementen/e1", fields).must(t, http.StatusForbidden)

	// A browser posting from another site is refused before anything else.
	v.header.Set("Sec-Fetch-Site", "cross-site")
	v.do("POST", "/evenementen/e1", fields).must(t, http.StatusForbidden, "Niet toegestaan")
	if f.regs.last != nil {
		t.Error("a forged form reached the service")
	}
}

func TestRegisterRateLimit(t *testing.T) {
	t.Parallel()
	allowed := 1
	f := newFixture(t, func(o *Options) {
		o.RegistrationLimit = func(*http.Request) (bool, time.Duration) {
			allowed--
			return allowed >= 0, 90 * time.Second
		}
	})
	v := f.visitor(t)
	fields := url.Values{"name": {"Anna"}, "email": {"anna@example.nl"}, "consent": {"yes"}}
	register(t, v, "/evenementen/hostile", fields).must(t, http.StatusOK)
	fields.Set("email", "anna2@example.nl")
	p := register(t, v, "/evenementen/hostile", fields).must(t, http.StatusTooManyRequests, "Er zijn te veel aanmeldingen verstuurd")
	if p.Header.Get("Retry-After") != "90" {
		t.Errorf("Retry-After %q", p.Header.Get("Retry-After"))
	}
}
