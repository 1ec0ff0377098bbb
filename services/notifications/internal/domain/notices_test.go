package domain

import (
	"errors"
	"strings"
	"testing"
	"time"

	"plein.dev/platform/rule"
	"plein.dev/platform/zone"
)

func TestDutchTimes(t *testing.T) {
	t.Parallel()
	loc := zone.Amsterdam
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
	t.Parallel()
	n := Notices{BaseURL: "https://plein.example/", Zone: zone.Amsterdam}
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
			name: "confirmed", change: func(c *Change) { c.Happened = Confirmed },
			kind: KindConfirmed, subject: "Aanmelding bevestigd: Smart Industry café",
			has: []string{"Beste Jan de Vries,", "“Smart Industry café” is bevestigd",
				"donderdag 4 juni 2026 om 19:00", "https://plein.example/aanmelding/0193-reg", "English: "},
		},
		{
			name: "waitlisted", change: func(c *Change) { c.Happened = Waitlisted; c.WaitlistPosition = 3 },
			kind: KindWaitlisted, subject: "Op de wachtlijst: Smart Industry café",
			has: []string{"wachtlijst, op plaats 3.", "automatisch", "at number 3"},
		},
		{
			name: "waitlisted without position", change: func(c *Change) { c.Happened = Waitlisted },
			kind: KindWaitlisted, subject: "Op de wachtlijst: Smart Industry café",
			has: []string{"Je staat op de wachtlijst.\n"}, hasNot: []string{"plaats 0"},
		},
		{
			name: "promoted", change: func(c *Change) { c.Happened = Promoted },
			kind: KindPromoted, subject: "Er is een plaats vrij, je bent aangemeld: Smart Industry café",
			has: []string{"plaats vrijgekomen", "nu bevestigd", "/aanmelding/0193-reg"},
		},
		{
			name: "cancelled by the attendee", change: func(c *Change) {
				c.Happened = Cancelled
				c.CancelledBy = CancelledByAttendee
				c.CancellationReason = "cancelled by the attendee"
			},
			kind: KindCancelled, subject: "Aanmelding geannuleerd: Smart Industry café",
			has: []string{"zoals je vroeg"}, hasNot: []string{"Reden", "organisator"},
		},
		{
			name: "cancelled by the organiser", change: func(c *Change) { c.Happened = Cancelled; c.CancelledBy = CancelledByOrganiser },
			kind: KindCancelled, subject: "Aanmelding geannuleerd: Smart Industry café",
			has: []string{"De organisator heeft je aanmelding"}, hasNot: []string{"Reden"},
		},
		{
			name: "event cancelled with a reason that reads like another cause", change: func(c *Change) {
				c.Happened = Cancelled
				c.CancelledBy = CancelledByEvent
				c.CancellationReason = "cancelled by the attendee"
			},
			kind: KindCancelled, subject: "Aanmelding geannuleerd: Smart Industry café",
			has: []string{"De organisator heeft “Smart Industry café” geannuleerd"}, hasNot: []string{"zoals je vroeg"},
		},
		{
			name: "event cancelled", change: func(c *Change) {
				c.Happened = Cancelled
				c.CancelledBy = CancelledByEvent
				c.CancellationReason = "De spreker is ziek.\nNieuwe datum volgt."
			},
			kind: KindCancelled, subject: "Aanmelding geannuleerd: Smart Industry café",
			has: []string{"De organisator heeft “Smart Industry café” geannuleerd",
				"Reden: De spreker is ziek. Nieuwe datum volgt.\n"},
		},
		{
			name: "rescheduled", change: func(c *Change) {
				c.Happened, c.Status = Rescheduled, StatusConfirmed
				c.EventEndsAt = c.EventStartsAt.Add(2 * time.Hour)
				c.EventLocation = "Ondernemersplein, Rotterdam"
				c.PreviousStartsAt = time.Date(2026, 6, 3, 17, 0, 0, 0, time.UTC)
				c.PreviousLocation = "Stadhuis\nRotterdam"
			},
			kind: KindRescheduled, subject: "Gewijzigd tijdstip of plaats: Smart Industry café",
			has: []string{"Het tijdstip of de plaats van “Smart Industry café” is gewijzigd.",
				"Nieuw:\nWanneer: donderdag 4 juni 2026 om 19:00 tot 21:00\nWaar: Ondernemersplein, Rotterdam\n",
				"Eerder:\nWanneer: woensdag 3 juni 2026 om 19:00\nWaar: Stadhuis Rotterdam\n",
				"Je aanmelding blijft staan.", "/aanmelding/0193-reg", "English: The time or place"},
			hasNot: []string{"wachtlijst"},
		},
		{
			name: "rescheduled across midnight, waitlisted, before unknown", change: func(c *Change) {
				c.Happened, c.Status = Rescheduled, StatusWaitlisted
				c.EventEndsAt = c.EventStartsAt.Add(6 * time.Hour)
			},
			kind: KindRescheduled, subject: "Gewijzigd tijdstip of plaats: Smart Industry café",
			has: []string{"Wanneer: donderdag 4 juni 2026 om 19:00 tot vrijdag 5 juni 2026 om 01:00\n",
				"Je staat nog steeds op de wachtlijst."},
			hasNot: []string{"Eerder", "Waar", "blijft staan"},
		},
		{
			name: "no title, name or start", change: func(c *Change) {
				c.Happened = Confirmed
				c.EventTitle, c.Name, c.EventStartsAt = " ", "", time.Time{}
			},
			kind: KindConfirmed, subject: "Aanmelding bevestigd",
			has: []string{"Beste deelnemer,", "voor het evenement is bevestigd"}, hasNot: []string{"Wanneer"},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
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
	t.Parallel()
	n := Notices{BaseURL: "http://localhost:8080"}
	if _, ok, err := n.For(Change{RegistrationID: "r", Email: "a@b.nl"}); ok || err != nil {
		t.Errorf("nothing happened: ok %v, err %v; want no e-mail", ok, err)
	}
	// Erased: no e-mail, and no address needed.
	erased := Change{Happened: Cancelled, CancelledBy: CancelledByErased, RegistrationID: "r"}
	if _, ok, err := n.For(erased); ok || err != nil {
		t.Errorf("cancelled by erasure: ok %v, err %v; want no e-mail", ok, err)
	}
	var re *rule.Error
	if _, _, err := n.For(Change{Happened: Confirmed, RegistrationID: "r"}); !errors.As(err, &re) || re.Field() != "email" {
		t.Errorf("no address: err %v, want a rule error on email", err)
	}
}
