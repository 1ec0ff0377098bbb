package web

import (
	"context"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"testing"
	"time"

	"plein.dev/gateway/internal/accounts"
	"plein.dev/platform/identity"
	"plein.dev/platform/seal"
	"plein.dev/platform/testkit"
)

// digestServer serves the pages of the staff fixture with a seal keyring,
// which opens the digest's unsubscribe links.
func digestServer(t *testing.T) (*staffFixture, *seal.Keyring, func() *visitor) {
	t.Helper()
	f := newStaffFixture(t, false)
	key, err := seal.NewKey("k1")
	if err != nil {
		t.Fatal(err)
	}
	keys, err := seal.Parse(key)
	if err != nil {
		t.Fatal(err)
	}
	h, err := New(Options{Events: f.events, Registrations: f.regs, Ambassadors: f.amb, Notifications: f.notes,
		BaseURL: "https://plein.example", Now: func() time.Time { return now }, Log: testkit.Logger(t),
		Staff: &Staff{Accounts: f.accounts, SessionTTL: time.Hour, Keys: keys}})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return f, keys, func() *visitor {
		jar, err := cookiejar.New(nil)
		if err != nil {
			t.Fatal(err)
		}
		return &visitor{t: t, base: srv.URL, header: http.Header{}, c: &http.Client{Jar: jar, Timeout: 10 * time.Second,
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
	}
}

// The digest's unsubscribe link: a GET only asks, a POST (a one-click POST
// from a mail program carries no form token) stops the digest of the
// organiser sealed in the token; a token sealed for anything else, or
// altered, is no link.
func TestDigestUnsubscribe(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	f, keys, browser := digestServer(t)
	u := f.account(t, "olga@example.nl", identity.RoleOrganiser)
	on := true
	if _, err := f.accounts.SetPreferences(ctx, u.ID, accounts.Preferences{Digest: &on}); err != nil {
		t.Fatal(err)
	}
	token := keys.Seal(u.ID, UnsubscribeContext)
	path := "/dagoverzicht/afmelden?" + url.Values{"token": {token}}.Encode()
	v := browser()
	v.get(path).must(t, http.StatusOK, "Afmelden voor het dagoverzicht")
	if got, _ := f.accounts.Get(ctx, u.ID); !got.Digest {
		t.Fatal("a GET stopped the digest")
	}
	for _, bad := range []string{keys.Seal(u.ID, "something else"), token + "x", ""} {
		v.get("/dagoverzicht/afmelden?"+url.Values{"token": {bad}}.Encode()).must(t, http.StatusNotFound)
		v.do("POST", "/dagoverzicht/afmelden?"+url.Values{"token": {bad}}.Encode(), url.Values{}).must(t, http.StatusNotFound)
	}
	if got, _ := f.accounts.Get(ctx, u.ID); !got.Digest {
		t.Fatal("a bad token stopped the digest")
	}
	v.do("POST", path, url.Values{"List-Unsubscribe": {"One-Click"}}).must(t, http.StatusOK, "Je bent afgemeld")
	if got, _ := f.accounts.Get(ctx, u.ID); got.Digest {
		t.Error("the digest is still on")
	}
}

// An organiser turns the digest on and chooses the language of their
// e-mails on /beheer/account; an ambassador has no such page.
func TestAccountPage(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	f, _, browser := digestServer(t)
	signIn := func(email string, roles ...string) (*visitor, accounts.User) {
		u := f.account(t, email, roles...)
		v := browser()
		form := v.get("/inloggen").must(t, http.StatusOK)
		v.do("POST", "/inloggen", url.Values{"csrf": {form.csrf(t)}, "email": {email}, "password": {staffPassword}}).
			must(t, http.StatusSeeOther)
		return v, u
	}
	v, u := signIn("olga@example.nl", identity.RoleOrganiser)
	v.get("/beheer/account").must(t, http.StatusOK, `name="digest"`, `<option value="nl" selected>`)
	v.do("POST", "/beheer/account", url.Values{"digest": {"on"}, "language": {"en"}}).must(t, http.StatusForbidden)
	p := v.post("/beheer/account", url.Values{"digest": {"on"}, "language": {"en"}}, "/beheer/account").must(t, http.StatusSeeOther)
	if loc := p.Header.Get("Location"); loc != "/beheer/account?melding=opgeslagen" {
		t.Errorf("redirect to %q", loc)
	}
	got, err := f.accounts.Get(ctx, u.ID)
	if err != nil || !got.Digest || got.Language != "en" {
		t.Fatalf("after saving: %+v, %v", got, err)
	}
	v.get("/beheer/account?melding=opgeslagen").must(t, http.StatusOK, `checked`, `<option value="en" selected>`)
	v.post("/beheer/account", url.Values{"language": {"nl"}}, "/beheer/account").must(t, http.StatusSeeOther)
	if got, _ := f.accounts.Get(ctx, u.ID); got.Digest || got.Language != "nl" {
		t.Errorf("after turning it off: %+v", got)
	}
	amb, _ := signIn("anouk@example.nl", identity.RoleAmbassador)
	if p := amb.get("/beheer/account"); p.Status == http.StatusOK {
		t.Error("an ambassador opened the console's account page")
	}
}
