package web

import (
	"context"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"sync"
	"testing"
	"time"

	"plein.dev/gateway/internal/accounts"
	"plein.dev/gateway/migrations"
	"plein.dev/platform/identity"
	"plein.dev/platform/testkit"
	ambassadorsv1 "plein.dev/proto/gen/plein/ambassadors/v1"
	eventsv1 "plein.dev/proto/gen/plein/events/v1"
	notificationsv1 "plein.dev/proto/gen/plein/notifications/v1"
	registrationsv1 "plein.dev/proto/gen/plein/registrations/v1"
)

const staffPassword = "a long enough password"

// staffFixture serves the pages with Staff over a real accounts store and
// fakes of the services holding: venue1 with room1 (30 seats, 15 minutes
// set-up) booked tomorrow 10:00-12:00 by "Bestuursoverleg"; the published
// event ev1 in room1 the day after with three registrations (Anna
// confirmed, code ABCD2345; Bram confirmed; Chantal waitlisted); the
// programme prog1 with ambassadors amb1 (Anouk, in term) and amb2 (Bart,
// term ended), and a pending activity of Anouk's.
type staffFixture struct {
	events   *staffEvents
	regs     *staffRegistrations
	amb      *staffAmbassadors
	notes    *staffNotifications
	accounts *accounts.Store
	srv      *httptest.Server

	mu    sync.Mutex
	mails []accounts.Mail
}

func (f *staffFixture) Send(_ context.Context, m accounts.Mail) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.mails = append(f.mails, m)
	return nil
}

func (f *staffFixture) sent() []accounts.Mail {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]accounts.Mail(nil), f.mails...)
}

