package web

import (
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"google.golang.org/protobuf/types/known/timestamppb"

	ambassadorsv1 "plein.dev/proto/gen/plein/ambassadors/v1"
	eventsv1 "plein.dev/proto/gen/plein/events/v1"
	registrationsv1 "plein.dev/proto/gen/plein/registrations/v1"
)

// now is the fixture's clock: Wednesday 25 November 2026, 11:00 in
// Amsterdam.
var now = time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)

const hostileTitle = `<script>alert("title")</script> & "Co"`

type fixture struct {
	events *fakeEvents
	regs   *fakeRegistrations
	amb    *fakeAmbassadors
	h      *Handler
	srv    *httptest.Server
}

func event(id, title string, start time.Time, capacity int32) *eventsv1.Event {
	return &eventsv1.Event{Id: id, Title: title, StartsAt: timestamppb.New(start), EndsAt: timestamppb.New(start.Add(2 * time.Hour)),
		Capacity: capacity, Visibility: "public", Status: "published", UpdatedAt: timestamppb.New(now.Add(-time.Hour))}
}

// newFixture serves the pages over fakes holding a programme, a venue with
// a room, an ambassador and these events: e1 (3 seats, a question, a host,
// in the room), hostile (a title full of markup), invite (invite-only,
// code GEHEIM), full (no seats left) and draft.
func newFixture(t *testing.T, opts ...func(*Options)) *fixture {
	t.Helper()
	room := "room1"
	prog := "prog1"
	loc := "Stadhuis, Coolsingel 40, Rotterdam"
	e1 := event("e1", "Smart Industry ontbijtsessie", now.Add(48*time.Hour), 3)
	e1.Description = "Ambassadeurs vertellen.\n\nTweede alinea."
	e1.RoomId, e1.ProgrammeId, e1.Themes, e1.HostAmbassadorIds = &room, &prog, []string{"innovatie"}, []string{"amb1"}
	e1.Accessibility = &eventsv1.Accessibility{WheelchairAccessible: true, Languages: []string{"nl", "ngt"}}
	hostile := event("hostile", hostileTitle, now.Add(72*time.Hour), 10)
	hostile.Description = `<img src=x onerror=alert(1)>`
	hostile.Location = &loc
	invite := event("invite", "Besloten rondetafel", now.Add(96*time.Hour), 10)
	invite.Visibility = "invite-only"
	full := event("full", "Volle zaal", now.Add(120*time.Hour), 1)
	full.SeatsTaken = 1
	draft := event("draft", "Concept", now.Add(24*time.Hour), 10)
	draft.Status = "draft"

	f := &fixture{events: &fakeEvents{
		events: []*eventsv1.Event{e1, hostile, invite, full, draft},
		venues: []*eventsv1.Venue{{Id: "venue1", Name: "Ondernemersplein", Address: "Blaak 40", City: "Rotterdam",
			Rooms: []*eventsv1.Room{{Id: room, VenueId: "venue1", Name: "Zaal 1", Capacity: 50}}}},
	}}
	f.amb = &fakeAmbassadors{
		programmes: []*ambassadorsv1.Programme{{Id: prog, Name: "Smart Industry", Themes: []string{"innovatie", "circulaire economie"}}},
		ambassadors: []*ambassadorsv1.Ambassador{{Id: "amb1", Name: `Petra "<b>" Visser`, Organisation: "Visser Metaal",
			Sector: "maakindustrie", Bio: "Digitaliseert de werkplaats."}},
	}
	f.regs = &fakeRegistrations{ev: f.events, invite: map[string]string{"invite": "GEHEIM"},
		questions: map[string][]*registrationsv1.Question{"e1": {
			{Id: "dieet", Kind: "text", Label: "Dieetwensen", Required: false},
			{Id: "sector", Kind: "single-choice", Label: "Uw sector", Required: true, Options: []string{"bouw", "zorg"}},
		}}}
	o := Options{Events: f.events, Registrations: f.regs, Ambassadors: f.amb, BaseURL: "https://plein.example",
		Now: func() time.Time { return now }}
	for _, fn := range opts {
		fn(&o)
	}
	h, err := New(o)
	if err != nil {
		t.Fatal(err)
	}
	f.h = h
	f.srv = httptest.NewServer(h)
	t.Cleanup(f.srv.Close)
	return f
}

// visitor is a browser: it keeps cookies and does not follow redirects.
type visitor struct {
	t    *testing.T
	base string
	c    *http.Client
	// header is sent with every request.
	header http.Header
}

func (f *fixture) visitor(t *testing.T) *visitor {
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	return &visitor{t: t, base: f.srv.URL, header: http.Header{}, c: &http.Client{Jar: jar, Timeout: 10 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

type page struct {
	Status int
	Header http.Header
	Body   string
}

func (v *visitor) do(method, path string, form url.Values) page {
	v.t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, v.base+path, body)
	if err != nil {
		v.t.Fatal(err)
	}
	for k, vs := range v.header {
		req.Header[k] = vs
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
	return page{Status: resp.StatusCode, Header: resp.Header, Body: string(raw)}
}

func (v *visitor) get(path string) page {
	v.t.Helper()
	return v.do("GET", path, nil)
}

// must fails the test unless the page answers code and holds every want.
func (p page) must(t *testing.T, code int, wants ...string) page {
	t.Helper()
	if p.Status != code {
		t.Fatalf("status %d, want %d\n%s", p.Status, code, p.Body)
	}
	for _, w := range wants {
		if !strings.Contains(p.Body, w) {
			t.Errorf("page lacks %q", w)
		}
	}
	return p
}

func (p page) lacks(t *testing.T, unwanted ...string) {
	t.Helper()
	for _, u := range unwanted {
		if strings.Contains(p.Body, u) {
			t.Errorf("page holds %q", u)
		}
	}
}

var csrfInput = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// csrf returns the form token on a page.
func (p page) csrf(t *testing.T) string {
	t.Helper()
	m := csrfInput.FindStringSubmatch(p.Body)
	if m == nil {
		t.Fatalf("page has no CSRF field\n%s", p.Body)
	}
	return m[1]
}

var (
	eventLink = regexp.MustCompile(`<a href="/evenementen/([^"]+)">`)
	nextLink  = regexp.MustCompile(`<a href="([^"]+)" rel="next">`)
)

func timestampOf(t time.Time) *timestamppb.Timestamp { return timestamppb.New(t) }
