package plein_test

import (
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"
)

// agenda is what seedAgenda made: a public event with seats for two and a
// question, an invite-only event, and the organiser who made them.
type agenda struct {
	org        *client
	eventID    string
	title      string
	inviteID   string
	inviteCode string
}

// seedAgenda has the organiser create a programme, a venue with a room and
// two published events, and waits until the registrations service knows
// them.
func seedAgenda(t *testing.T, base string) agenda {
	t.Helper()
	org := signIn(t, base, adminEmail, adminPassword)
	year := time.Now().Format("2006")
	prog := org.must(http.StatusCreated, "POST", "/api/v1/programmes", map[string]any{
		"name": "Smart Industry", "municipality": "Rotterdam", "themes": []string{"innovatie"},
		"startsOn": year + "-01-01", "endsOn": year + "-12-31"})
	venue := org.must(http.StatusCreated, "POST", "/api/v1/venues", map[string]any{
		"name": "Ondernemersplein", "address": "Blaak 40", "city": "Rotterdam"})
	room := org.must(http.StatusCreated, "POST", "/api/v1/venues/"+venue["id"].(string)+"/rooms", map[string]any{
		"name": "Zaal 1", "capacity": 40})
	start := time.Now().Add(72 * time.Hour).UTC().Truncate(time.Hour)
	publish := func(body map[string]any) map[string]any {
		ev := org.must(http.StatusCreated, "POST", "/api/v1/events", body)
		return org.must(http.StatusOK, "POST", "/api/v1/events/"+ev["id"].(string)+"/publish", map[string]any{})
	}
	a := agenda{org: org, title: "Smart Industry ontbijtsessie"}
	ev := publish(map[string]any{
		"title": a.title, "description": "Ambassadeurs vertellen over digitalisering in de maakindustrie.\n\nMet ontbijt.",
		"programmeId": prog["id"], "roomId": room["id"], "capacity": 2, "themes": []string{"innovatie"},
		"startsAt": start.Format(time.RFC3339), "endsAt": start.Add(2 * time.Hour).Format(time.RFC3339),
		"accessibility": map[string]any{"wheelchairAccessible": true, "inductionLoop": true, "languages": []string{"nl"}},
	})
	a.eventID = ev["id"].(string)
	inv := publish(map[string]any{
		"title": "Besloten rondetafel", "location": "Stadhuis, Coolsingel 40, Rotterdam", "capacity": 10,
		"visibility": "invite-only",
		"startsAt":   start.Add(24 * time.Hour).Format(time.RFC3339), "endsAt": start.Add(26 * time.Hour).Format(time.RFC3339),
	})
	a.inviteID, a.inviteCode = inv["id"].(string), inv["inviteCode"].(string)
	// The registrations service learns of the events from the bus.
	eventually(t, 10*time.Second, "questions settable", func() bool {
		return org.do("PUT", "/api/v1/events/"+a.eventID+"/questions", map[string]any{"questions": []any{
			map[string]any{"id": "sector", "kind": "single-choice", "label": "Uw sector", "required": true,
				"options": []string{"maakindustrie", "logistiek"}},
		}}).Status == http.StatusOK
	})
	anon := &client{t: t, base: base, http: &http.Client{Timeout: 10 * time.Second}}
	eventually(t, 10*time.Second, "invite-only event known to registrations", func() bool {
		return anon.do("GET", "/api/v1/events/"+a.inviteID+"/questions?inviteCode="+url.QueryEscape(a.inviteCode), nil).Status == http.StatusOK
	})
	return a
}

// webVisitor is a browser without a browser: cookies kept, redirects not
// followed.
type webVisitor struct {
	t    *testing.T
	base string
	c    *http.Client
}

