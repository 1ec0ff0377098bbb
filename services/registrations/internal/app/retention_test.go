package app_test

import (
	"context"
	"fmt"
	"maps"
	"sync"
	"testing"
	"time"

	"plein.dev/platform/testkit"
	"plein.dev/registrations/internal/app"
	"plein.dev/registrations/internal/domain"
	"plein.dev/registrations/migrations"
)

// TestRetentionAnonymisesEndedEvents: the registrations of an event that
// ended longer ago than the retention period lose every personal field,
// while the counts the reports are made of stay as they were; a person's
// data key goes with their last registration holding data.
func TestRetentionAnonymisesEndedEvents(t *testing.T) {
	t.Parallel()
	db := testkit.DB(t, migrations.FS)
	clock := now
	a := app.New(db, testkit.Logger(t), func() time.Time { return clock })
	ended := publish(t, a, db, "e1", 2)
	later := publish(t, a, db, "e2", 5)
	later.StartsAt, later.EndsAt, later.Version = later.StartsAt.Add(30*24*time.Hour), later.EndsAt.Add(30*24*time.Hour), 2
	applyEvent(t, a, db, later, "")

	if _, err := a.SetQuestions(org, "e1", []domain.Question{{ID: "remark", Kind: domain.KindText, Label: "Opmerking"}}); err != nil {
		t.Fatal(err)
	}
	anna, _, err := a.Register(anon, app.RegisterRequest{EventID: "e1", Name: "Anna", Email: "anna@x.nl",
		Organisation: "Bakkerij Anna", KvKNumber: "69599084", Answers: []domain.Answer{{QuestionID: "remark", Values: []string{"glutenvrij"}}}})
	if err != nil {
		t.Fatal(err)
	}
	mustRegister(t, a, "e1", "bram@x.nl")
	mustRegister(t, a, "e1", "cor@x.nl") // waitlisted
	mustRegister(t, a, "e2", "anna@x.nl")
	if _, err := a.CheckIn(org, anna.ID); err != nil {
		t.Fatal(err)
	}
	before, err := a.Attendance(org, "e1")
	if err != nil {
		t.Fatal(err)
	}
	seatsBefore := seats(t, a, "e1")
	keys := func() int {
		var n int
		if err := db.R.Get(&n, `SELECT count(*) FROM person_keys`); err != nil {
			t.Fatal(err)
		}
		return n
	}
	keysBefore := keys()
	held := func(eventID string) int {
		var n int
		if err := db.R.Get(&n, `SELECT count(*) FROM registrations WHERE event_id = ? AND anonymised_at IS NULL`, eventID); err != nil {
			t.Fatal(err)
		}
		return n
	}

	// Ten days after the end: within a retention of 30 days, nothing goes.
	clock = ended.EndsAt.Add(10 * 24 * time.Hour)
	sweep(t, a.Retention(30*24*time.Hour))
	if n := held("e1"); n != 3 {
		t.Fatalf("within the retention period %d of 3 registrations held", n)
	}
	// With 0 days, e1's go; e2 has not ended.
	sweep(t, a.Retention(0))
	if n := held("e1"); n != 0 {
		t.Fatalf("%d registrations of the ended event still held", n)
	}
	if n := held("e2"); n != 1 {
		t.Fatalf("the registration of the event to come was anonymised")
	}
	var rows []struct {
		Name, Email, Organisation, KvK, Answers, Reason string
		Code                                            *string
		Token                                           []byte
	}
	if err := db.R.Select(&rows, `SELECT name, email, organisation, kvk_number AS kvk, answers, cancellation_reason AS reason,
		checkin_code AS code, token_hash AS token FROM registrations WHERE event_id = 'e1'`); err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		if r.Name != "" || r.Email != "" || r.Organisation != "" || r.KvK != "" || r.Answers != "[]" || r.Code != nil || len(r.Token) != 0 {
			t.Errorf("personal data left after anonymisation: %+v", r)
		}
	}
	if after, err := a.Attendance(org, "e1"); err != nil || after != before {
		t.Errorf("attendance after anonymisation %+v (%v), before %+v", after, err, before)
	}
	if s := seats(t, a, "e1"); s != seatsBefore {
		t.Errorf("seats after anonymisation %+v, before %+v", s, seatsBefore)
	}
	// Bram and Cor have nothing left, Anna still her registration for e2.
	if got := keys(); keysBefore != 3 || got != 1 {
		t.Errorf("person keys: %d before, %d after; want 3, then 1 (Anna's)", keysBefore, got)
	}
	if regs, err := a.PersonRegistrations(admin, "anna@x.nl"); err != nil || len(regs) != 1 || regs[0].EventID != "e2" {
		t.Errorf("Anna's registrations after the sweep: %+v %v", regs, err)
	}

	// Once e2 ended too, Anna's key goes with it; a sweep again finds nothing.
	clock = later.EndsAt.Add(time.Minute)
	sweep(t, a.Retention(0))
	sweep(t, a.Retention(0))
	if n, k := held("e2"), keys(); n != 0 || k != 0 {
		t.Errorf("after e2 ended: %d registrations held, %d keys", n, k)
	}
}

