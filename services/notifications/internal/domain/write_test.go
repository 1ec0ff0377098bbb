package domain

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"plein.dev/platform/ical"
	"plein.dev/platform/rule"
	"plein.dev/platform/zone"
)

var (
	writer  = Writer{BaseURL: "https://plein.example/", Zone: zone.Amsterdam}
	created = time.Date(2026, 5, 1, 10, 0, 0, 0, time.UTC)
	starts  = time.Date(2026, 6, 4, 17, 0, 0, 0, time.UTC)
)

func registration() Registration {
	return Registration{ID: "0193-reg", EventID: "0193-ev", Version: 3, Name: "Jan de Vries", Email: "jan@example.nl",
		Status: StatusConfirmed, CheckInCode: "K7M2-Q9XD", RegisteredAt: created, SealedToken: "s1.k.sealed",
		CalendarSequence: 7, Event: Event{Title: "Smart Industry café", Description: "Koffie en innovatie.",
			StartsAt: starts, EndsAt: starts.Add(2 * time.Hour), Location: "Zaal 2, KvK Ondernemersplein, Rotterdam"}}
}

// flat is the content as one text: every block, facts as "Label: value".
func flat(c Content) string {
	var b strings.Builder
	for _, bl := range c.Blocks {
		switch {
		case bl.Link != nil:
			fmt.Fprintf(&b, "[%s](%s)\n", bl.Link.Label, bl.Link.URL)
		case len(bl.Facts) > 0:
			if bl.Text != "" {
				b.WriteString(bl.Text + "\n")
			}
			for _, f := range bl.Facts {
				fmt.Fprintf(&b, "%s: %s\n", f.Label, f.Value)
			}
		case bl.QR:
			b.WriteString("[QR]\n")
		default:
			b.WriteString(bl.Text + "\n")
		}
	}
	return b.String()
}

