package domain

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func amsterdam(t *testing.T) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("Europe/Amsterdam")
	if err != nil {
		t.Fatalf("load zone: %v", err)
	}
	return loc
}

func TestDutchTimes(t *testing.T) {
	loc := amsterdam(t)
	for _, tc := range []struct {
		utc  time.Time
		want string
	}{
		// Winter time, UTC+1.
		{time.Date(2026, 3, 3, 18, 30, 0, 0, time.UTC), "dinsdag 3 maart 2026 om 19:30"},
		// Summer time starts on 29 March 2026 at 02:00 -> 03:00.
		{time.Date(2026, 3, 29, 0, 59, 0, 0, time.UTC), "zondag 29 maart 2026 om 01:59"},
		{time.Date(2026, 3, 29, 1, 0, 0, 0, time.UTC), "zondag 29 maart 2026 om 03:00"},
		// Summer time, UTC+2; it ends on 25 October 2026 at 03:00 -> 02:00.
		{time.Date(2026, 10, 25, 0, 30, 0, 0, time.UTC), "zondag 25 oktober 2026 om 02:30"},
		{time.Date(2026, 10, 25, 1, 30, 0, 0, time.UTC), "zondag 25 oktober 2026 om 02:30"},
		{time.Date(2026, 12, 31, 23, 15, 0, 0, time.UTC), "vrijdag 1 januari 2027 om 00:15"},
	} {
		if got := Dutch(tc.utc, loc); got != tc.want {
			t.Errorf("Dutch(%v) = %q, want %q", tc.utc, got, tc.want)
		}
	}
}

