package app_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"strings"
	"testing"
	"time"

	"google.golang.org/protobuf/proto"

	"plein.dev/ambassadors/internal/app"
	"plein.dev/ambassadors/internal/domain"
	"plein.dev/ambassadors/internal/protoconv"
	"plein.dev/platform/shred"
	"plein.dev/platform/sqlite"
	"plein.dev/platform/testkit"
	ambassadorsv1 "plein.dev/proto/gen/plein/ambassadors/v1"
)

func (f fixture) idea(t *testing.T, programmeID, email string) domain.Idea {
	t.Helper()
	i, err := f.app.SubmitIdea(context.Background(), domain.Idea{ProgrammeID: programmeID, Name: "Sanne Jansen",
		Email: email, Organisation: "Bakkerij Jansen", KvKNumber: "12345678", Title: "Gedeelde bezorgdienst",
		Description: "Eén bezorgdienst voor de binnenstad.", Themes: []string{"innovatie"}, Language: "en"})
	if err != nil {
		t.Fatal(err)
	}
	return i
}

// openIdea reads an IdeaChanged row and opens its sealed personal part with
// the key published (in clear, no seal keyring) in keyRow.
func openIdea(t *testing.T, row, keyRow outboxRow) (*ambassadorsv1.IdeaChanged, *ambassadorsv1.Idea) {
	t.Helper()
	var msg ambassadorsv1.IdeaChanged
	if err := proto.Unmarshal(row.Payload, &msg); err != nil {
		t.Fatal(err)
	}
	keyID, err := shred.KeyID(msg.GetSealedPersonal())
	if err != nil {
		t.Fatalf("sealed personal %q: %v", msg.GetSealedPersonal(), err)
	}
	if keyRow.Subject != "plein.ambassadors.person-key."+keyID {
		t.Fatalf("key published on %s, sealed with %s", keyRow.Subject, keyID)
	}
	secret, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(string(keyRow.Payload), "plain."))
	if err != nil {
		t.Fatal(err)
	}
	plain, err := shred.Open(shred.Key{ID: keyID, Secret: secret}, msg.GetSealedPersonal(), msg.GetIdea().GetId())
	if err != nil {
		t.Fatal(err)
	}
	var personal ambassadorsv1.Idea
	if err := proto.Unmarshal(plain, &personal); err != nil {
		t.Fatal(err)
	}
	return &msg, &personal
}

// A submitted and a triaged idea are announced with the submitter's name,
// address and KvK number only sealed with their own key, which goes on the
// bus once (person-key); the message names the previous status.
func TestIdeasAreAnnouncedSealed(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	p := f.programme(t)
	f.takeOutbox(t)
	i := f.idea(t, p.ID, "sanne@bakkerij.nl")
	rows := f.takeOutbox(t)
	if len(rows) != 2 || !strings.HasPrefix(rows[0].Subject, "plein.ambassadors.person-key.") ||
		rows[1].Subject != "plein.ambassadors.idea.submitted" || rows[1].Aggregate != "idea:"+i.ID || rows[1].Version != 1 {
		t.Fatalf("announced %+v", rows)
	}
	keyRow := rows[0]
	for _, clear := range []string{"sanne@bakkerij.nl", "Sanne Jansen", "12345678", "Bakkerij Jansen"} {
		if bytes.Contains(rows[1].Payload, []byte(clear)) {
			t.Errorf("the message carries %q in clear", clear)
		}
	}
	msg, personal := openIdea(t, rows[1], keyRow)
	if personal.GetEmail() != "sanne@bakkerij.nl" || personal.GetName() != "Sanne Jansen" || personal.GetKvkNumber() != "12345678" ||
		personal.GetOrganisation() != "Bakkerij Jansen" || msg.GetIdea().GetTitle() != "Gedeelde bezorgdienst" || msg.GetIdea().GetLanguage() != "en" || msg.GetPreviousStatus() != "new" {
		t.Errorf("message %v, personal %v", msg, personal)
	}

	if _, err := f.app.UpdateIdea(asOrganiser(), i.ID, domain.IdeaSupported, "Goed plan"); err != nil {
		t.Fatal(err)
	}
	rows = f.takeOutbox(t)
	if len(rows) != 1 || rows[0].Subject != "plein.ambassadors.idea.updated" || rows[0].Version != 2 {
		t.Fatalf("announced %+v (the key goes on the bus once)", rows)
	}
	msg, personal = openIdea(t, rows[0], keyRow)
	if msg.GetPreviousStatus() != "new" || msg.GetIdea().GetStatus() != "ondersteund" || msg.GetIdea().GetNote() != "Goed plan" ||
		personal.GetEmail() != "sanne@bakkerij.nl" {
		t.Errorf("message %v, personal %v", msg, personal)
	}
}

