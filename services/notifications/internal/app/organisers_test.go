package app_test

import (
	"context"
	"net/mail"
	"net/url"
	"strings"
	"testing"
	"time"

	"plein.dev/notifications/internal/app"
	"plein.dev/notifications/internal/domain"
	"plein.dev/notifications/internal/email/emailtest"
	"plein.dev/notifications/migrations"
	"plein.dev/platform/sqlite"
	"plein.dev/platform/testkit"
	"plein.dev/platform/zone"
)

// organiserAccount is an account as the gateway announces it, sealed.
func organiserAccount(id, lang string, digest bool, roles ...string) domain.Account {
	return domain.Account{ID: id, Language: lang, Digest: digest, Active: true, Roles: roles,
		SealedEmail: keys.Seal(id+"@gemeente.nl", domain.AccountEmailContext(id)),
		SealedName:  keys.Seal("Naam "+id, domain.AccountNameContext(id))}
}

func inTx(t *testing.T, db *sqlite.DB, f func(tx sqlite.Tx) error) {
	t.Helper()
	if err := db.InTx(context.Background(), f); err != nil {
		t.Fatal(err)
	}
}

// The digest goes, from its hour on, once a day, to the organisers who
// asked for it, in their language, with the change of each event's
// counts over the day before and a one-click unsubscribe link that names
// the organiser only sealed; nothing on a day without changes.
func TestDigest(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	ams := func(d, h, m int) time.Time { return time.Date(2026, 6, d, h, m, 0, 0, zone.Amsterdam) }
	c := &clock{t: ams(1, 12, 0)}
	sender := &flakySender{}
	db := testkit.DB(t, migrations.FS)
	a := app.New(db, app.Mail{Writer: domain.Writer{BaseURL: "https://plein.example", Zone: zone.Amsterdam},
		From: mail.Address{Name: "Plein", Address: "noreply@plein.local"}, Sender: sender, Keys: keys,
		DigestHour: 8}, testkit.Logger(t), c.now)

	inTx(t, db, func(tx sqlite.Tx) error {
		for _, acc := range []domain.Account{
			organiserAccount("o1", "nl", true, "organiser"),
			organiserAccount("o2", "en", true, "admin", "organiser"),
			organiserAccount("o3", "nl", false, "organiser"),
			organiserAccount("amb", "nl", true, "ambassador"),
		} {
			if err := a.ApplyAccount(ctx, tx, acc); err != nil {
				return err
			}
		}
		for _, ev := range []domain.EventFacts{
			{ID: "ev1", Title: "Kennissessie", StartsAt: ams(10, 19, 0), EndsAt: ams(10, 21, 0)},
			{ID: "ev2", Title: "Stil", StartsAt: ams(11, 19, 0)},
		} {
			if err := a.ApplyEvent(ctx, tx, ev, "", false, c.now()); err != nil {
				return err
			}
		}
		for _, s := range []struct {
			at           time.Time
			ev           string
			taken, queue int
		}{
			{ams(1, 12, 0), "ev2", 3, 0},  // before the digest's day
			{ams(2, 7, 0), "ev1", 2, 0},   // before the digest's day
			{ams(2, 12, 0), "ev1", 5, 0},  // in it
			{ams(2, 15, 0), "ev1", 20, 1}, // in it
			{ams(3, 9, 0), "ev1", 19, 0},  // after it
		} {
			seats := domain.Seats{EventID: s.ev, Capacity: 20, Taken: s.taken, Waitlist: s.queue, Free: 20 - s.taken}
			if err := a.ApplySeats(ctx, tx, seats, s.at); err != nil {
				return err
			}
		}
		return nil
	})
	digests := func() map[string]domain.Email {
		out := map[string]domain.Email{}
		for _, e := range emailLog(t, a, app.EmailFilter{}) {
			if e.Kind == domain.KindDigest {
				if _, dup := out[e.To]; dup {
					t.Errorf("two digests to %s", e.To)
				}
				out[e.To] = e
			}
		}
		return out
	}

	c.t = ams(3, 7, 59)
	if err := a.SendDigests(ctx); err != nil {
		t.Fatal(err)
	}
	if got := digests(); len(got) != 0 {
		t.Fatalf("digests before 8 o'clock: %v", got)
	}
	c.t = ams(3, 8, 5)
	for range 2 {
		if err := a.SendDigests(ctx); err != nil {
			t.Fatal(err)
		}
	}
	got := digests()
	if len(got) != 2 || got["o1@gemeente.nl"].ID == "" || got["o2@gemeente.nl"].ID == "" {
		t.Fatalf("digests to %v, want o1 and o2", got)
	}
	if err := a.Deliver(ctx); err != nil {
		t.Fatal(err)
	}
	for to, want := range map[string][]string{
		"o1@gemeente.nl": {"Aanmeldingen van 3 juni 2026", "Kennissessie", "20 van 20 plaatsen (+18 sinds gisteren)", "Wachtlijst: 1"},
		"o2@gemeente.nl": {"Registrations of 3 June 2026", "Kennissessie", "20 of 20 seats (+18 since yesterday)", "Waiting list: 1"},
	} {
		m, err := emailtest.Parse(sender.raw[got[to].ID])
		if err != nil {
			t.Fatal(err)
		}
		if m.Subject != want[0] {
			t.Errorf("%s: subject %q, want %q", to, m.Subject, want[0])
		}
		for _, w := range want[1:] {
			if !strings.Contains(m.Text, w) {
				t.Errorf("%s: no %q in\n%s", to, w, m.Text)
			}
		}
		if strings.Contains(m.Text, "Stil") {
			t.Errorf("%s: an event without changes in the digest:\n%s", to, m.Text)
		}
		link := strings.Trim(m.Header.Get("List-Unsubscribe"), "<>")
		u, err := url.Parse(link)
		if err != nil || !strings.HasPrefix(link, "https://plein.example/dagoverzicht/afmelden?token=") {
			t.Fatalf("%s: List-Unsubscribe %q", to, link)
		}
		if m.Header.Get("List-Unsubscribe-Post") != "List-Unsubscribe=One-Click" {
			t.Errorf("%s: List-Unsubscribe-Post %q", to, m.Header.Get("List-Unsubscribe-Post"))
		}
		token := u.Query().Get("token")
		if id, err := keys.Open(token, domain.UnsubscribeContext); err != nil || id+"@gemeente.nl" != to {
			t.Errorf("%s: the token opens to %q, %v", to, id, err)
		}
		if strings.Contains(token, strings.TrimSuffix(to, "@gemeente.nl")) || !strings.Contains(m.Text, link) {
			t.Errorf("%s: token %q, link in the text: %v", to, token, strings.Contains(m.Text, link))
		}
	}

	// The next day: ev1 changed (19 at 9:00 on the 3rd); the day after,
	// nothing did.
	c.t = ams(4, 8, 0)
	if err := a.SendDigests(ctx); err != nil {
		t.Fatal(err)
	}
	c.t = ams(5, 9, 0)
	if err := a.SendDigests(ctx); err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range emailLog(t, a, app.EmailFilter{}) {
		if e.Kind == domain.KindDigest {
			n++
		}
	}
	if n != 4 {
		t.Errorf("%d digests over three days, want 4 (two organisers, two days with changes)", n)
	}
}