// Every letter to an attendee, in both languages: the subject, what it
// says, the manage link, the calendar file and the QR code.
func TestWriteAttendeeLetters(t *testing.T) {
	t.Parallel()
	type want struct {
		subject string
		has     []string
		hasNot  []string
		method  ical.Method // "" for no calendar file
		status  ical.Status
		qr      bool
	}
	change := func(h Happening, edit func(*Registration)) Change {
		r := registration()
		if edit != nil {
			edit(&r)
		}
		return Change{Happened: h, Registration: r,
			Previous: Event{StartsAt: starts.Add(-24 * time.Hour), EndsAt: starts.Add(-22 * time.Hour), Location: "Stadhuis\nRotterdam"}}
	}
	manage := "[Je aanmelding bekijken of annuleren](https://plein.example/aanmelding/0193-reg?token=tok%2Fen)"
	for _, tc := range []struct {
		name   string
		change Change
		lang   string
		want   want
	}{
		{"confirmed", change(Confirmed, nil), Dutch, want{
			subject: "Aanmelding bevestigd: Smart Industry café",
			has: []string{"Beste Jan de Vries,", "Je aanmelding voor “Smart Industry café” is bevestigd.",
				"Wanneer: donderdag 4 juni 2026 om 19:00 tot 21:00", "Waar: Zaal 2, KvK Ondernemersplein, Rotterdam",
				manage, "noem je code: K7M2-Q9XD.", "[QR]", "Met de bijlage zet je", "Tot dan!", "Met vriendelijke groet,\nPlein"},
			method: ical.Request, status: ical.Confirmed, qr: true}},
		{"confirmed in English, online", change(Confirmed, func(r *Registration) {
			r.Language, r.Event.Location = English, "https://meet.example/abc"
		}), English, want{
			subject: "Registration confirmed: Smart Industry café",
			has: []string{"Dear Jan de Vries,", "Your registration for “Smart Industry café” is confirmed.",
				"When: Thursday 4 June 2026 at 19:00 until 21:00", "Online: https://meet.example/abc",
				"[View or cancel your registration](https://plein.example/aanmelding/0193-reg?token=tok%2Fen)",
				"give your code: K7M2-Q9XD.", "Kind regards"},
			hasNot: []string{"Wanneer", "Where:"},
			method: ical.Request, status: ical.Confirmed, qr: true}},
		{"waitlisted", change(Waitlisted, func(r *Registration) { r.Status, r.WaitlistPosition = StatusWaitlisted, 3 }), Dutch, want{
			subject: "Op de wachtlijst: Smart Industry café",
			has:     []string{"Je staat op de wachtlijst. Je staat op plaats 3.", "automatisch", manage},
			hasNot:  []string{"[QR]", "code:"}}},
		{"waitlisted without position", change(Waitlisted, func(r *Registration) { r.Status = StatusWaitlisted }), Dutch, want{
			subject: "Op de wachtlijst: Smart Industry café",
			has:     []string{"Je staat op de wachtlijst.\n"}, hasNot: []string{"plaats 0"}}},
		{"promoted", change(Promoted, nil), Dutch, want{
			subject: "Er is een plaats vrij, je bent aangemeld: Smart Industry café",
			has:     []string{"plaats vrijgekomen", "nu bevestigd", manage, "[QR]", "Annuleer dan"},
			method:  ical.Request, status: ical.Confirmed, qr: true}},
		{"cancelled by the attendee", change(Cancelled, func(r *Registration) {
			r.Status, r.CancelledBy, r.CancellationReason = StatusCancelled, CancelledByAttendee, "cancelled by the attendee"
		}), Dutch, want{
			subject: "Aanmelding geannuleerd: Smart Industry café",
			has:     []string{"zoals je vroeg", "Met de bijlage haal je"}, hasNot: []string{"Reden", "organisator", "aanmelding/"},
			method: ical.Cancel, status: ical.Cancelled}},
		{"cancelled by the organiser", change(Cancelled, func(r *Registration) {
			r.Status, r.CancelledBy = StatusCancelled, CancelledByOrganiser
		}), Dutch, want{
			subject: "Aanmelding geannuleerd: Smart Industry café",
			has:     []string{"De organisator heeft je aanmelding"}, hasNot: []string{"Reden"},
			method: ical.Cancel, status: ical.Cancelled}},
		{"event cancelled with a reason that reads like another cause", change(Cancelled, func(r *Registration) {
			r.Status, r.CancelledBy, r.CancellationReason = StatusCancelled, CancelledByEvent, "De spreker is ziek.\nNieuwe datum volgt."
		}), Dutch, want{
			subject: "Afgelast: Smart Industry café",
			has: []string{"De organisator heeft “Smart Industry café” geannuleerd, en daarmee je aanmelding.",
				"Reden: De spreker is ziek. Nieuwe datum volgt.\n"},
			hasNot: []string{"zoals je vroeg"},
			method: ical.Cancel, status: ical.Cancelled}},
		{"event cancelled in English", change(Cancelled, func(r *Registration) {
			r.Language, r.Status, r.CancelledBy, r.CancellationReason = English, StatusCancelled, CancelledByEvent, "Speaker ill"
		}), English, want{
			subject: "Cancelled: Smart Industry café",
			has:     []string{"The organiser cancelled “Smart Industry café”, and with it your registration.", "Reason: Speaker ill"},
			method:  ical.Cancel, status: ical.Cancelled}},
		{"rescheduled", change(Rescheduled, func(r *Registration) {
			r.Event.StartsAt, r.Event.EndsAt = starts.Add(7*24*time.Hour), starts.Add(7*24*time.Hour+90*time.Minute)
		}), Dutch, want{
			subject: "Gewijzigd tijdstip of plaats: Smart Industry café",
			has: []string{"Het tijdstip of de plaats van “Smart Industry café” is gewijzigd.",
				"Nieuw:\nWanneer: donderdag 11 juni 2026 om 19:00 tot 20:30\nWaar: Zaal 2, KvK Ondernemersplein, Rotterdam\n",
				"Eerder:\nWanneer: woensdag 3 juni 2026 om 19:00 tot 21:00\nWaar: Stadhuis Rotterdam\n",
				"Je aanmelding blijft staan.", manage, "Met de bijlage werk je"},
			hasNot: []string{"wachtlijst"},
			method: ical.Request, status: ical.Confirmed}},
		{"rescheduled, waitlisted, in English", change(Rescheduled, func(r *Registration) {
			r.Language, r.Status = English, StatusWaitlisted
		}), English, want{
			subject: "New time or place: Smart Industry café",
			has:     []string{"The time or place of “Smart Industry café” has changed.", "New:\nWhen:", "Before:\nWhen:", "still on the waiting list"},
			method:  ical.Request, status: ical.Tentative}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			l, ok, err := tc.change.Letter()
			if err != nil || !ok {
				t.Fatalf("Letter = %v, %v", ok, err)
			}
			if l.Language != tc.lang || l.To.Email != "jan@example.nl" {
				t.Errorf("letter %+v", l)
			}
			c, err := writer.Write(l, "tok/en", created)
			if err != nil {
				t.Fatal(err)
			}
			checkContent(t, c, tc.want.subject, tc.want.has, tc.want.hasNot)
			if (c.CheckInCode != "") != tc.want.qr {
				t.Errorf("check-in code %q, want one: %v", c.CheckInCode, tc.want.qr)
			}
			if tc.want.method == "" {
				if c.Calendar != nil {
					t.Errorf("a calendar file: %+v", c.Calendar)
				}
				return
			}
			cal := c.Calendar
			if cal == nil || cal.Method != tc.want.method || len(cal.Events) != 1 || !cal.Stamp.Equal(created) {
				t.Fatalf("calendar %+v, want %s", cal, tc.want.method)
			}
			ev := cal.Events[0]
			if ev.ID != "0193-ev" || ev.Sequence != 7 || ev.Status != tc.want.status || ev.URL != "https://plein.example/evenementen/0193-ev" ||
				!ev.StartsAt.Equal(tc.change.Registration.Event.StartsAt) {
				t.Errorf("calendar event %+v", ev)
			}
		})
	}
}

