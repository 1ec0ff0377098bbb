package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	ambassadorsv1 "plein.dev/proto/gen/plein/ambassadors/v1"
)

// ideasFixture serves the pages with prog1 (Smart Industry) active, with a
// long description, areas and a public and a private contact, and a
// closed programme beside it.
func ideasFixture(t *testing.T, opts ...func(*Options)) (*fixture, *ideaAmbassadors) {
	t.Helper()
	var ia *ideaAmbassadors
	f := newFixture(t, append([]func(*Options){withIdeas(&ia)}, opts...)...)
	p := f.amb.programmes[0]
	p.Status, p.Municipality, p.Areas = "active", "Rotterdam", []string{"Havens"}
	p.Description = "Smart Industry helpt de maakindustrie digitaliseren. " + strings.Repeat("Met werkplaatsen en bezoeken. ", 20) +
		"\n\nTweede alinea die niet op de lijst staat."
	p.Contacts = []*ambassadorsv1.ProgrammeContact{
		{Name: "Mira Programmamanager", Role: "programmamanager", Email: "mira@rotterdam.example", Public: true},
		{Name: "Verborgen Persoon", Role: "wethouder", Phone: "010 0000000"},
	}
	f.amb.programmes = append(f.amb.programmes, &ambassadorsv1.Programme{Id: "old", Name: "Oud programma", Status: "closed"})
	return f, ia
}

func TestIdeasListsActiveProgrammes(t *testing.T) {
	t.Parallel()
	f, _ := ideasFixture(t)
	v := f.visitor(t)
	p := v.get("/ideeen").must(t, http.StatusOK,
		"<title>Ideeën van ondernemers · Plein</title>", "<h1>Uw idee voor de economie van uw gemeente</h1>",
		`<h3>Smart Industry</h3>`, "<p>Smart Industry helpt de maakindustrie digitaliseren. Met werkplaatsen",
		"…</p>", "<dd>Rotterdam</dd>", "<li>circulaire economie</li>", "<li>Havens</li>",
		"<h4>Contactpersonen</h4>", "<strong>Mira Programmamanager</strong>, programmamanager",
		`<a href="mailto:mira@rotterdam.example">`,
		`<a class="button" href="/ideeen/prog1">Idee indienen voor Smart Industry</a>`,
		`<a href="/ideeen">Idee voor een programma?</a>`)
	p.lacks(t, "Oud programma", "Verborgen Persoon", "0000000", "Tweede alinea")

	v.get("/ideeen?lang=en").must(t, http.StatusOK, "<h1>Your idea for your municipality&#39;s economy</h1>",
		"Submit an idea for Smart Industry", "programme manager")
	// ?programme= leads to the form.
	if p := v.get("/ideeen?programme=prog1&lang=en"); p.Status != http.StatusSeeOther || p.Header.Get("Location") != "/ideeen/prog1?lang=en" {
		t.Errorf("?programme=: %d to %q", p.Status, p.Header.Get("Location"))
	}
	// The home page and every page's footer lead here.
	v.get("/").must(t, http.StatusOK, `<p class="ideas-link"><a href="/ideeen">`)
	v.get("/privacy").must(t, http.StatusOK, `<li><a href="/ideeen">`)

	// No inline script or style the page policy would block.
	for _, path := range []string{"/ideeen", "/ideeen/prog1", "/ideeen/old"} {
		if p := v.get(path); inline.MatchString(p.Body) || !strings.Contains(p.Header.Get("Content-Security-Policy"), "default-src 'none'") {
			t.Errorf("%s: inline code %q or policy %q", path, inline.FindString(p.Body), p.Header.Get("Content-Security-Policy"))
		}
	}

	f.amb.programmes = f.amb.programmes[1:]
	v.get("/ideeen?lang=nl").must(t, http.StatusOK, "Er zijn op dit moment geen programma&#39;s die ideeën aannemen.")
}