// The organisers hear once of an event filling up, again only after it
// had free seats and filled up once more; not of an event that started.
func TestEventFull(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	c := &clock{t: time.Date(2026, 6, 1, 10, 0, 0, 0, time.UTC)}
	a, db := newApp(t, c.now, nil)
	seats := func(ev string, free int) domain.Seats {
		return domain.Seats{EventID: ev, Capacity: 10, Taken: 10 - free, Free: free}
	}
	inTx(t, db, func(tx sqlite.Tx) error {
		for _, acc := range []domain.Account{organiserAccount("o1", "nl", false, "organiser"),
			organiserAccount("o2", "en", false, "organiser")} {
			if err := a.ApplyAccount(ctx, tx, acc); err != nil {
				return err
			}
		}
		for _, ev := range []domain.EventFacts{{ID: "ev1", Title: "Vol", StartsAt: c.now().Add(48 * time.Hour)},
			{ID: "past", Title: "Begonnen", StartsAt: c.now().Add(-time.Hour)}} {
			if err := a.ApplyEvent(ctx, tx, ev, "", false, c.now()); err != nil {
				return err
			}
		}
		for _, s := range []domain.Seats{seats("ev1", 1), seats("ev1", 0), seats("ev1", 0), seats("ev1", 2),
			seats("ev1", 0), seats("past", 0)} {
			if err := a.ApplySeats(ctx, tx, s, c.now()); err != nil {
				return err
			}
		}
		return nil
	})
	full := map[string]int{}
	for _, e := range emailLog(t, a, app.EmailFilter{}) {
		if e.Kind != domain.KindEventFull {
			t.Errorf("unexpected %s to %s", e.Kind, e.To)
			continue
		}
		full[e.EventID+" "+e.To]++
	}
	want := map[string]int{"ev1 o1@gemeente.nl": 2, "ev1 o2@gemeente.nl": 2}
	if len(full) != len(want) || full["ev1 o1@gemeente.nl"] != 2 || full["ev1 o2@gemeente.nl"] != 2 {
		t.Errorf("event-full e-mails %v, want %v", full, want)
	}
}

// An account stops being mailed as an organiser once deactivated or no
// longer an organiser; an address that does not open fails its message (to
// wait as a dead letter for the keys) and is not used; one organiser's
// unusable address keeps nobody else's mail.
func TestOrganisersFollowTheirAccounts(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	c := &clock{t: time.Date(2026, 6, 1, 10, 0, 0, 0, time.UTC)}
	a, db := newApp(t, c.now, nil)
	gone := organiserAccount("gone", "nl", false, "organiser")
	moved := organiserAccount("moved", "nl", false, "organiser")
	moved.SealedEmail = keys.Seal("moved@gemeente.nl", domain.AccountEmailContext("someone-else"))
	unusable := organiserAccount("unusable", "nl", false, "organiser")
	unusable.SealedEmail = keys.Seal("geen adres", domain.AccountEmailContext("unusable"))
	inTx(t, db, func(tx sqlite.Tx) error {
		if err := a.ApplyAccount(ctx, tx, moved); err == nil {
			t.Error("an address that does not open was accepted")
		}
		for _, acc := range []domain.Account{organiserAccount("o1", "nl", false, "organiser"), gone, unusable} {
			if err := a.ApplyAccount(ctx, tx, acc); err != nil {
				return err
			}
		}
		gone.Active = false
		if err := a.ApplyAccount(ctx, tx, gone); err != nil {
			return err
		}
		return a.ApplyEvent(ctx, tx, domain.EventFacts{ID: "ev1", Title: "Voorstel", Status: "proposed"}, "", true, c.now())
	})
	var to []string
	for _, e := range emailLog(t, a, app.EmailFilter{}) {
		to = append(to, e.To+" "+string(e.Kind))
	}
	if strings.Join(to, ",") != "o1@gemeente.nl organiser-new-proposal" {
		t.Errorf("e-mails %v, want only o1's proposal", to)
	}
}