func checkContent(t *testing.T, c Content, subject string, has, hasNot []string) {
	t.Helper()
	if c.Subject != subject {
		t.Errorf("subject %q, want %q", c.Subject, subject)
	}
	text := flat(c)
	for _, s := range has {
		if !strings.Contains(text, s) {
			t.Errorf("lacks %q:\n%s", s, text)
		}
	}
	for _, s := range hasNot {
		if strings.Contains(text, s) {
			t.Errorf("has %q:\n%s", s, text)
		}
	}
	if strings.Contains(text, "jan@example.nl") || strings.Contains(text, "eva@example.nl") {
		t.Errorf("repeats the address:\n%s", text)
	}
}

// Without the manage token the e-mail says where the link is; the
// reminder names the manage page for List-Unsubscribe.
func TestWriteWithoutTokenAndReminder(t *testing.T) {
	t.Parallel()
	l, _, _ := Change{Happened: Confirmed, Registration: registration()}.Letter()
	c, err := writer.Write(l, "", created)
	if err != nil {
		t.Fatal(err)
	}
	checkContent(t, c, "Aanmelding bevestigd: Smart Industry café",
		[]string{"kan met de persoonlijke link die je bij het aanmelden kreeg"}, []string{"aanmelding/0193-reg"})

	r := registration()
	r.Language = English
	l, err = ReminderLetter(r)
	if err != nil {
		t.Fatal(err)
	}
	c, err = writer.Write(l, "tok", created)
	if err != nil {
		t.Fatal(err)
	}
	checkContent(t, c, "Reminder: Smart Industry café", []string{"A reminder: “Smart Industry café” starts soon.",
		"When: Thursday 4 June 2026 at 19:00 until 21:00", "https://plein.example/aanmelding/0193-reg?token=tok", "[QR]"}, nil)
	if c.Unsubscribe != "https://plein.example/aanmelding/0193-reg?token=tok" || c.Calendar != nil {
		t.Errorf("unsubscribe %q, calendar %v", c.Unsubscribe, c.Calendar)
	}
}

// No title, name or time: the e-mail still reads.
func TestWriteWithLittleKnown(t *testing.T) {
	t.Parallel()
	r := Registration{ID: "r", Email: "jan@example.nl", Status: StatusConfirmed, Version: 1}
	l, _, _ := Change{Happened: Confirmed, Registration: r}.Letter()
	c, err := writer.Write(l, "", created)
	if err != nil {
		t.Fatal(err)
	}
	checkContent(t, c, "Aanmelding bevestigd", []string{"Beste deelnemer,", "voor het evenement is bevestigd"},
		[]string{"Wanneer", "Waar", "[QR]"})
	if c.Calendar != nil {
		t.Errorf("a calendar file without a time: %+v", c.Calendar)
	}
}

