package app_test

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"

	"plein.dev/platform/sqlite"
	"plein.dev/platform/testkit"
	"plein.dev/registrations/internal/app"
	"plein.dev/registrations/internal/domain"
	"plein.dev/registrations/internal/store"
	"plein.dev/registrations/migrations"
)

var now = time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)

func setup(t *testing.T) (*app.Service, *sqlite.DB) {
	t.Helper()
	db := testkit.DB(t, migrations.FS)
	return app.New(db, testkit.Logger(t), func() time.Time { return now }), db
}

func publish(t *testing.T, s *app.Service, db *sqlite.DB, id string, capacity int) domain.Event {
	t.Helper()
	ev := domain.Event{ID: id, Title: "Ontbijtsessie " + id, StartsAt: now.Add(48 * time.Hour),
		EndsAt: now.Add(50 * time.Hour), Capacity: capacity, Status: "published", Visibility: "public"}
	applyEvent(t, s, db, ev, "")
	return ev
}

func applyEvent(t *testing.T, s *app.Service, db *sqlite.DB, ev domain.Event, reason string) {
	t.Helper()
	err := db.InTx(context.Background(), func(tx *sqlx.Tx) error { return s.ApplyEvent(context.Background(), tx, ev, reason) })
	if err != nil {
		t.Fatal(err)
	}
}

func outboxSubjects(t *testing.T, db *sqlite.DB) map[string]int {
	t.Helper()
	var subjects []string
	if err := db.R.Select(&subjects, `SELECT subject FROM outbox ORDER BY seq`); err != nil {
		t.Fatal(err)
	}
	out := map[string]int{}
	for _, s := range subjects {
		out[s]++
	}
	return out
}

// TestCapacityUnderConcurrency registers many people at once for few seats.
// The guard is that Register counts the confirmed seats inside the same
// write transaction (single writer connection, BEGIN IMMEDIATE) that inserts
// the registration. With the count moved before the transaction, this test
// fails: all 200 were confirmed for 20 seats when we tried it.
func TestCapacityUnderConcurrency(t *testing.T) {
	s, db := setup(t)
	const seats, people = 20, 200
	publish(t, s, db, "e1", seats)

	var wg sync.WaitGroup
	results := make([]domain.Registration, people)
	errs := make([]error, people)
	for i := range people {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[i], _, errs[i] = s.Register(context.Background(), app.Request{
				EventID: "e1", Name: fmt.Sprint("person ", i), Email: fmt.Sprintf("p%d@example.nl", i)})
		}()
	}
	wg.Wait()
	confirmed := 0
	var positions []int
	for i, r := range results {
		if errs[i] != nil {
			t.Fatalf("registration %d: %v", i, errs[i])
		}
		switch r.Status {
		case domain.StatusConfirmed:
			confirmed++
		case domain.StatusWaitlisted:
			positions = append(positions, r.WaitlistPosition)
		}
	}
	if confirmed != seats {
		t.Errorf("%d confirmed, want %d", confirmed, seats)
	}
	sort.Ints(positions)
	for i, p := range positions {
		if p != i+1 {
			t.Fatalf("waiting-list positions %v are not 1..%d without gaps", positions, people-seats)
		}
	}
	counts, err := store.CountSeats(context.Background(), db.R, "e1")
	if err != nil {
		t.Fatal(err)
	}
	if counts.Confirmed != seats || counts.Waitlisted != people-seats {
		t.Errorf("stored counts %+v", counts)
	}
	subj := outboxSubjects(t, db)
	if subj["plein.registrations.registration.confirmed"] != seats ||
		subj["plein.registrations.registration.waitlisted"] != people-seats ||
		subj["plein.registrations.seats.changed"] != people {
		t.Errorf("outbox %v", subj)
	}
}

func TestCancelPromotesFirstWaiting(t *testing.T) {
	s, db := setup(t)
	publish(t, s, db, "e1", 1)
	ctx := context.Background()
	a, tokA, err := s.Register(ctx, app.Request{EventID: "e1", Name: "A", Email: "a@example.nl"})
	if err != nil {
		t.Fatal(err)
	}
	b, _, _ := s.Register(ctx, app.Request{EventID: "e1", Name: "B", Email: "b@example.nl"})
	c, _, _ := s.Register(ctx, app.Request{EventID: "e1", Name: "C", Email: "c@example.nl"})
	if b.WaitlistPosition != 1 || c.WaitlistPosition != 2 {
		t.Fatalf("positions b=%d c=%d", b.WaitlistPosition, c.WaitlistPosition)
	}
	if err := s.Cancel(ctx, a.ID, app.Access{Token: tokA}, "kan niet"); err != nil {
		t.Fatal(err)
	}
	// Cancelling again is harmless.
	if err := s.Cancel(ctx, a.ID, app.Access{Token: tokA}, "kan niet"); err != nil {
		t.Fatal(err)
	}
	gotB, _ := s.Get(ctx, b.ID, app.Access{Organiser: true})
	gotC, _ := s.Get(ctx, c.ID, app.Access{Organiser: true})
	if gotB.Status != domain.StatusConfirmed || gotC.Status != domain.StatusWaitlisted || gotC.WaitlistPosition != 1 {
		t.Fatalf("after cancel: b %s, c %s at %d", gotB.Status, gotC.Status, gotC.WaitlistPosition)
	}
	if n := outboxSubjects(t, db)["plein.registrations.registration.promoted"]; n != 1 {
		t.Errorf("%d promotions announced, want 1", n)
	}
}

