package web

import (
	"encoding/xml"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"google.golang.org/protobuf/types/known/timestamppb"
)

func TestHomeListsUpcomingPublicEvents(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	p := f.visitor(t).get("/").must(t, http.StatusOK,
		`<html lang="nl">`,
		`<a href="/evenementen/e1">Smart Industry ontbijtsessie</a>`,
		"vrijdag 27 november 2026, 11:00–13:00 uur", // 10:00 UTC is 11:00 in Amsterdam in winter
		"Ondernemersplein, Rotterdam",
		"<dd>Smart Industry</dd>",
		"<li>innovatie</li>",
		"Nog 3 plaatsen vrij",
		"Nog 10 plaatsen vrij",
		"Vol: wachtlijst",
		`<option value="prog1">Smart Industry</option>`,
		`<option value="circulaire economie">`,
		`<option value="venue1">Ondernemersplein, Rotterdam</option>`,
		`<option value="2026-12">december 2026</option>`,
		`<a href="/?lang=en" lang="en" hreflang="en">English</a>`,
		`<a class="skip-link" href="#main">`,
		`<main id="main"`,
	)
	// Invite-only events and drafts are not listed.
	p.lacks(t, "Besloten rondetafel", "Concept")
	if got := p.Header.Get("Content-Language"); got != "nl" {
		t.Errorf("Content-Language %q", got)
	}
}

func TestHostileTitlesAreEscaped(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	v := f.visitor(t)
	for _, path := range []string{"/", "/embed", "/evenementen/hostile"} {
		p := v.get(path).must(t, http.StatusOK, `&lt;script&gt;alert(&#34;title&#34;)&lt;/script&gt; &amp; &#34;Co&#34;`)
		p.lacks(t, "<script>alert", `<img src=x`)
	}
	v.get("/evenementen/e1").must(t, http.StatusOK, `Petra &#34;&lt;b&gt;&#34; Visser`).lacks(t, `"<b>"`)
	atom := v.get("/evenementen.atom").must(t, http.StatusOK, `&lt;script&gt;alert(&#34;title&#34;)&lt;/script&gt; &amp; &#34;Co&#34;`)
	atom.lacks(t, "<script>")
}

func TestLanguage(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	v := f.visitor(t)

	v.header.Set("Accept-Language", "en-GB,en;q=0.9,nl;q=0.5")
	v.get("/").must(t, http.StatusOK, `<html lang="en">`, "Friday 27 November 2026, 11:00–13:00", "3 seats left",
		`<a href="/?lang=nl" lang="nl" hreflang="nl">Nederlands</a>`)
	v.header.Set("Accept-Language", "de-DE,fr;q=0.8")
	v.get("/").must(t, http.StatusOK, `<html lang="nl">`)

	// An explicit choice wins over the browser's language and is kept.
	v.header.Set("Accept-Language", "nl")
	p := v.get("/?lang=en").must(t, http.StatusOK, `<html lang="en">`)
	if !strings.Contains(p.Header.Get("Set-Cookie"), "plein_lang=en") {
		t.Errorf("choice not remembered: %q", p.Header.Get("Set-Cookie"))
	}
	v.get("/privacy").must(t, http.StatusOK, `<html lang="en">`, "Privacy statement", "Until 180 days after the event has ended.")
	v.get("/?lang=nl").must(t, http.StatusOK, `<html lang="nl">`)
	v.get("/privacy").must(t, http.StatusOK, `<html lang="nl">`, "Privacyverklaring", "Tot 180 dagen nadat het evenement is afgelopen.")
	v.get("/?lang=xx").must(t, http.StatusOK, `<html lang="nl">`)
}

func TestAgendaFilters(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	v := f.visitor(t)
	for _, tc := range []struct {
		query      string
		want, lack []string
	}{
		{"programmeId=prog1", []string{"Smart Industry ontbijtsessie", `<option value="prog1" selected>`}, []string{"Volle zaal"}},
		{"theme=innovatie", []string{"Smart Industry ontbijtsessie"}, []string{"Volle zaal"}},
		{"venueId=venue1", []string{"Smart Industry ontbijtsessie"}, []string{"Volle zaal", "Stadhuis"}},
		{"q=volle", []string{"Volle zaal", `value="volle"`}, []string{"Smart Industry ontbijtsessie"}},
		{"month=2026-12", []string{"Geen evenementen gevonden", "Alle filters wissen"}, []string{"Volle zaal"}},
		{"month=2026-11", []string{"Volle zaal", "Smart Industry ontbijtsessie"}, nil},
		{"month=nonsense", []string{"Volle zaal"}, []string{"Alle filters wissen"}},
	} {
		t.Run(tc.query, func(t *testing.T) {
			v.t = t
			p := v.get("/?"+tc.query).must(t, http.StatusOK, tc.want...)
			p.lacks(t, tc.lack...)
		})
	}
}

