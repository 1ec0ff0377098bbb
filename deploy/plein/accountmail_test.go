package plein_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"
)

// mailLink matches the one-time link of an account e-mail in its text.
var mailLink = regexp.MustCompile(`https?://\S+?(/account/activeren|/wachtwoord-herstellen)\?token=\S+`)

// mailedLink waits for the e-mail to to whose text holds a one-time link
// to path, and returns the link.
func mailedLink(t *testing.T, dataDir, to, path string) *url.URL {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for {
		for _, m := range accountMails(t, dataDir, to) {
			if l := mailLink.FindStringSubmatch(m.Text); l != nil && l[1] == path {
				u, err := url.Parse(l[0])
				if err != nil {
					t.Fatalf("link %q: %v", l[0], err)
				}
				return u
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("no e-mail to %s with a link to %s", to, path)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// accountMails are the e-mails written to to.
func accountMails(t *testing.T, dataDir, to string) []sentMail {
	t.Helper()
	var out []sentMail
	for _, m := range readMails(t, dataDir) {
		if addrs, err := m.Header.AddressList("To"); err == nil && len(addrs) == 1 && strings.EqualFold(addrs[0].Address, to) {
			out = append(out, m)
		}
	}
	return out
}

// TestAccountMail: an invitation made through the API is e-mailed (an .eml
// file in the data dir) and its link activates the account; a password
// reset asked for a known address is e-mailed and its link sets a new
// password, one asked for an unknown address sends nothing.
func TestAccountMail(t *testing.T) {
	t.Parallel()
	dataDir := t.TempDir()
	base := startPlein(t, "-data-dir", dataDir)
	org := signIn(t, base, adminEmail, adminPassword)

	inv := org.must(http.StatusCreated, "POST", "/api/v1/invitations", map[string]any{
		"email": "sanne@example.nl", "name": "Sanne Bakker", "roles": []string{"organiser"}})
	if inv["mailed"] != true || inv["activationUrl"] != nil {
		t.Fatalf("invitation %v: want mailed, without the link", inv)
	}
	link := mailedLink(t, dataDir, "sanne@example.nl", "/account/activeren")
	mails := accountMails(t, dataDir, "sanne@example.nl")
	if len(mails) != 1 || mails[0].Subject != "Je account voor Plein" || !strings.Contains(mails[0].HTML, `href="`) {
		t.Fatalf("invitation mails %+v", mails)
	}

	sanne := newWebVisitor(t, base)
	wantPage(t, sanne.do("GET", link.RequestURI(), nil), http.StatusOK, "Sanne Bakker")
	wantPage(t, sanne.post(link.RequestURI(), url.Values{"token": {link.Query().Get("token")},
		"password": {"een lang genoeg wachtwoord"}, "passwordConfirm": {"een lang genoeg wachtwoord"}}), http.StatusSeeOther)
	wantPage(t, sanne.do("GET", link.RequestURI(), nil), http.StatusNotFound)
	if to := signInPage(t, sanne, "sanne@example.nl", "een lang genoeg wachtwoord"); to != "/beheer" {
		t.Fatalf("the organiser is sent to %q", to)
	}

	// A reset for an unknown address answers the same and sends nothing;
	// for a known address the link sets a new password.
	anon := newWebVisitor(t, base)
	wantPage(t, anon.post("/wachtwoord-vergeten", url.Values{"email": {"niemand@example.nl"}}), http.StatusOK)
	wantPage(t, anon.post("/wachtwoord-vergeten", url.Values{"email": {"Sanne@Example.nl"}}), http.StatusOK)
	reset := mailedLink(t, dataDir, "sanne@example.nl", "/wachtwoord-herstellen")
	if got := accountMails(t, dataDir, "niemand@example.nl"); len(got) != 0 {
		t.Fatalf("%d e-mails to an unknown address", len(got))
	}
	if n := len(readMails(t, dataDir)); n != 2 {
		t.Fatalf("%d e-mails, want the invitation and the reset", n)
	}
	visitor := newWebVisitor(t, base)
	wantPage(t, visitor.do("GET", reset.RequestURI(), nil), http.StatusOK)
	wantPage(t, visitor.post(reset.RequestURI(), url.Values{"token": {reset.Query().Get("token")},
		"password": {"een ander lang wachtwoord"}, "passwordConfirm": {"een ander lang wachtwoord"}}), http.StatusSeeOther)
	wantPage(t, visitor.do("GET", reset.RequestURI(), nil), http.StatusNotFound)
	if to := signInPage(t, visitor, "sanne@example.nl", "een ander lang wachtwoord"); to != "/beheer" {
		t.Fatalf("after the reset, the organiser is sent to %q", to)
	}
}
