package app_test

import (
	"errors"
	"strings"
	"testing"

	"plein.dev/platform/rule"
	"plein.dev/registrations/internal/app"
	"plein.dev/registrations/internal/domain"
)

// TestRegisterAgainWithTheRequestKey: a registration sent again with its
// request key — the service went away before the first answer reached the
// gateway — gets the registration it made and the same manage token, and
// acts no further; another key for the same address is refused as before.
func TestRegisterAgainWithTheRequestKey(t *testing.T) {
	t.Parallel()
	a, db := setup(t)
	publish(t, a, db, "e1", 5)
	req := app.RegisterRequest{EventID: "e1", Name: "Anna", Email: "anna@example.nl", RequestKey: strings.Repeat("a1", 32)}
	first, token, err := a.Register(anon, req)
	if err != nil {
		t.Fatal(err)
	}
	again, tokenAgain, err := a.Register(anon, req)
	if err != nil {
		t.Fatalf("the same request again: %v", err)
	}
	if again.ID != first.ID || tokenAgain != token || again.Status != domain.StatusConfirmed {
		t.Fatalf("again: %s %s token equal %v, want %s confirmed and the same token", again.ID, again.Status, tokenAgain == token, first.ID)
	}
	if _, err := a.Get(anon, first.ID, tokenAgain); err != nil {
		t.Fatalf("the token of the repeat does not open the registration: %v", err)
	}
	subjects := outboxSubjects(t, db)
	if n := subjects["plein.registrations.registration.confirmed"]; n != 1 {
		t.Errorf("%d confirmations announced, want 1", n)
	}
	if s, _ := a.Seats(org, "e1"); s.Confirmed != 1 {
		t.Errorf("%d seats taken, want 1", s.Confirmed)
	}

	// The key sent again with another person's details is no repeat: the
	// first registration and its token are never handed out for it.
	stranger := req
	stranger.Name, stranger.Email = "Mallory", "mallory@example.nl"
	got, strangerToken, err := a.Register(anon, stranger)
	if err != nil || got.ID == first.ID || strangerToken == token {
		t.Fatalf("another person with the key: %s (%v), same token %v", got.ID, err, strangerToken == token)
	}

	other := req
	other.RequestKey = strings.Repeat("b2", 32)
	var re *rule.Error
	if _, _, err := a.Register(anon, other); !errors.As(err, &re) {
		t.Fatalf("the same address with another key: %v, want a rule error", err)
	}
	// Without a key, each token is new.
	_, t1, _ := a.Register(anon, app.RegisterRequest{EventID: "e1", Name: "B", Email: "b@example.nl"})
	_, t2, _ := a.Register(anon, app.RegisterRequest{EventID: "e1", Name: "C", Email: "c@example.nl"})
	if t1 == "" || t1 == t2 || t1 == token {
		t.Errorf("tokens without a key are not fresh")
	}
}
