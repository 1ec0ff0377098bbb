package app_test

import (
	"context"
	"fmt"
	"net/mail"
	"slices"
	"strings"
	"testing"
	"time"

	"plein.dev/notifications/internal/app"
	"plein.dev/notifications/internal/domain"
	"plein.dev/notifications/migrations"
	"plein.dev/platform/sqlite"
	"plein.dev/platform/testkit"
	"plein.dev/platform/zone"
)

// An organiser is mailed only about what one of their organisations
// manages: a proposal, an event filling up, an ambassador's term, the
// digest's lines. What was announced without owners (before
// organisations) is the default organisation's, and so is an organiser
// announced without organisations.
func TestOrganisersMailedAboutWhatTheyManage(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	ams := func(d, h, m int) time.Time { return time.Date(2026, 6, d, h, m, 0, 0, zone.Amsterdam) }
	c := &clock{t: ams(2, 12, 0)}
	db := testkit.DB(t, migrations.FS)
	a := app.New(db, app.Mail{Writer: domain.Writer{BaseURL: "https://plein.example", Zone: zone.Amsterdam},
		From: mail.Address{Name: "Plein", Address: "noreply@plein.local"}, Sender: &flakySender{}, Keys: keys,
		DigestHour: 8}, testkit.Logger(t), c.now)

	inOrgs := func(id string, orgs ...string) domain.Account {
		acc := organiserAccount(id, "nl", true, "organiser")
		acc.OrganisationIDs = orgs
		return acc
	}
	inTx(t, db, func(tx sqlite.Tx) error {
		for _, acc := range []domain.Account{
			inOrgs("velsen", "gm0453"),
			inOrgs("beverwijk", "gm0375"),
			inOrgs("both", "gm0453", "gm0375"),
			inOrgs("old"), // announced before organisations
		} {
			if err := a.ApplyAccount(ctx, tx, acc); err != nil {
				return err
			}
		}
		if err := a.ApplyProgramme(ctx, tx, "p-b", "Beverwijk Techniek"); err != nil {
			return err
		}
		if err := a.ApplyProgrammeOwners(ctx, tx, "p-b", []string{"gm0375"}); err != nil {
			return err
		}
		for _, ev := range []domain.EventFacts{
			{ID: "ev-a", Title: "Ontbijt Velsen", StartsAt: ams(10, 9, 0), Owners: []string{"gm0453"}},
			{ID: "ev-old", Title: "Van vroeger", StartsAt: ams(11, 9, 0)},
		} {
			if err := a.ApplyEvent(ctx, tx, ev, "", true, c.now()); err != nil {
				return err
			}
			seats := domain.Seats{EventID: ev.ID, Capacity: 2, Taken: 2}
			if err := a.ApplySeats(ctx, tx, seats, c.now()); err != nil {
				return err
			}
		}
		// Seats of an event never announced: nobody manages it.
		if err := a.ApplySeats(ctx, tx, domain.Seats{EventID: "ev-unknown", Capacity: 1, Taken: 1}, c.now()); err != nil {
			return err
		}
		eva := domain.Ambassador{ID: "a1", ProgrammeID: "p-b", Name: "Eva", Email: "eva@example.nl",
			TermEndsOn: "2026-06-01", Status: domain.AmbassadorAlumni}
		return a.ApplyAmbassador(ctx, tx, eva, true)
	})
	c.t = ams(3, 8, 5)
	if err := a.SendDigests(ctx); err != nil {
		t.Fatal(err)
	}

	got := map[string][]string{}
	for _, e := range emailLog(t, a, app.EmailFilter{}) {
		if to, ok := strings.CutSuffix(e.To, "@gemeente.nl"); ok {
			what := string(e.Kind) + " " + e.EventID
			if e.Kind == domain.KindDigest {
				what = string(e.Kind) + " " + digestEvents(t, db, e.ID)
			}
			got[to] = append(got[to], strings.TrimSpace(what))
		}
	}
	for _, l := range got {
		slices.Sort(l)
	}
	want := map[string][]string{
		"velsen":    {"organiser-digest [Ontbijt Velsen]", "organiser-event-full ev-a", "organiser-new-proposal ev-a"},
		"beverwijk": {"organiser-term-ended"},
		"both": {"organiser-digest [Ontbijt Velsen]", "organiser-event-full ev-a", "organiser-new-proposal ev-a",
			"organiser-term-ended"},
		"old": {"organiser-digest [Van vroeger]", "organiser-event-full ev-old", "organiser-new-proposal ev-old"},
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("organisers mailed\n%v\nwant\n%v", got, want)
	}
}

// digestEvents returns the titles of the events a queued digest lists.
func digestEvents(t *testing.T, db *sqlite.DB, emailID string) string {
	t.Helper()
	var letter string
	if err := db.R.Get(&letter, `SELECT letter FROM mail_queue WHERE email_id = ?`, emailID); err != nil {
		t.Fatalf("digest %s: %v", emailID, err)
	}
	l, err := domain.UnmarshalLetter([]byte(letter))
	if err != nil || l.Organiser == nil || l.Organiser.Digest == nil {
		t.Fatalf("digest %s: %v", emailID, err)
	}
	var titles []string
	for _, line := range l.Organiser.Digest.Events {
		titles = append(titles, line.Event.Title)
	}
	return fmt.Sprint(titles)
}