func newWebVisitor(t *testing.T, base string) *webVisitor {
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	return &webVisitor{t: t, base: base, c: &http.Client{Jar: jar, Timeout: 10 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

func (v *webVisitor) do(method, path string, form url.Values) response {
	v.t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, v.base+path, body)
	if err != nil {
		v.t.Fatal(err)
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	resp, err := v.c.Do(req)
	if err != nil {
		v.t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		v.t.Fatal(err)
	}
	return response{Status: resp.StatusCode, Header: resp.Header, Body: raw}
}

var formToken = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// post sends the form of the page at path, as a browser would after
// loading it.
func (v *webVisitor) post(path string, fields url.Values) response {
	v.t.Helper()
	page := v.do("GET", path, nil)
	m := formToken.FindSubmatch(page.Body)
	if m == nil {
		v.t.Fatalf("GET %s: %d, no form\n%s", path, page.Status, page.Body)
	}
	fields.Set("csrf", string(m[1]))
	return v.do("POST", strings.SplitN(path, "?", 2)[0], fields)
}

func wantPage(t *testing.T, r response, code int, wants ...string) {
	t.Helper()
	if r.Status != code {
		t.Fatalf("status %d, want %d\n%s", r.Status, code, r.Body)
	}
	for _, w := range wants {
		if !strings.Contains(string(r.Body), w) {
			t.Errorf("page lacks %q", w)
		}
	}
}

// TestInviteOnlyForm: the form of an invite-only event refuses a
// registration without the code or with a wrong one, and takes it with
// the code from the invitation link.
func TestInviteOnlyForm(t *testing.T) {
	base := startPlein(t)
	a := seedAgenda(t, base)
	v := newWebVisitor(t, base)
	wantPage(t, v.do("GET", "/", nil), http.StatusOK, a.title)
	if strings.Contains(string(v.do("GET", "/", nil).Body), "Besloten rondetafel") {
		t.Error("the invite-only event is listed")
	}
	path := "/evenementen/" + a.inviteID
	fields := url.Values{"name": {"Carla Smit"}, "email": {"carla@example.nl"}, "consent": {"yes"}}
	wantPage(t, v.post(path, fields), http.StatusUnprocessableEntity, `<a href="#inviteCode">`)
	fields.Set("inviteCode", "RADEN")
	wantPage(t, v.post(path, fields), http.StatusUnprocessableEntity, "Deze uitnodigingscode klopt niet.")
	invited := path + "?code=" + url.QueryEscape(a.inviteCode)
	wantPage(t, v.do("GET", invited, nil), http.StatusOK, `value="`+a.inviteCode+`"`)
	fields.Set("inviteCode", a.inviteCode)
	wantPage(t, v.post(invited, fields), http.StatusOK, "U bent aangemeld")
}

// TestPagesAgainstTheServices: the pages' headers, framing of /embed,
// open CORS on the public JSON, and the registration rate limit on the
// form.
func TestPagesAgainstTheServices(t *testing.T) {
	base := startPlein(t, "-embed-origins", "https://www.rotterdam.nl", "-registration-rate", "2")
	a := seedAgenda(t, base)
	v := newWebVisitor(t, base)

	home := v.do("GET", "/", nil)
	wantPage(t, home, http.StatusOK, `<html lang="nl">`, a.title, "Ondernemersplein, Rotterdam", "Nog 2 plaatsen vrij")
	if home.Header.Get("X-Frame-Options") != "DENY" || strings.Contains(home.Header.Get("Content-Security-Policy"), "unsafe-inline") {
		t.Errorf("home headers %v", home.Header)
	}
	embed := v.do("GET", "/embed?theme=innovatie", nil)
	wantPage(t, embed, http.StatusOK, a.title)
	if embed.Header.Get("X-Frame-Options") != "" ||
		!strings.Contains(embed.Header.Get("Content-Security-Policy"), "frame-ancestors https://www.rotterdam.nl") {
		t.Errorf("embed headers %v", embed.Header)
	}
	wantPage(t, v.do("GET", "/evenementen.atom", nil), http.StatusOK, "<feed", a.title)

	for _, path := range []string{"/api/v1/events", "/api/v1/events/" + a.eventID, "/api/v1/programmes"} {
		r := v.do("GET", path, nil)
		if r.Status != http.StatusOK || r.Header.Get("Access-Control-Allow-Origin") != "*" ||
			r.Header.Get("Access-Control-Allow-Credentials") != "" {
			t.Errorf("GET %s: %d, CORS %q", path, r.Status, r.Header.Get("Access-Control-Allow-Origin"))
		}
	}
	if r := v.do("GET", "/api/v1/me", nil); r.Header.Get("Access-Control-Allow-Origin") != "" {
		t.Error("CORS open on /api/v1/me")
	}

	path := "/evenementen/" + a.eventID
	for i, email := range []string{"een@example.nl", "twee@example.nl"} {
		r := v.post(path, url.Values{"name": {"Deelnemer"}, "email": {email}, "consent": {"yes"}, "answers[sector]": {"logistiek"}})
		wantPage(t, r, http.StatusOK, "U bent aangemeld", []string{"een@example.nl", "twee@example.nl"}[i])
	}
	r := v.post(path, url.Values{"name": {"Derde"}, "email": {"drie@example.nl"}, "consent": {"yes"}, "answers[sector]": {"logistiek"}})
	wantPage(t, r, http.StatusTooManyRequests, "te veel aanmeldingen")
	if r.Header.Get("Retry-After") == "" {
		t.Error("429 without Retry-After")
	}
}
