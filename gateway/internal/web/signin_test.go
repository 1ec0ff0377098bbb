package web

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"plein.dev/gateway/internal/accounts"
	"plein.dev/platform/identity"
)

func TestSignInAndOut(t *testing.T) {
	t.Parallel()
	f := newStaffFixture(t, false)
	f.account(t, "org@example.nl", identity.RoleOrganiser)
	v := f.browser(t)

	// Asking for a console page leads to the sign-in form, and back.
	to := v.get("/beheer/evenementen?status=draft").must(t, http.StatusSeeOther)
	if loc := to.Header.Get("Location"); loc != "/inloggen?terug=%2Fbeheer%2Fevenementen%3Fstatus%3Ddraft" {
		t.Fatalf("redirected to %q", loc)
	}
	form := v.get(to.Header.Get("Location")).must(t, http.StatusOK, "<h1>Inloggen</h1>", `name="email"`, `name="password"`,
		`autocomplete="current-password"`, `href="/wachtwoord-vergeten"`)
	action := regexp.MustCompile(`action="([^"]+)"`).FindStringSubmatch(form.Body)[1]

	// Wrong password and unknown address: one message, nothing kept but
	// the address.
	for _, email := range []string{"org@example.nl", "nobody@example.nl"} {
		p := v.do("POST", strings.ReplaceAll(action, "&amp;", "&"), url.Values{"csrf": {form.csrf(t)}, "email": {email},
			"password": {"not the password"}}).must(t, http.StatusUnprocessableEntity, "Het e-mailadres of het wachtwoord klopt niet.",
			`value="`+email+`"`)
		p.lacks(t, "not the password")
	}
	v.do("POST", "/inloggen", url.Values{"csrf": {form.csrf(t)}}).must(t, http.StatusUnprocessableEntity,
		"Vul uw e-mailadres in.", "Vul uw wachtwoord in.")
	v.do("POST", "/inloggen", url.Values{"email": {"org@example.nl"}, "password": {staffPassword}}).
		must(t, http.StatusForbidden, "Het formulier is verlopen")

	in := v.do("POST", strings.ReplaceAll(action, "&amp;", "&"), url.Values{"csrf": {form.csrf(t)}, "email": {"ORG@example.nl"},
		"password": {staffPassword}}).must(t, http.StatusSeeOther)
	if loc := in.Header.Get("Location"); loc != "/beheer/evenementen?status=draft" {
		t.Errorf("after sign-in to %q", loc)
	}
	cookie := in.Header.Get("Set-Cookie")
	if !strings.Contains(cookie, accounts.SessionCookie+"=") || !strings.Contains(cookie, "HttpOnly") || !strings.Contains(cookie, "SameSite=Lax") {
		t.Errorf("session cookie %q", cookie)
	}
	page := v.get("/beheer").must(t, http.StatusOK, "<h1>Overzicht</h1>", "org@example.nl", `action="/uitloggen"`)
	if cc := page.Header.Get("Cache-Control"); cc != "no-store" {
		t.Errorf("console Cache-Control %q", cc)
	}
	// Signed in, the form sends you on.
	if loc := v.get("/inloggen").must(t, http.StatusSeeOther).Header.Get("Location"); loc != "/beheer" {
		t.Errorf("signed-in /inloggen to %q", loc)
	}

	out := v.post("/uitloggen", nil, "/beheer").must(t, http.StatusSeeOther)
	if loc := out.Header.Get("Location"); loc != "/inloggen?melding=uitgelogd" {
		t.Errorf("after sign-out to %q", loc)
	}
	v.get("/inloggen?melding=uitgelogd").must(t, http.StatusOK, "U bent uitgelogd.")
	v.get("/beheer").must(t, http.StatusSeeOther)
}

func TestSignInSendsNowhereElse(t *testing.T) {
	t.Parallel()
	f := newStaffFixture(t, false)
	f.account(t, "amb@example.nl", identity.RoleAmbassador)
	for back, want := range map[string]string{
		"//elders.example/x": "/ambassadeur", "https://elders.example": "/ambassadeur", `/\elders.example`: "/ambassadeur",
		"/ambassadeur/activiteiten/nieuw": "/ambassadeur/activiteiten/nieuw", "": "/ambassadeur",
	} {
		v := f.browser(t)
		form := v.get("/inloggen").must(t, http.StatusOK)
		p := v.do("POST", "/inloggen?"+url.Values{"terug": {back}}.Encode(), url.Values{"csrf": {form.csrf(t)},
			"email": {"amb@example.nl"}, "password": {staffPassword}}).must(t, http.StatusSeeOther)
		if got := p.Header.Get("Location"); got != want {
			t.Errorf("terug=%q: to %q, want %q", back, got, want)
		}
	}
}

func TestSignInThrottled(t *testing.T) {
	t.Parallel()
	f := newStaffFixture(t, false)
	f.account(t, "org@example.nl", identity.RoleOrganiser)
	// Stand in for the API's throttle: every attempt must wait.
	f.srv.Config.Handler.(*Handler).staff.SignIn = func(*http.Request, string, string) (accounts.User, string, time.Duration, error) {
		return accounts.User{}, "", 90 * time.Second, nil
	}
	v := f.browser(t)
	form := v.get("/inloggen").must(t, http.StatusOK)
	p := v.do("POST", "/inloggen", url.Values{"csrf": {form.csrf(t)}, "email": {"org@example.nl"}, "password": {staffPassword}}).
		must(t, http.StatusTooManyRequests, "Te veel mislukte pogingen")
	if p.Header.Get("Retry-After") != "90" {
		t.Errorf("Retry-After %q", p.Header.Get("Retry-After"))
	}
}