func TestIdeaForm(t *testing.T) {
	t.Parallel()
	f, _ := ideasFixture(t)
	v := f.visitor(t)
	p := v.get("/ideeen/prog1").must(t, http.StatusOK,
		"<h1>Idee indienen voor Smart Industry</h1>",
		`<form class="form idea-form" method="post" action="/ideeen/prog1" novalidate>`,
		`<legend>Over u</legend>`, `<legend>Uw idee</legend>`,
		`<label for="name">Naam</label>`, `name="email" type="email" autocomplete="email"`,
		`<label for="organisation">Bedrijf of organisatie <span class="optional">(niet verplicht)</span></label>`,
		`name="kvkNumber" type="text" autocomplete="off" inputmode="numeric"`, `<label for="title">Titel van uw idee</label>`,
		`<textarea id="description" name="description"`, `<input type="checkbox" id="themes-1" name="themes" value="circulaire economie">`,
		`<input type="checkbox" id="consent" name="consent"`, `<a href="/privacy">`, "Idee versturen",
		"<h2>Contactpersonen</h2>")
	p.lacks(t, "Verborgen Persoon")
	if !strings.Contains(p.Header.Get("Set-Cookie"), "plein_csrf=") {
		t.Error("no CSRF cookie with the form")
	}
	v.get("/ideeen/nonexistent").must(t, http.StatusNotFound, "Programma niet gevonden")
	v.get("/ideeen/old").must(t, http.StatusOK, "Dit programma neemt op dit moment geen ideeën aan.").lacks(t, "<form")
}

// submitIdea posts a programme's idea form as a visitor would.
func submitIdea(t *testing.T, v *visitor, path string, fields url.Values) page {
	t.Helper()
	form := v.get(path).must(t, http.StatusOK)
	fields.Set("csrf", form.csrf(t))
	return v.do("POST", strings.SplitN(path, "?", 2)[0], fields)
}

func TestSubmitIdea(t *testing.T) {
	t.Parallel()
	f, ia := ideasFixture(t)
	v := f.visitor(t)
	hostile := `<script>alert("idee")</script>`

	// Errors at the top and next to the fields, the values kept; nothing
	// reaches the service.
	p := submitIdea(t, v, "/ideeen/prog1", url.Values{"name": {hostile}, "kvkNumber": {"12.34"}, "themes": {"innovatie"}})
	p.must(t, http.StatusUnprocessableEntity, "<title>Fout: Idee indienen voor Smart Industry · Plein</title>",
		`class="error-summary"`, `role="alert"`,
		`<a href="#email">Vul uw e-mailadres in.</a>`, `<a href="#title">Geef uw idee een titel.</a>`,
		`<a href="#description">Beschrijf uw idee.</a>`, `<a href="#consent">Geef toestemming om uw idee in te dienen.</a>`,
		`<p class="field-error" id="title-error">`, `aria-invalid="true" aria-describedby="description-error description-hint"`,
		`value="&lt;script&gt;alert(&#34;idee&#34;)&lt;/script&gt;"`, `value="1234"`,
		`<input type="checkbox" id="themes-0" name="themes" value="innovatie" checked>`)
	p.lacks(t, hostile)
	if strings.Index(p.Body, `href="#email"`) > strings.Index(p.Body, `href="#consent"`) {
		t.Error("the summary is not in the order of the form")
	}
	if ia.last() != nil {
		t.Fatal("an incomplete form reached the service")
	}

	// The service's refusals map to their fields.
	fields := url.Values{"name": {"Anna de Vries"}, "email": {"anna@example.nl"}, "organisation": {"De Vries BV"},
		"kvkNumber": {"1234"}, "title": {"Gedeelde werkplaats"}, "description": {"Een werkplaats\r\nvoor drie bedrijven."},
		"themes": {"innovatie", "ruimtevaart"}, "consent": {"yes"}}
	submitIdea(t, v, "/ideeen/prog1", fields).must(t, http.StatusUnprocessableEntity,
		`<a href="#kvkNumber">Een KvK-nummer heeft 8 cijfers, zoals 12345678.</a>`,
		`<a href="#themes-0">Kies alleen thema&#39;s van dit programma.</a>`, `id="kvkNumber-error"`, `id="themes-error"`)

	// Right: sent with the API's fields, in the form's language, and
	// thanked for.
	fields.Set("kvkNumber", "1234 56.78")
	fields["themes"] = []string{"innovatie"}
	p = submitIdea(t, v, "/ideeen/prog1", fields).must(t, http.StatusOK,
		"<h1>Bedankt, we hebben uw idee ontvangen</h1>", "Gedeelde werkplaats", "U krijgt een e-mail op anna@example.nl")
	if p.Header.Get("Cache-Control") != "no-store" {
		t.Errorf("thanks Cache-Control %q", p.Header.Get("Cache-Control"))
	}
	got := ia.last()
	if got.GetProgrammeId() != "prog1" || got.GetName() != "Anna de Vries" || got.GetEmail() != "anna@example.nl" ||
		got.GetOrganisation() != "De Vries BV" || got.GetKvkNumber() != "12345678" || got.GetTitle() != "Gedeelde werkplaats" ||
		got.GetDescription() != "Een werkplaats\nvoor drie bedrijven." || len(got.GetThemes()) != 1 || !got.GetConsent() ||
		got.GetLanguage() != "nl" {
		t.Errorf("request %v", got)
	}

	submitIdea(t, f.visitor(t), "/ideeen/prog1?lang=en", fields).must(t, http.StatusOK,
		"<h1>Thank you, we have received your idea</h1>", "You will get an email at anna@example.nl")
	if ia.last().GetLanguage() != "en" {
		t.Errorf("submitted in English with language %q", ia.last().GetLanguage())
	}
}