// TestAgendaPages walks 45 events in pages of 20, also when the venue
// filter makes the gateway filter batches itself.
func TestAgendaPages(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	room := "room1"
	f.events.events = nil
	for i := range 90 {
		e := event(fmt.Sprintf("ev%02d", i), fmt.Sprintf("Bijeenkomst %02d", i), now.Add(time.Duration(i+1)*time.Hour), 10)
		if i%2 == 0 {
			e.RoomId = &room
		}
		f.events.events = append(f.events.events, e)
	}
	v := f.visitor(t)
	for _, tc := range []struct {
		query string
		pages []int
	}{
		{"", []int{20, 20, 20, 20, 10}},
		{"venueId=venue1", []int{20, 20, 5}},
	} {
		path := "/?" + tc.query
		seen := map[string]bool{}
		for i, want := range tc.pages {
			p := v.get(path).must(t, http.StatusOK)
			if n := strings.Count(p.Body, `class="event-card"`); n != want {
				t.Fatalf("%s page %d: %d events, want %d", tc.query, i+1, n, want)
			}
			for _, m := range eventLink.FindAllStringSubmatch(p.Body, -1) {
				if seen[m[1]] {
					t.Fatalf("%s: event %s on two pages", tc.query, m[1])
				}
				seen[m[1]] = true
			}
			next := nextLink.FindStringSubmatch(p.Body)
			if i == len(tc.pages)-1 {
				if next != nil {
					t.Fatalf("%s: a next page after the last", tc.query)
				}
				break
			}
			if next == nil {
				t.Fatalf("%s page %d: no next page", tc.query, i+1)
			}
			path = strings.ReplaceAll(next[1], "&amp;", "&")
			if i == 0 {
				p = v.get(path).must(t, http.StatusOK, "Eerste pagina")
			}
		}
	}
}

func TestEmbed(t *testing.T) {
	t.Parallel()
	f := newFixture(t, func(o *Options) {
		o.EmbedOrigins = []string{"https://www.rotterdam.nl", "https://gemeente.example:8443"}
	})
	v := f.visitor(t)
	p := v.get("/embed?theme=innovatie").must(t, http.StatusOK, `<body class="embedded">`, "Smart Industry ontbijtsessie",
		`target="_blank" rel="noopener"`, `action="/embed"`)
	p.lacks(t, "Volle zaal", `class="site-header"`)
	if csp := p.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "frame-ancestors https://www.rotterdam.nl https://gemeente.example:8443") {
		t.Errorf("embed CSP %q", csp)
	}
	if xfo := p.Header.Get("X-Frame-Options"); xfo != "" {
		t.Errorf("embed X-Frame-Options %q", xfo)
	}
	home := v.get("/").must(t, http.StatusOK)
	if home.Header.Get("X-Frame-Options") != "DENY" || !strings.Contains(home.Header.Get("Content-Security-Policy"), "frame-ancestors 'none'") {
		t.Errorf("home may be framed: %v", home.Header)
	}

	// By default no site may frame it.
	d := newFixture(t).visitor(t).get("/embed").must(t, http.StatusOK)
	if !strings.Contains(d.Header.Get("Content-Security-Policy"), "frame-ancestors 'none'") {
		t.Errorf("default embed CSP %q", d.Header.Get("Content-Security-Policy"))
	}
	for _, bad := range []string{"rotterdam.nl", "https://x.nl/path", "https://x.nl; script-src *", "javascript:alert(1)"} {
		if _, err := embedPolicy([]string{bad}); err == nil {
			t.Errorf("embed origin %q accepted", bad)
		}
	}
}

func TestAtomFeed(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.events.events[0].UpdatedAt = timestamppb.New(now.Add(-time.Minute))
	p := f.visitor(t).get("/evenementen.atom?programmeId=prog1&lang=en").must(t, http.StatusOK)
	if ct := p.Header.Get("Content-Type"); ct != "application/atom+xml; charset=utf-8" {
		t.Errorf("Content-Type %q", ct)
	}
	var feed struct {
		XMLName xml.Name `xml:"http://www.w3.org/2005/Atom feed"`
		ID      string   `xml:"id"`
		Updated string   `xml:"updated"`
		Entries []struct {
			ID      string `xml:"id"`
			Title   string `xml:"title"`
			Summary string `xml:"summary"`
		} `xml:"entry"`
	}
	if err := xml.Unmarshal([]byte(p.Body), &feed); err != nil {
		t.Fatalf("not Atom: %v\n%s", err, p.Body)
	}
	if feed.ID != "https://plein.example/evenementen.atom?programmeId=prog1" || feed.Updated != "2026-11-25T09:59:00Z" {
		t.Errorf("feed id %q updated %q", feed.ID, feed.Updated)
	}
	if len(feed.Entries) != 1 || feed.Entries[0].ID != "https://plein.example/evenementen/e1" ||
		feed.Entries[0].Summary != "Friday 27 November 2026, 11:00–13:00 · Ondernemersplein, Rotterdam · Smart Industry" {
		t.Errorf("entries %+v", feed.Entries)
	}
}