// TestSignInBusy: when too many passwords are being checked at once, the
// page asks to try again in a second, and logs no error.
func TestSignInBusy(t *testing.T) {
	t.Parallel()
	f := newStaffFixture(t, false)
	f.srv.Config.Handler.(*Handler).staff.SignIn = func(*http.Request, string, string) (accounts.User, string, time.Duration, error) {
		return accounts.User{}, "", 0, accounts.ErrBusy
	}
	v := f.browser(t)
	form := v.get("/inloggen").must(t, http.StatusOK)
	p := v.do("POST", "/inloggen", url.Values{"csrf": {form.csrf(t)}, "email": {"org@example.nl"}, "password": {staffPassword}}).
		must(t, http.StatusServiceUnavailable)
	if p.Header.Get("Retry-After") != "1" {
		t.Errorf("Retry-After %q, want 1", p.Header.Get("Retry-After"))
	}
}

var tokenLink = regexp.MustCompile(`token=([A-Za-z0-9_-]+)`)

func TestInvitationActivatesTheAccount(t *testing.T) {
	t.Parallel()
	f := newStaffFixture(t, false)
	ctx := context.Background()
	_, link, err := f.accounts.Invite(ctx, accounts.Invitation{Email: "anouk@example.nl", Name: "Anouk de Vries",
		Roles: []string{identity.RoleAmbassador}, AmbassadorID: "amb1"})
	if err != nil {
		t.Fatal(err)
	}
	v := f.browser(t)
	path := "/account/activeren?token=" + link.Token
	v.get("/account/activeren?token=wrong").must(t, http.StatusNotFound, "Deze link is niet geldig")
	v.get(path).must(t, http.StatusOK, "<h1>Account activeren</h1>", "Welkom, Anouk de Vries", `autocomplete="new-password"`,
		`value="`+link.Token+`"`)
	send := func(pw, confirm string) page {
		return v.post("/account/activeren", url.Values{"token": {link.Token}, "password": {pw}, "passwordConfirm": {confirm}}, path)
	}
	send("short", "short").must(t, http.StatusUnprocessableEntity, "Kies een wachtwoord van 12 tot 200 tekens.")
	send(staffPassword, "something else entirely").must(t, http.StatusUnprocessableEntity, "De twee wachtwoorden zijn niet gelijk.")
	done := send(staffPassword, staffPassword).must(t, http.StatusSeeOther)
	if loc := done.Header.Get("Location"); loc != "/inloggen?melding=geactiveerd" {
		t.Errorf("after activation to %q", loc)
	}
	v.get(path).must(t, http.StatusNotFound)

	form := v.get("/inloggen?melding=geactiveerd").must(t, http.StatusOK, "Uw account is klaar.")
	in := v.do("POST", "/inloggen", url.Values{"csrf": {form.csrf(t)}, "email": {"anouk@example.nl"}, "password": {staffPassword}}).
		must(t, http.StatusSeeOther)
	if loc := in.Header.Get("Location"); loc != "/ambassadeur" {
		t.Errorf("the ambassador goes to %q", loc)
	}
}

func TestPasswordResetAnswersAlikeAndWorksOnce(t *testing.T) {
	t.Parallel()
	f := newStaffFixture(t, true)
	f.account(t, "org@example.nl", identity.RoleOrganiser)
	v := f.browser(t)
	v.get("/wachtwoord-vergeten").must(t, http.StatusOK, "<h1>Wachtwoord vergeten</h1>", `name="email"`)
	answer := func(email string) string {
		p := v.post("/wachtwoord-vergeten", url.Values{"email": {email}}, "/wachtwoord-vergeten").must(t, http.StatusOK,
			"Als er een account met dit e-mailadres is")
		return p.Body
	}
	if unknown, known := answer("nobody@example.nl"), answer("org@example.nl"); unknown != known {
		t.Error("the answer differs for an address with an account")
	}
	mails := f.sent()
	if len(mails) != 1 || mails[0].To != "org@example.nl" || mails[0].Purpose != accounts.Reset || mails[0].Language != "nl" {
		t.Fatalf("mailed %+v", mails)
	}
	token := tokenLink.FindStringSubmatch(mails[0].URL)[1]
	if !strings.HasPrefix(mails[0].URL, "https://plein.example/wachtwoord-herstellen?token=") {
		t.Errorf("link %s", mails[0].URL)
	}
	path := "/wachtwoord-herstellen?token=" + token
	v.get(path).must(t, http.StatusOK, "<h1>Nieuw wachtwoord kiezen</h1>")
	v.post("/wachtwoord-herstellen", url.Values{"token": {token}, "password": {"my brand new password"},
		"passwordConfirm": {"my brand new password"}}, path).must(t, http.StatusSeeOther)
	v.get(path).must(t, http.StatusNotFound)
	if _, _, err := f.accounts.SignIn(context.Background(), "org@example.nl", "my brand new password"); err != nil {
		t.Errorf("sign in with the new password: %v", err)
	}
}