// The letters to ambassadors.
func TestWriteAmbassadorLetters(t *testing.T) {
	t.Parallel()
	a := Ambassador{ID: "a1", ProgrammeID: "p1", Programme: "Smart Industry", Name: "Eva Smit", Email: "eva@example.nl",
		TermEndsOn: "2026-07-01", Status: AmbassadorActive}
	behind, err := BehindTargetLetter(BehindTarget{Ambassador: a, AsOf: "2026-03-03", Targets: []TargetProgress{
		{Metric: "activities", Kind: "workshop", Target: 12, Approved: 2, Pending: 1, ExpectedByNow: 6},
		{Metric: "entrepreneurs-reached", Theme: "innovatie", Target: 100, Approved: 10, ExpectedByNow: 40},
	}})
	if err != nil {
		t.Fatal(err)
	}
	ending, _ := TermLetter(KindTermEnding, a)
	a.Programme = ""
	ended, _ := TermLetter(KindTermEnded, a)
	portal := "[Naar het ambassadeursportaal](https://plein.example/ambassadeur)"
	for _, tc := range []struct {
		l       Letter
		subject string
		has     []string
	}{
		{behind, "Je voortgang als ambassadeur: Smart Industry", []string{"Beste Eva Smit,",
			"op 3 maart 2026 loop je achter op deze doelen van Smart Industry.",
			"Activiteiten (workshops): 2 van 12 (nu verwacht: 6; nog te beoordelen: 1)",
			"Ondernemers bereikt (thema innovatie): 10 van 100 (nu verwacht: 40)", portal}},
		{ending, "Je termijn als ambassadeur eindigt op 1 juli 2026", []string{
			"Je termijn als ambassadeur van Smart Industry loopt tot en met 1 juli 2026.", "programmamanager", portal}},
		{ended, "Je termijn als ambassadeur is afgelopen", []string{
			"Je termijn als ambassadeur van het programma is op 1 juli 2026 afgelopen.", portal}},
	} {
		t.Run(string(tc.l.Kind), func(t *testing.T) {
			t.Parallel()
			c, err := writer.Write(tc.l, "", created)
			if err != nil {
				t.Fatal(err)
			}
			checkContent(t, c, tc.subject, tc.has, nil)
			if c.Calendar != nil || c.CheckInCode != "" || c.Unsubscribe != "" {
				t.Errorf("content %+v", c)
			}
		})
	}
}

// Changes that call for no e-mail, and those no e-mail can be made of.
func TestNoLetter(t *testing.T) {
	t.Parallel()
	r := registration()
	if _, ok, err := (Change{Registration: r}).Letter(); ok || err != nil {
		t.Errorf("nothing happened: ok %v, err %v; want no e-mail", ok, err)
	}
	erased := Change{Happened: Cancelled, Registration: Registration{ID: "r", CancelledBy: CancelledByErased}}
	if _, ok, err := erased.Letter(); ok || err != nil {
		t.Errorf("cancelled by erasure: ok %v, err %v; want no e-mail", ok, err)
	}
	gone := Change{Happened: Rescheduled, Registration: r}
	gone.Registration.Status = StatusCancelled
	if _, ok, err := gone.Letter(); ok || err != nil {
		t.Errorf("moved but cancelled: ok %v, err %v; want no e-mail", ok, err)
	}
	var re *rule.Error
	if _, _, err := (Change{Happened: Confirmed, Registration: Registration{ID: "r"}}).Letter(); !errors.As(err, &re) || re.Field() != "email" {
		t.Errorf("no address: err %v, want a rule error on email", err)
	}
	if _, err := TermLetter(KindTermEnded, Ambassador{Email: "a@b.nl"}); !errors.As(err, &re) {
		t.Errorf("no ambassador id: err %v", err)
	}
	if _, err := writer.Write(Letter{Kind: KindConfirmed}, "", created); err == nil {
		t.Error("a letter about nothing was written")
	}
	if got := (Change{Registration: Registration{ID: "r1", Version: 4}}).Cause(KindPromoted); got != "registration:r1@4/registration-promoted" {
		t.Errorf("Cause = %q", got)
	}
}