type ideaPerson struct {
	Name       string `db:"name"`
	Email      string `db:"email"`
	KvK        string `db:"kvk_number"`
	Org        string `db:"organisation"`
	Title      string `db:"title"`
	Status     string `db:"status"`
	Anonymised *int64 `db:"anonymised_at"`
}

func (f fixture) ideaRow(t *testing.T, id string) ideaPerson {
	t.Helper()
	var r ideaPerson
	if err := f.db.R.Get(&r, `SELECT name, email, kvk_number, organisation, title, status, anonymised_at FROM ideas WHERE id = ?`, id); err != nil {
		t.Fatal(err)
	}
	return r
}

func (f fixture) keys(t *testing.T) int {
	t.Helper()
	var n int
	if err := f.db.R.Get(&n, `SELECT count(*) FROM person_keys`); err != nil {
		t.Fatal(err)
	}
	return n
}

// An erasure request anonymises every idea of the address, whatever its
// case, and deletes the submitter's key — the unsent key message too, and
// from the bus — while another submitter's ideas and key stay.
func TestErasePersonAnonymisesTheirIdeas(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	p := f.programme(t)
	a := f.idea(t, p.ID, "sanne@bakkerij.nl")
	b := f.idea(t, p.ID, "Sanne@Bakkerij.nl")
	other := f.idea(t, p.ID, "piet@garage.nl")
	var shredded []string
	f.app.ShredKeysWith(func(_ context.Context, keyID string) error { shredded = append(shredded, keyID); return nil })
	var n int
	err := f.db.InTx(context.Background(), func(tx sqlite.Tx) error {
		var err error
		n, err = f.app.ErasePerson(context.Background(), tx, " SANNE@bakkerij.nl ")
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if n != 2 {
		t.Errorf("erased %d, want the 2 ideas", n)
	}
	for _, id := range []string{a.ID, b.ID} {
		if r := f.ideaRow(t, id); r.Name != "" || r.Email != "" || r.KvK != "" || r.Org != "" || r.Title != "Gedeelde bezorgdienst" || r.Anonymised == nil {
			t.Errorf("idea %s after erasure: %+v, want no name, address, KvK number or organisation", id, r)
		}
	}
	if r := f.ideaRow(t, other.ID); r.Email != "piet@garage.nl" || r.Org != "Bakkerij Jansen" {
		t.Errorf("another submitter's idea changed: %+v", r)
	}
	if f.keys(t) != 1 || len(shredded) != 1 {
		t.Errorf("%d keys left, %v shredded; want piet's left and sanne's shredded", f.keys(t), shredded)
	}
	var keyMessages int
	if err := f.db.R.Get(&keyMessages, `SELECT count(*) FROM outbox WHERE subject LIKE 'plein.ambassadors.person-key.%'`); err != nil {
		t.Fatal(err)
	}
	if keyMessages != 1 {
		t.Errorf("%d key messages in the outbox, want piet's only", keyMessages)
	}
}

// The retention sweep anonymises ideas decided longer ago than the period,
// and those never decided submitted longer ago than it (name, address, KvK
// number and organisation emptied; title and status stay), and forgets the
// key of a submitter with no idea left holding their data; recently
// submitted undecided ideas and recently decided ones keep theirs.
func TestIdeaRetention(t *testing.T) {
	t.Parallel()
	clock := now
	db := newFixture(t).db
	a := app.New(db, testkit.Logger(t), func() time.Time { return clock })
	f := fixture{db: db, app: a}
	p := f.programme(t)
	old := f.idea(t, p.ID, "sanne@bakkerij.nl")
	open := f.idea(t, p.ID, "piet@garage.nl")
	if _, err := a.UpdateIdea(asOrganiser(), old.ID, domain.IdeaRejected, "Past niet"); err != nil {
		t.Fatal(err)
	}
	clock = clock.Add(40 * 24 * time.Hour)
	recent := f.idea(t, p.ID, "kees@werf.nl")
	fresh := f.idea(t, p.ID, "els@kapper.nl")
	if _, err := a.UpdateIdea(asOrganiser(), recent.ID, domain.IdeaSupported, ""); err != nil {
		t.Fatal(err)
	}
	clock = clock.Add(10 * 24 * time.Hour)
	if err := a.IdeaRetention(30 * 24 * time.Hour).Sweep(context.Background()); err != nil {
		t.Fatal(err)
	}
	if r := f.ideaRow(t, old.ID); r.Email != "" || r.Name != "" || r.KvK != "" || r.Org != "" || r.Status != "afgewezen" || r.Anonymised == nil {
		t.Errorf("decided 50 days ago: %+v", r)
	}
	if r := f.ideaRow(t, open.ID); r.Email != "" || r.Name != "" || r.KvK != "" || r.Org != "" || r.Status != "new" ||
		r.Title != "Gedeelde bezorgdienst" || r.Anonymised == nil {
		t.Errorf("submitted 50 days ago, never decided: %+v", r)
	}
	for _, id := range []string{fresh.ID, recent.ID} {
		if r := f.ideaRow(t, id); r.Email == "" || r.Anonymised != nil {
			t.Errorf("idea %s: %+v, want it kept", id, r)
		}
	}
	if n := f.keys(t); n != 2 {
		t.Errorf("%d keys left, want kees's and els's", n)
	}
}

// The report lists the ideas supported in its period (Amsterdam days,
// both included) with the day of the decision: not those rejected, still
// open, or supported after the period.
func TestReportListsSupportedIdeas(t *testing.T) {
	t.Parallel()
	clock := now // 16 June 2025, 00:30 in Amsterdam
	db := newFixture(t).db
	a := app.New(db, testkit.Logger(t), func() time.Time { return clock })
	f := fixture{db: db, app: a}
	p := f.programme(t)
	supported := f.idea(t, p.ID, "sanne@bakkerij.nl")
	rejected := f.idea(t, p.ID, "piet@garage.nl")
	f.idea(t, p.ID, "kees@werf.nl")
	later := f.idea(t, p.ID, "els@kapper.nl")
	for _, x := range []struct {
		id string
		to domain.IdeaStatus
	}{{supported.ID, domain.IdeaSupported}, {rejected.ID, domain.IdeaRejected}} {
		if _, err := a.UpdateIdea(asOrganiser(), x.id, x.to, "Besluit"); err != nil {
			t.Fatal(err)
		}
	}
	clock = clock.Add(30 * 24 * time.Hour)
	if _, err := a.UpdateIdea(asOrganiser(), later.ID, domain.IdeaSupported, ""); err != nil {
		t.Fatal(err)
	}
	rep, err := a.Report(asOrganiser(), p.ID, "2025-06-16", "2025-06-30")
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.SupportedIdeas) != 1 || rep.SupportedIdeas[0].ID != supported.ID {
		t.Fatalf("supported ideas %+v, want Sanne's only", rep.SupportedIdeas)
	}
	rep, err = a.Report(asOrganiser(), p.ID, "", "")
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.SupportedIdeas) != 2 || rep.SupportedIdeas[1].ID != later.ID {
		t.Errorf("over the whole programme %+v, want Sanne's and Els's", rep.SupportedIdeas)
	}
	if out := protoconv.Report(rep).GetSupportedIdeas(); len(out) != 2 || out[0].GetDecidedOn() != "2025-06-16" ||
		out[0].GetTitle() != "Gedeelde bezorgdienst" || out[0].GetOrganisation() != "Bakkerij Jansen" || out[0].GetNote() != "Besluit" {
		t.Errorf("as the API answers %v", out)
	}
}

// A supported idea whose submitter was erased stays in the report, with
// its title and decision but no organisation (a sole trader's trade name is
// often their own).
func TestReportListsAnErasedSubmittersIdeaWithoutOrganisation(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	p := f.programme(t)
	i := f.idea(t, p.ID, "sanne@bakkerij.nl")
	if _, err := f.app.UpdateIdea(asOrganiser(), i.ID, domain.IdeaSupported, "Besluit"); err != nil {
		t.Fatal(err)
	}
	err := f.db.InTx(context.Background(), func(tx sqlite.Tx) error {
		_, err := f.app.ErasePerson(context.Background(), tx, "sanne@bakkerij.nl")
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	rep, err := f.app.Report(asOrganiser(), p.ID, "", "")
	if err != nil {
		t.Fatal(err)
	}
	out := protoconv.Report(rep).GetSupportedIdeas()
	if len(out) != 1 || out[0].GetTitle() != "Gedeelde bezorgdienst" || out[0].GetOrganisation() != "" ||
		out[0].GetDecidedOn() != "2025-06-16" || out[0].GetNote() != "Besluit" {
		t.Errorf("supported ideas %v, want the idea without its organisation", out)
	}
}
