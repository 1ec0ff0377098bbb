package web

import (
	"net/http"
	"net/url"
	"testing"
)

func TestManageAndCancel(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	v := f.visitor(t)
	// Anna takes the last seat of "full"'s neighbour e1 after two others;
	// Dirk waits.
	for _, email := range []string{"a@example.nl", "b@example.nl", "c@example.nl", "dirk@example.nl"} {
		register(t, v, "/evenementen/e1", url.Values{"name": {"Naam " + email}, "email": {email}, "consent": {"yes"},
			"answers[sector]": {"bouw"}}).must(t, http.StatusOK)
	}
	v.get("/aanmelding/r4?token=token-r4").must(t, http.StatusOK, "U staat op nummer 1 van de wachtlijst.").
		lacks(t, "/qr?")

	p := v.get("/aanmelding/r1?token=token-r1").must(t, http.StatusOK,
		"<h1>Uw aanmelding</h1>", "U bent aangemeld.", "Naam a@example.nl", "a@example.nl",
		`<a href="/evenementen/e1">Smart Industry ontbijtsessie</a>`, "vrijdag 27 november 2026",
		`href="/api/v1/registrations/r1/calendar.ics?token=token-r1"`,
		`<img src="/api/v1/registrations/r1/qr?token=token-r1&amp;format=svg" width="200" height="200" alt="QR-code om in te checken, met de code ABCD2345">`,
		`href="/aanmelding/r1/afmelden?token=token-r1"`)
	if p.Header.Get("Cache-Control") != "no-store" || p.Header.Get("Referrer-Policy") != "no-referrer" {
		t.Errorf("manage page headers %v", p.Header)
	}

	step := v.get("/aanmelding/r1/afmelden?token=token-r1").must(t, http.StatusOK, "Wilt u zich afmelden?",
		`<input type="hidden" name="token" value="token-r1">`, `action="/aanmelding/r1/afmelden"`)
	done := v.do("POST", "/aanmelding/r1/afmelden", url.Values{"csrf": {step.csrf(t)}, "token": {"token-r1"}})
	if done.Status != http.StatusSeeOther || done.Header.Get("Location") != "/aanmelding/r1?token=token-r1" {
		t.Fatalf("cancel: %d %q", done.Status, done.Header.Get("Location"))
	}
	v.get("/aanmelding/r1?token=token-r1").must(t, http.StatusOK, "Deze aanmelding is afgemeld.").
		lacks(t, "/afmelden", "/qr?")
	// Dirk was first on the waiting list and has the seat now.
	v.get("/aanmelding/r4?token=token-r4").must(t, http.StatusOK, "U bent aangemeld.")
	// Cancelling again leads back to the page.
	if p := v.get("/aanmelding/r1/afmelden?token=token-r1"); p.Status != http.StatusSeeOther {
		t.Errorf("cancel step of a cancelled registration: %d", p.Status)
	}
}

func TestManageLinkNotValid(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	v := f.visitor(t)
	register(t, v, "/evenementen/e1", url.Values{"name": {"Anna"}, "email": {"anna@example.nl"}, "consent": {"yes"},
		"answers[sector]": {"bouw"}}).must(t, http.StatusOK)
	register(t, v, "/evenementen/hostile", url.Values{"name": {"Bram"}, "email": {"bram@example.nl"}, "consent": {"yes"}}).
		must(t, http.StatusOK)
	for _, path := range []string{
		"/aanmelding/r1", "/aanmelding/r1?token=", "/aanmelding/r1?token=token-r2", "/aanmelding/r9?token=token-r9",
		"/aanmelding/r1/afmelden?token=wrong",
	} {
		v.get(path).must(t, http.StatusNotFound, "Deze link is niet geldig").lacks(t, "Anna", "anna@example.nl", "Bram")
	}
	step := v.get("/aanmelding/r1/afmelden?token=token-r1").must(t, http.StatusOK)
	v.do("POST", "/aanmelding/r1/afmelden", url.Values{"csrf": {step.csrf(t)}, "token": {"token-r2"}}).
		must(t, http.StatusNotFound, "Deze link is niet geldig")
	v.do("POST", "/aanmelding/r1/afmelden", url.Values{"token": {"token-r1"}}).must(t, http.StatusForbidden)
	v.get("/aanmelding/r1?token=token-r1").must(t, http.StatusOK, "U bent aangemeld.")
}