// newStaffFixture starts the pages; mailing makes a Mailer of the fixture.
func newStaffFixture(t *testing.T, mailing bool) *staffFixture {
	t.Helper()
	room, prog := "room1", "prog1"
	tomorrow := dayStart(now).AddDate(0, 0, 1)
	ev1 := event("ev1", "Smart Industry ontbijtsessie", tomorrow.AddDate(0, 0, 1).Add(9*time.Hour), 10)
	ev1.RoomId, ev1.ProgrammeId, ev1.Themes = &room, &prog, []string{"innovatie"}
	f := &staffFixture{
		events: &staffEvents{events: []*eventsv1.Event{ev1},
			venues: []*eventsv1.Venue{{Id: "venue1", Name: "Ondernemersplein", City: "Rotterdam",
				Rooms: []*eventsv1.Room{{Id: room, VenueId: "venue1", Name: "Zaal 1", Capacity: 30, SetupMinutes: 15}}}},
			bookings: map[string][]*eventsv1.Booking{room: {
				{EventId: "board", Title: "Bestuursoverleg", StartsAt: timestampOf(tomorrow.Add(10 * time.Hour)),
					EndsAt: timestampOf(tomorrow.Add(12 * time.Hour)), Status: "published"},
				{EventId: "ev1", Title: ev1.GetTitle(), StartsAt: ev1.GetStartsAt(), EndsAt: ev1.GetEndsAt(), Status: "published"}}}},
		notes: &staffNotifications{emails: []*notificationsv1.Email{
			{Id: "m1", To: "anna@example.nl", Subject: "Je bent aangemeld", Kind: "registration-confirmed", EventId: "ev1",
				Status: "sent", CreatedAt: timestampOf(now.Add(-time.Hour)), SentAt: timestampOf(now.Add(-time.Hour))},
			{Id: "m2", To: "chantal@example.nl", Subject: "Je staat op de wachtlijst", Kind: "registration-waitlisted", EventId: "ev1",
				Status: "failed", Error: "RCPT 550", CreatedAt: timestampOf(now.Add(-time.Hour))}}},
		regs: &staffRegistrations{now: func() time.Time { return now }, capacity: 10, regs: []*registrationsv1.Registration{
			{Id: "r1", EventId: "ev1", Name: "Anna de Vries", Email: "anna@example.nl", Status: "confirmed", CheckInCode: "ABCD2345",
				RegisteredAt: timestampOf(now.Add(-time.Hour))},
			{Id: "r2", EventId: "ev1", Name: "Bram Jansen", Email: "bram@example.nl", Status: "confirmed", CheckInCode: "EFGH6789"},
			{Id: "r3", EventId: "ev1", Name: "Chantal Bakker", Email: "chantal@example.nl", Status: "waitlisted", CheckInCode: "JKLM2345",
				WaitlistPosition: new(int32(1))}}},
		amb: &staffAmbassadors{
			programmes: []*ambassadorsv1.Programme{{Id: prog, Name: "Smart Industry", Municipality: "Rotterdam", OwnerOrganisationIds: []string{"default"},
				Themes: []string{"innovatie", "circulaire economie"}, StartsOn: "2026-01-01", EndsOn: "2026-12-31", Status: "active",
				Targets: []*ambassadorsv1.Target{{Metric: "activities", Value: 10, Kind: "company-visit", Scope: "ambassador", Period: "year"}}}},
			ambassadors: []*ambassadorsv1.Ambassador{
				{Id: "amb1", ProgrammeId: prog, Name: "Anouk de Vries", Email: "anouk@example.nl", Organisation: "RDM",
					AppointedOn: "2026-01-01", TermEndsOn: "2026-12-31", Status: "active"},
				{Id: "amb2", ProgrammeId: prog, Name: "Bart Smit", Email: "bart@example.nl",
					AppointedOn: "2025-01-01", TermEndsOn: "2025-12-31", Status: "alumni"}},
			activities: []*ambassadorsv1.Activity{{Id: "act1", AmbassadorId: "amb1", Kind: "company-visit", OccurredOn: "2026-11-20",
				DurationMinutes: 90, Summary: "Bezoek aan een toeleverancier", EntrepreneursReached: 3, ReviewStatus: "pending"}}},
	}
	accts, err := accounts.New(testkit.DB(t, migrations.FS), func() time.Time { return now }, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	f.accounts = accts
	staff := &Staff{Accounts: accts, SessionTTL: time.Hour, Links: accounts.Links{BaseURL: "https://plein.example"}}
	if mailing {
		staff.Links.Mailer = f
	}
	h, err := New(Options{Events: f.events, Registrations: f.regs, Ambassadors: f.amb, Notifications: f.notes, BaseURL: "https://plein.example",
		Now: func() time.Time { return now }, Staff: staff, Log: testkit.Logger(t)})
	if err != nil {
		t.Fatal(err)
	}
	f.srv = httptest.NewServer(h)
	t.Cleanup(f.srv.Close)
	return f
}

// account makes an account with a password and the roles; an ambassador
// is Anouk (amb1) unless the e-mail address says bart.
func (f *staffFixture) account(t *testing.T, email string, roles ...string) accounts.User {
	t.Helper()
	nu := accounts.NewUser{Email: email, Name: email, Password: staffPassword, Roles: roles}
	for _, r := range roles {
		if r == identity.RoleAmbassador {
			nu.AmbassadorID = "amb1"
			if email == "bart@example.nl" {
				nu.AmbassadorID = "amb2"
			}
		}
	}
	u, err := f.accounts.Create(context.Background(), nu)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// browser is a visitor of the fixture with its own cookies.
func (f *staffFixture) browser(t *testing.T) *visitor {
	t.Helper()
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	return &visitor{t: t, base: f.srv.URL, header: http.Header{}, c: &http.Client{Jar: jar, Timeout: 10 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

// signedIn is a browser signed in through the sign-in form as a new
// account with the roles.
func (f *staffFixture) signedIn(t *testing.T, email string, roles ...string) *visitor {
	t.Helper()
	f.account(t, email, roles...)
	v := f.browser(t)
	form := v.get("/inloggen").must(t, http.StatusOK)
	v.do("POST", "/inloggen", url.Values{"csrf": {form.csrf(t)}, "email": {email}, "password": {staffPassword}}).
		must(t, http.StatusSeeOther)
	return v
}

// post sends a form with the browser's CSRF token, read from page path.
func (v *visitor) post(path string, form url.Values, from string) page {
	v.t.Helper()
	if form == nil {
		form = url.Values{}
	}
	form.Set("csrf", v.get(from).csrf(v.t))
	return v.do("POST", path, form)
}

// regexValue returns the first group of pattern in s.
func regexValue(t *testing.T, s, pattern string) string {
	t.Helper()
	m := regexp.MustCompile(pattern).FindStringSubmatch(s)
	if m == nil {
		t.Fatalf("no %s in the page", pattern)
	}
	return m[1]
}