func sweep(t *testing.T, r *app.Retention) {
	t.Helper()
	if err := r.Sweep(context.Background()); err != nil {
		t.Fatal(err)
	}
}

// TestRetentionSweepsMoreThanABatch: a sweep over more expired
// registrations than one transaction takes (200) anonymises every one of
// them exactly once — across events that ended at the same moment, an
// event with none, and an event split between two batches — and deletes
// each person's key once; the event to come keeps its registrations. A
// sweep after it finds nothing.
func TestRetentionSweepsMoreThanABatch(t *testing.T) {
	t.Parallel()
	db := testkit.DB(t, migrations.FS)
	clock := now
	var mu sync.Mutex
	shredded := map[string]int{}
	a := app.New(db, testkit.Logger(t), func() time.Time { return clock }).ShredKeysWith(func(_ context.Context, keyID string) error {
		mu.Lock()
		defer mu.Unlock()
		shredded[keyID]++
		return nil
	})
	publish(t, a, db, "e1", 500)
	publish(t, a, db, "e2", 500) // ends with e1
	publish(t, a, db, "e3", 500) // no registrations
	later := publish(t, a, db, "e4", 500)
	last := publish(t, a, db, "e5", 500)
	last.StartsAt, last.EndsAt, last.Version = last.StartsAt.Add(time.Hour), last.EndsAt.Add(time.Hour), 2
	applyEvent(t, a, db, last, "")
	later.StartsAt, later.EndsAt, later.Version = later.StartsAt.Add(30*24*time.Hour), later.EndsAt.Add(30*24*time.Hour), 2
	applyEvent(t, a, db, later, "")
	want := map[string]int{"e1": 150, "e2": 30, "e5": 120}
	for i := range 150 {
		// Interleaved, as people register over weeks.
		for _, ev := range []string{"e1", "e2", "e5", "e4"} {
			if i < want[ev] || ev == "e4" && i < 5 {
				mustRegister(t, a, ev, fmt.Sprintf("p%d-%s@x.nl", i, ev))
			}
		}
	}
	var keysBefore int
	if err := db.R.Get(&keysBefore, `SELECT count(*) FROM person_keys`); err != nil {
		t.Fatal(err)
	}

	clock = last.EndsAt.Add(time.Minute)
	sweep(t, a.Retention(0))
	var rows []struct {
		EventID      string `db:"event_id"`
		Held         int    `db:"held"`
		AnonymisedAt int64  `db:"anonymised_at"`
		N            int    `db:"n"`
	}
	if err := db.R.Select(&rows, `SELECT event_id, anonymised_at IS NULL AS held, coalesce(anonymised_at, 0) AS anonymised_at, count(*) AS n
		FROM registrations GROUP BY 1, 2, 3 ORDER BY 1`); err != nil {
		t.Fatal(err)
	}
	got := map[string]int{}
	for _, r := range rows {
		switch {
		case r.EventID == "e4" && (r.Held != 1 || r.N != 5):
			t.Errorf("the event to come: %+v, want its 5 registrations held", r)
		case r.EventID != "e4" && (r.Held != 0 || r.AnonymisedAt != clock.Unix()):
			t.Errorf("%s: %d registrations held or anonymised at %d, want all anonymised by the sweep at %d",
				r.EventID, r.N, r.AnonymisedAt, clock.Unix())
		case r.EventID != "e4":
			got[r.EventID] += r.N
		}
	}
	if !maps.Equal(got, want) {
		t.Errorf("anonymised per event %v, want %v", got, want)
	}
	var keysAfter int
	if err := db.R.Get(&keysAfter, `SELECT count(*) FROM person_keys`); err != nil {
		t.Fatal(err)
	}
	keys := func() (distinct int, again []string) {
		mu.Lock()
		defer mu.Unlock()
		for id, n := range shredded {
			if n != 1 {
				again = append(again, id)
			}
		}
		return len(shredded), again
	}
	if shred, again := keys(); keysBefore != 305 || keysAfter != 5 || shred != 300 || len(again) != 0 {
		t.Errorf("person keys %d before, %d after, %d shredded, %q more than once; want 305, 5, 300, none",
			keysBefore, keysAfter, shred, again)
	}

	// Nothing left: a second sweep changes nothing.
	clock = clock.Add(time.Hour)
	sweep(t, a.Retention(0))
	var n int
	if err := db.R.Get(&n, `SELECT count(*) FROM registrations WHERE anonymised_at = ?`, clock.Unix()); err != nil || n != 0 {
		t.Errorf("the second sweep anonymised %d (%v)", n, err)
	}
	if shred, again := keys(); shred != 300 || len(again) != 0 {
		t.Errorf("after the second sweep %d keys shredded, %q more than once", shred, again)
	}
}