func TestNotices(t *testing.T) {
	n := Notices{BaseURL: "https://plein.example/", Zone: amsterdam(t)}
	base := Change{
		RegistrationID: "0193-reg",
		EventID:        "0193-ev",
		Version:        1,
		Name:           "Jan de Vries",
		Email:          "jan@example.nl",
		EventTitle:     "Smart Industry café",
		EventStartsAt:  time.Date(2026, 6, 4, 17, 0, 0, 0, time.UTC),
	}
	for _, tc := range []struct {
		name    string
		change  func(*Change)
		kind    Kind
		subject string
		has     []string
		hasNot  []string
	}{
		{
			name: "confirmed", change: func(c *Change) { c.Verb = VerbConfirmed },
			kind: KindConfirmed, subject: "Aanmelding bevestigd: Smart Industry café",
			has: []string{"Beste Jan de Vries,", "“Smart Industry café” is bevestigd",
				"donderdag 4 juni 2026 om 19:00", "https://plein.example/aanmelding/0193-reg", "English: "},
		},
		{
			name: "waitlisted", change: func(c *Change) { c.Verb = VerbWaitlisted; c.WaitlistPosition = 3 },
			kind: KindWaitlisted, subject: "Op de wachtlijst: Smart Industry café",
			has: []string{"wachtlijst, op plaats 3.", "automatisch", "at number 3"},
		},
		{
			name: "waitlisted without position", change: func(c *Change) { c.Verb = VerbWaitlisted },
			kind: KindWaitlisted, subject: "Op de wachtlijst: Smart Industry café",
			has: []string{"Je staat op de wachtlijst.\n"}, hasNot: []string{"plaats 0"},
		},
		{
			name: "promoted", change: func(c *Change) { c.Verb = VerbPromoted },
			kind: KindPromoted, subject: "Er is een plaats vrij, je bent aangemeld: Smart Industry café",
			has: []string{"plaats vrijgekomen", "nu bevestigd", "/aanmelding/0193-reg"},
		},
		{
			name: "cancelled by the attendee", change: func(c *Change) {
				c.Verb = VerbCancelled
				c.CancelledBy = CancelledByAttendee
				c.CancellationReason = "cancelled by the attendee"
			},
			kind: KindCancelled, subject: "Aanmelding geannuleerd: Smart Industry café",
			has: []string{"zoals je vroeg"}, hasNot: []string{"Reden", "organisator"},
		},
		{
			name: "cancelled by the organiser", change: func(c *Change) { c.Verb = VerbCancelled; c.CancelledBy = CancelledByOrganiser },
			kind: KindCancelled, subject: "Aanmelding geannuleerd: Smart Industry café",
			has: []string{"De organisator heeft je aanmelding"}, hasNot: []string{"Reden"},
		},
		{
			name: "event cancelled with a reason that reads like another cause", change: func(c *Change) {
				c.Verb = VerbCancelled
				c.CancelledBy = CancelledByEvent
				c.CancellationReason = "cancelled by the attendee"
			},
			kind: KindCancelled, subject: "Aanmelding geannuleerd: Smart Industry café",
			has: []string{"De organisator heeft “Smart Industry café” geannuleerd"}, hasNot: []string{"zoals je vroeg"},
		},
		{
			name: "event cancelled", change: func(c *Change) {
				c.Verb = VerbCancelled
				c.CancelledBy = CancelledByEvent
				c.CancellationReason = "De spreker is ziek.\nNieuwe datum volgt."
			},
			kind: KindCancelled, subject: "Aanmelding geannuleerd: Smart Industry café",
			has: []string{"De organisator heeft “Smart Industry café” geannuleerd",
				"Reden: De spreker is ziek. Nieuwe datum volgt.\n"},
		},
		{
			name: "no title, name or start", change: func(c *Change) {
				c.Verb = VerbConfirmed
				c.EventTitle, c.Name, c.EventStartsAt = " ", "", time.Time{}
			},
			kind: KindConfirmed, subject: "Aanmelding bevestigd",
			has: []string{"Beste deelnemer,", "voor het evenement is bevestigd"}, hasNot: []string{"Wanneer"},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := base
			tc.change(&c)
			got, ok, err := n.For(c)
			if err != nil || !ok {
				t.Fatalf("For = %v, %v", ok, err)
			}
			if got.Kind != tc.kind || got.Subject != tc.subject {
				t.Errorf("kind, subject = %q, %q; want %q, %q", got.Kind, got.Subject, tc.kind, tc.subject)
			}
			for _, s := range tc.has {
				if !strings.Contains(got.Body, s) {
					t.Errorf("body lacks %q:\n%s", s, got.Body)
				}
			}
			for _, s := range tc.hasNot {
				if strings.Contains(got.Body, s) {
					t.Errorf("body has %q:\n%s", s, got.Body)
				}
			}
			if strings.Contains(got.Body, c.Email) {
				t.Error("body repeats the e-mail address")
			}
		})
	}
}

func TestNoNotice(t *testing.T) {
	n := Notices{BaseURL: "http://localhost:8080"}
	for _, verb := range []string{VerbCheckedIn, "archived"} {
		c := Change{Verb: verb, RegistrationID: "r", Email: "a@b.nl"}
		if _, ok, err := n.For(c); ok || err != nil {
			t.Errorf("%s: ok %v, err %v; want no e-mail", verb, ok, err)
		}
	}
	erased := Change{Verb: VerbCancelled, CancelledBy: CancelledByErased, RegistrationID: "r", Email: "a@b.nl"}
	if _, ok, err := n.For(erased); ok || err != nil {
		t.Errorf("cancelled by erasure: ok %v, err %v; want no e-mail", ok, err)
	}
	if _, _, err := n.For(Change{Verb: VerbConfirmed, RegistrationID: "r"}); !errors.Is(err, ErrInvalid) {
		t.Errorf("no address: err %v, want ErrInvalid", err)
	}
}

func TestCause(t *testing.T) {
	c := Change{RegistrationID: "r1", Version: 4}
	if got, want := c.Cause(KindPromoted), "registration:r1@4/registration-promoted"; got != want {
		t.Errorf("Cause = %q, want %q", got, want)
	}
}
