package web

import (
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
)

func TestEveryPageCarriesTheSecurityHeaders(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	v := f.visitor(t)
	for _, path := range []string{"/", "/evenementen/e1", "/privacy", "/toegankelijkheid", "/nowhere", "/aanmelding/x?token=y"} {
		p := v.get(path)
		csp := p.Header.Get("Content-Security-Policy")
		if !strings.Contains(csp, "default-src 'none'") || !strings.Contains(csp, "script-src 'self'") ||
			strings.Contains(csp, "unsafe-inline") || strings.Contains(csp, "unsafe-eval") {
			t.Errorf("%s: CSP %q", path, csp)
		}
		for h, want := range map[string]string{"X-Frame-Options": "DENY", "X-Content-Type-Options": "nosniff",
			"Referrer-Policy": "no-referrer", "Content-Type": "text/html; charset=utf-8"} {
			if got := p.Header.Get(h); got != want {
				t.Errorf("%s: %s %q, want %q", path, h, got, want)
			}
		}
		// No inline script or style anywhere: the CSP would block it.
		if inline.MatchString(p.Body) {
			t.Errorf("%s has inline script or style: %s", path, inline.FindString(p.Body))
		}
	}
}

var inline = regexp.MustCompile(`<script>|<script [^>]*>[^<]|<style|\sstyle=|\son[a-z]+=`)

func TestStatements(t *testing.T) {
	t.Parallel()
	f := newFixture(t, func(o *Options) { o.RetentionDays = new(90) })
	v := f.visitor(t)
	v.get("/privacy").must(t, http.StatusOK, "<h1>Privacyverklaring</h1>", "Tot 90 dagen nadat het evenement is afgelopen.", "Binnen het uur daarna",
		"Welke gegevens we bewaren", "wissen", "Versie "+PrivacyVersion)
	// PLEIN_RETENTION_DAYS=0: anonymised as soon as the event ended.
	newFixture(t, func(o *Options) { o.RetentionDays = new(0) }).visitor(t).get("/privacy?lang=en").must(t, http.StatusOK,
		"Until the event has ended.", "Within the hour after that")
	v.get("/toegankelijkheid").must(t, http.StatusOK, "<h1>Toegankelijkheidsverklaring</h1>", "WCAG 2.1")
	v.get("/toegankelijkheid?lang=en").must(t, http.StatusOK, "<h1>Accessibility statement</h1>", "WCAG 2.1 level AA")
}

func TestUnknownPaths(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	v := f.visitor(t)
	for _, path := range []string{"/nowhere", "/evenementen/", "/privacy/", "/static/plein.css", "/api"} {
		v.get(path).must(t, http.StatusNotFound)
	}
	v.get("/nowhere").must(t, http.StatusNotFound, "Pagina niet gevonden", `<a href="/">Naar de agenda</a>`)
	if p := v.do("DELETE", "/", nil); p.Status != http.StatusMethodNotAllowed && p.Status != http.StatusNotFound {
		t.Errorf("DELETE /: %d", p.Status)
	}
}

func TestAssets(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	v := f.visitor(t)
	home := v.get("/").must(t, http.StatusOK)
	css := regexp.MustCompile(`href="(/static/plein\.[0-9a-f]{8}\.css)"`).FindStringSubmatch(home.Body)
	if css == nil {
		t.Fatal("no hashed stylesheet link")
	}
	p := v.get(css[1]).must(t, http.StatusOK, ":focus-visible")
	if p.Header.Get("Content-Type") != "text/css; charset=utf-8" || !strings.Contains(p.Header.Get("Cache-Control"), "immutable") {
		t.Errorf("stylesheet headers %v", p.Header)
	}
	if len(p.Body) > 16<<10 {
		t.Errorf("the stylesheet has grown to %d bytes", len(p.Body))
	}
}

func TestOpenCORS(t *testing.T) {
	t.Parallel()
	h := OpenCORS(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusOK) }))
	for path, open := range map[string]bool{
		"/api/v1/events": true, "/api/v1/events/e1": true, "/api/v1/events/e1/calendar.ics": true,
		"/api/v1/events/e1/seats/stream": true, "/api/v1/programmes": true, "/api/v1/programmes/p1": true,
		"/api/v1/programmes/p1/ambassadors": true, "/api/v1/ambassadors/a1": true, "/api/v1/calendar.ics": true,
		"/api/v1/events/e1/registrations": false, "/api/v1/ambassadors/a1/activities": false, "/api/v1/me": false,
		"/api/v1/programmes/p1/report": false, "/api/v1/registrations/r1": false, "/api/v1/users": false,
	} {
		for _, method := range []string{"GET", "POST"} {
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, httptest.NewRequest(method, path, nil))
			got := rec.Header().Get("Access-Control-Allow-Origin")
			if want := open && method == "GET"; (got == "*") != want {
				t.Errorf("%s %s: Access-Control-Allow-Origin %q", method, path, got)
			}
			if rec.Header().Get("Access-Control-Allow-Credentials") != "" {
				t.Errorf("%s %s allows credentials", method, path)
			}
		}
	}
}