func TestTokenOpensOnlyItsOwnRegistration(t *testing.T) {
	s, db := setup(t)
	publish(t, s, db, "e1", 5)
	ctx := context.Background()
	a, tokA, _ := s.Register(ctx, app.Request{EventID: "e1", Name: "A", Email: "a@example.nl"})
	b, _, _ := s.Register(ctx, app.Request{EventID: "e1", Name: "B", Email: "b@example.nl"})
	if _, err := s.Get(ctx, a.ID, app.Access{Token: tokA}); err != nil {
		t.Fatalf("own token: %v", err)
	}
	for _, acc := range []app.Access{{Token: tokA}, {Token: ""}, {Token: "x" + tokA}} {
		if _, err := s.Get(ctx, b.ID, acc); !errors.Is(err, domain.ErrNotFound) {
			t.Errorf("access %+v to another registration: %v, want not found", acc, err)
		}
		if err := s.Cancel(ctx, b.ID, acc, ""); !errors.Is(err, domain.ErrNotFound) {
			t.Errorf("cancel with %+v: %v, want not found", acc, err)
		}
	}
}

func TestDuplicateEmailInOtherCase(t *testing.T) {
	s, db := setup(t)
	publish(t, s, db, "e1", 5)
	ctx := context.Background()
	if _, _, err := s.Register(ctx, app.Request{EventID: "e1", Name: "A", Email: "Anna@Example.nl"}); err != nil {
		t.Fatal(err)
	}
	_, _, err := s.Register(ctx, app.Request{EventID: "e1", Name: "A", Email: "  anna@example.NL "})
	if !errors.Is(err, domain.ErrDuplicate) {
		t.Fatalf("second registration: %v, want duplicate", err)
	}
}

func TestRegistrationWindow(t *testing.T) {
	s, db := setup(t)
	ctx := context.Background()
	opens, closes := now.Add(time.Hour), now.Add(2*time.Hour)
	cases := []struct {
		name   string
		ev     domain.Event
		wantOK bool
	}{
		{"open", domain.Event{Status: "published", Visibility: "public"}, true},
		{"not yet open", domain.Event{Status: "published", Visibility: "public", OpensAt: &opens}, false},
		{"closed", domain.Event{Status: "published", Visibility: "public", ClosesAt: &[]time.Time{now}[0]}, false},
		{"closes later", domain.Event{Status: "published", Visibility: "public", ClosesAt: &closes}, true},
		{"draft", domain.Event{Status: "draft", Visibility: "public"}, false},
		{"cancelled", domain.Event{Status: "cancelled", Visibility: "public"}, false},
		{"internal", domain.Event{Status: "published", Visibility: "internal"}, false},
	}
	for i, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ev := tc.ev
			ev.ID, ev.Title, ev.Capacity = fmt.Sprint("w", i), "x", 10
			ev.StartsAt, ev.EndsAt = now.Add(48*time.Hour), now.Add(50*time.Hour)
			applyEvent(t, s, db, ev, "")
			_, _, err := s.Register(ctx, app.Request{EventID: ev.ID, Name: "A", Email: "a@example.nl"})
			var re *domain.RuleError
			if tc.wantOK && err != nil || !tc.wantOK && !errors.As(err, &re) {
				t.Fatalf("register: %v", err)
			}
		})
	}
}

func TestEventCancellationCancelsEveryRegistration(t *testing.T) {
	s, db := setup(t)
	ev := publish(t, s, db, "e1", 1)
	ctx := context.Background()
	a, _, _ := s.Register(ctx, app.Request{EventID: "e1", Name: "A", Email: "a@example.nl"})
	b, _, _ := s.Register(ctx, app.Request{EventID: "e1", Name: "B", Email: "b@example.nl"})
	ev.Status = "cancelled"
	applyEvent(t, s, db, ev, "zaal onder water")
	for _, id := range []string{a.ID, b.ID} {
		r, err := s.Get(ctx, id, app.Access{Organiser: true})
		if err != nil {
			t.Fatal(err)
		}
		if r.Status != domain.StatusCancelled || r.CancellationReason != "zaal onder water" {
			t.Errorf("registration after event cancellation: %s %q", r.Status, r.CancellationReason)
		}
	}
	if n := outboxSubjects(t, db)["plein.registrations.registration.promoted"]; n != 0 {
		t.Errorf("%d promotions for a cancelled event", n)
	}
}

func TestCapacityIncreasePromotes(t *testing.T) {
	s, db := setup(t)
	ev := publish(t, s, db, "e1", 1)
	ctx := context.Background()
	for _, e := range []string{"a", "b", "c"} {
		if _, _, err := s.Register(ctx, app.Request{EventID: "e1", Name: e, Email: e + "@example.nl"}); err != nil {
			t.Fatal(err)
		}
	}
	ev.Capacity = 2
	applyEvent(t, s, db, ev, "")
	counts, _ := store.CountSeats(ctx, db.R, "e1")
	if counts.Confirmed != 2 || counts.Waitlisted != 1 {
		t.Fatalf("after capacity 1 -> 2: %+v", counts)
	}
	// A decrease leaves confirmed people confirmed.
	ev.Capacity = 1
	applyEvent(t, s, db, ev, "")
	counts, _ = store.CountSeats(ctx, db.R, "e1")
	if counts.Confirmed != 2 {
		t.Fatalf("after capacity 2 -> 1: %+v", counts)
	}
}
