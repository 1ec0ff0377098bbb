package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	eventsv1 "plein.dev/proto/gen/plein/events/v1"
)

// withContent gives e1 (and the full event, made completed) the content
// of issue 16: areas, an agenda out of order, materials, a public and a
// private contact, a post-event note.
func withContent(f *fixture) {
	e1 := f.events.events[0]
	start := e1.GetStartsAt().AsTime() // 27 November 2026, 11:00 in Amsterdam
	e1.Areas = []string{"Havens", "Binnenstad"}
	e1.Agenda = []*eventsv1.AgendaItem{
		{StartsAt: timestampOf(start.Add(30 * time.Minute)), Title: "Rondleiding <werkplaats>", Speaker: "Petra Visser"},
		{StartsAt: timestampOf(start), Title: "Ontvangst met koffie"},
	}
	e1.Materials = []*eventsv1.Material{{Title: "Dia's (pdf)", Url: "https://plein.example/dias.pdf"},
		{Title: "Kwaadaardig", Url: "javascript:alert(1)"}}
	e1.Contacts = []*eventsv1.EventContact{
		{Name: "Jan de Wethouder", Role: "wethouder", Email: "jan@gemeente.example", Phone: "+31 (0)10 123 45 67", Public: true},
		{Name: "Geheime Ambtenaar", Role: "accountmanager", Email: "geheim@gemeente.example", Phone: "06 99999999"},
	}
	e1.PostNote = "Nog niet afgelopen."
	full := f.events.events[3]
	full.Status = "completed"
	full.PostNote = "Veertig ondernemers kwamen.\n\nDe dia's staan online."
}

func TestEventPageShowsItsContent(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	withContent(f)
	v := f.visitor(t)
	p := v.get("/evenementen/e1").must(t, http.StatusOK,
		`<dt>Gebieden</dt><dd><ul class="tags"><li>Havens</li><li>Binnenstad</li></ul></dd>`,
		`<h2>Dagprogramma</h2>`,
		`<li><time datetime="2026-11-27T11:00:00&#43;01:00">11:00</time> <span class="day-programme-title">Ontvangst met koffie</span></li>`,
		`<li><time datetime="2026-11-27T11:30:00&#43;01:00">11:30</time> <span class="day-programme-title">Rondleiding &lt;werkplaats&gt;</span> <span class="day-programme-speaker">door Petra Visser</span></li>`,
		`<h2>Materiaal</h2>`, `<li><a href="https://plein.example/dias.pdf">Dia&#39;s (pdf)</a></li>`,
		`<h2>Contact</h2>`, `<strong>Jan de Wethouder</strong>, wethouder`,
		`<a href="mailto:jan@gemeente.example">jan@gemeente.example</a>`, `<a href="tel:&#43;31101234567">&#43;31 (0)10 123 45 67</a>`,
	)
	// Only public contacts reach the page, whatever the service sends;
	// a material that is no web link is left out; the note waits until
	// the event is over.
	p.lacks(t, "Geheime Ambtenaar", "geheim@gemeente.example", "99999999", "Kwaadaardig", "javascript:", "Nog niet afgelopen", "Terugblik")
	if strings.Index(p.Body, "Ontvangst met koffie") > strings.Index(p.Body, "Rondleiding") {
		t.Error("the agenda is not in order of time")
	}
	// Headings in order: h1, then h2s only in the main column.
	if strings.Contains(p.Body, "<h3") || strings.Contains(p.Body, "<table") {
		t.Error("the event page skips a heading level or lays out with a table")
	}

	v.get("/evenementen/e1?lang=en").must(t, http.StatusOK, "<dt>Areas</dt>", "<h2>Programme of the day</h2>", "by Petra Visser",
		"<h2>Materials</h2>", "<strong>Jan de Wethouder</strong>, alderman")

	// The completed event: its note above the form area.
	done := v.get("/evenementen/full?lang=nl").must(t, http.StatusOK,
		`<h2 id="post-note-heading">Terugblik</h2>`, "<p>Veertig ondernemers kwamen.</p>\n<p>De dia&#39;s staan online.</p>",
		"Dit evenement heeft plaatsgevonden.")
	if strings.Index(done.Body, "post-note-heading") > strings.Index(done.Body, "register-heading") {
		t.Error("the post-event note is below the form area")
	}
}

func TestEventAgendaOverDaysNamesTheDay(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	e := f.events.events[0]
	e.EndsAt = timestampOf(e.GetStartsAt().AsTime().Add(26 * time.Hour))
	e.Agenda = []*eventsv1.AgendaItem{{StartsAt: timestampOf(e.GetStartsAt().AsTime().Add(24 * time.Hour)), Title: "Dag twee"}}
	f.visitor(t).get("/evenementen/e1").must(t, http.StatusOK, `>zaterdag 28 november 2026 11:00</time>`)
}

func TestRegisterWithKvKNumber(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	v := f.visitor(t)
	v.get("/evenementen/e1").must(t, http.StatusOK, `<label for="kvkNumber">KvK-nummer <span class="optional">(niet verplicht)</span></label>`,
		`<p class="hint" id="kvkNumber-hint">8 cijfers`, `name="kvkNumber" type="text" autocomplete="off" inputmode="numeric"`)
	fields := url.Values{"name": {"Anna"}, "email": {"anna@example.nl"}, "consent": {"yes"}, "answers[sector]": {"bouw"},
		"kvkNumber": {"1234"}}

	// A wrong number: the service's refusal shows next to the field,
	// the value kept.
	register(t, v, "/evenementen/e1", fields).must(t, http.StatusUnprocessableEntity,
		`<a href="#kvkNumber">Een KvK-nummer heeft 8 cijfers, zoals 12345678.</a>`,
		`<p class="field-error" id="kvkNumber-error"><span class="visually-hidden">Fout:</span> Een KvK-nummer heeft 8 cijfers`,
		`aria-invalid="true" aria-describedby="kvkNumber-error kvkNumber-hint"`, `value="1234"`)

	// Spaces and dots are left out before it is sent.
	fields.Set("kvkNumber", " 12.34 56\t78 ")
	register(t, v, "/evenementen/e1", fields).must(t, http.StatusOK, "U bent aangemeld")
	if got := f.regs.last.GetKvkNumber(); got != "12345678" {
		t.Errorf("sent KvK number %q, want 12345678", got)
	}
	// None given: none sent.
	fields.Set("kvkNumber", "")
	fields.Set("email", "anna2@example.nl")
	register(t, v, "/evenementen/e1", fields).must(t, http.StatusOK)
	if got := f.regs.last.GetKvkNumber(); got != "" {
		t.Errorf("sent KvK number %q, want none", got)
	}
}

func TestNormaliseKvK(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{"12345678": "12345678", "12.34.56.78": "12345678", " 1234 5678 ": "12345678",
		"1234-5678": "1234-5678", "": "", "12\u00a034": "1234"} {
		if got := normaliseKvK(in); got != want {
			t.Errorf("normaliseKvK(%q) = %q, want %q", in, got, want)
		}
	}
}