func TestSubmitIdeaRefused(t *testing.T) {
	t.Parallel()
	f, ia := ideasFixture(t)
	v := f.visitor(t)
	fields := url.Values{"name": {"Anna"}, "email": {"anna@example.nl"}, "title": {"Idee"}, "description": {"Tekst"}, "consent": {"yes"}}

	// A closed programme takes none (its page shows no form; the token
	// comes from another's).
	form := v.get("/ideeen/prog1")
	fields.Set("csrf", form.csrf(t))
	v.do("POST", "/ideeen/old", fields).must(t, http.StatusUnprocessableEntity, "Dit programma neemt op dit moment geen ideeën aan.")

	// Without the form's token: refused, values kept.
	noToken := url.Values{"name": {"Anna"}, "email": {"anna@example.nl"}}
	v.do("POST", "/ideeen/prog1", noToken).must(t, http.StatusForbidden, "Het formulier is verlopen.", `value="Anna"`)
	v.header.Set("Sec-Fetch-Site", "cross-site")
	v.do("POST", "/ideeen/prog1", fields).must(t, http.StatusForbidden, "Niet toegestaan")
	v.header.Del("Sec-Fetch-Site")
	if ia.last() != nil {
		t.Fatal("a refused form reached the service")
	}

	// The service unavailable: said so, values kept.
	ia.fail = status.Error(codes.Unavailable, "down")
	submitIdea(t, v, "/ideeen/prog1", fields).must(t, http.StatusServiceUnavailable, "Uw idee kon nu niet worden verwerkt.", `value="Idee"`)
	ia.fail = status.Error(codes.ResourceExhausted, "slow down")
	submitIdea(t, v, "/ideeen/prog1", fields).must(t, http.StatusUnprocessableEntity, "Er zijn te veel formulieren verstuurd")
}

// The form follows the ideas' rate rule (PLEIN_IDEA_RATE), not the
// registrations': an address out of registrations still sends an idea,
// and one out of ideas is refused with Retry-After.
func TestSubmitIdeaRateLimit(t *testing.T) {
	t.Parallel()
	allowed := 1
	f, ia := ideasFixture(t, func(o *Options) {
		o.RegistrationLimit = func(*http.Request) (bool, time.Duration) { return false, time.Hour }
		o.IdeaLimit = func(*http.Request) (bool, time.Duration) {
			allowed--
			return allowed >= 0, 75 * time.Second
		}
	})
	v := f.visitor(t)
	fields := url.Values{"name": {"Anna"}, "email": {"anna@example.nl"}, "title": {"Idee"}, "description": {"Tekst"}, "consent": {"yes"}}
	submitIdea(t, v, "/ideeen/prog1", fields).must(t, http.StatusOK)
	fields.Set("title", "Tweede idee")
	p := submitIdea(t, v, "/ideeen/prog1", fields).must(t, http.StatusTooManyRequests, "Er zijn te veel formulieren verstuurd", `value="Tweede idee"`)
	if p.Header.Get("Retry-After") != "75" {
		t.Errorf("Retry-After %q", p.Header.Get("Retry-After"))
	}
	if ia.last().GetTitle() != "Idee" {
		t.Errorf("the limited idea reached the service: %v", ia.last())
	}
}
