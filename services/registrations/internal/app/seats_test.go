package app_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"sort"
	"sync"
	"testing"
	"time"

	"plein.dev/platform/rule"
	"plein.dev/platform/sqlite"
	"plein.dev/platform/testkit"
	"plein.dev/registrations/internal/app"
	"plein.dev/registrations/internal/domain"
	"plein.dev/registrations/migrations"
)

// TestCapacityUnderConcurrency registers 1,000 people at once for 100
// seats, each from its own goroutine through the use case (one process).
// The guard is that Register reads the seat counts inside the same write
// transaction (single writer connection, BEGIN IMMEDIATE; concurrent calls
// share it, one after the other, each in its own savepoint) that inserts
// the registration and counts it. With the counts read before the transaction
// (read from the read pool, as a "quick check"), this test fails: in our run
// 1,000 of 1,000 were confirmed for 100 seats and 0 waitlisted.
// Several processes on one database file are serialised the same way by
// BEGIN IMMEDIATE's file lock.
func TestCapacityUnderConcurrency(t *testing.T) {
	t.Parallel()
	a, db := setup(t)
	const capacity, people = 100, 1000
	publish(t, a, db, "e1", capacity)

	start := time.Now()
	var wg sync.WaitGroup
	results := make([]domain.Registration, people)
	errs := make([]error, people)
	ready := make(chan struct{})
	for i := range people {
		wg.Go(func() {
			<-ready
			results[i], _, errs[i] = a.Register(anon, app.RegisterRequest{
				EventID: "e1", Name: fmt.Sprint("person ", i), Email: fmt.Sprintf("p%d@example.nl", i)})
		})
	}
	close(ready)
	wg.Wait()
	elapsed := time.Since(start)
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
	t.Logf("%d registrations for %d seats in %v: %d confirmed, %d waitlisted", people, capacity, elapsed, confirmed, len(positions))
	if confirmed != capacity || len(positions) != people-capacity {
		t.Errorf("%d confirmed, %d waitlisted; want %d and %d", confirmed, len(positions), capacity, people-capacity)
	}
	sort.Ints(positions)
	for i, p := range positions {
		if p != i+1 {
			t.Fatalf("waiting-list positions are not 1..%d without gaps or repeats: at %d found %d", people-capacity, i+1, p)
		}
	}
	if s := seats(t, a, "e1"); s.Confirmed != capacity || s.Waitlisted != people-capacity {
		t.Errorf("stored counts %+v", s)
	}
	// The stored positions agree with those handed out, and follow arrival.
	for i, r := range list(t, a, app.RegistrationQuery{EventID: "e1", Status: domain.StatusWaitlisted}) {
		if r.WaitlistPosition != i+1 {
			t.Fatalf("stored waiting list: %s at %d, want %d", r.ID, r.WaitlistPosition, i+1)
		}
	}
	subj := outboxSubjects(t, db)
	if subj["plein.registrations.registration.confirmed"] != capacity ||
		subj["plein.registrations.registration.waitlisted"] != people-capacity ||
		subj["plein.registrations.seats.changed"] != people {
		t.Errorf("outbox %v", subj)
	}
}

// TestWaitlistOrderUnderConcurrentCancellations cancels every confirmed
// registration at once, and some waitlisted ones, while more people
// register: the waiting list is promoted strictly in arrival order, never
// past capacity.
func TestWaitlistOrderUnderConcurrentCancellations(t *testing.T) {
	t.Parallel()
	a, db := setup(t)
	const capacity = 10
	publish(t, a, db, "e1", capacity)
	type held struct {
		reg   domain.Registration
		token string
	}
	var all []held
	for i := range 40 {
		r, tok := mustRegister(t, a, "e1", fmt.Sprintf("p%d@example.nl", i))
		all = append(all, held{r, tok})
	}
	// Cancel the 10 confirmed and waitlisted numbers 11, 13, 15 (arrivals
	// 20, 22, 24) concurrently; 5 newcomers register meanwhile.
	var wg sync.WaitGroup
	cancelled := map[int]bool{}
	for i := range capacity {
		cancelled[i] = true
	}
	for _, i := range []int{20, 22, 24} {
		cancelled[i] = true
	}
	for i := range cancelled {
		wg.Go(func() {
			if err := a.Cancel(anon, all[i].reg.ID, all[i].token); err != nil {
				t.Error(err)
			}
		})
	}
	for i := range 5 {
		wg.Go(func() {
			if _, _, err := a.Register(anon, app.RegisterRequest{EventID: "e1", Name: "late", Email: fmt.Sprintf("late%d@example.nl", i)}); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	// Those promoted must be the first ten uncancelled waiting arrivals.
	var want []string
	for i := capacity; len(want) < capacity; i++ {
		if !cancelled[i] {
			want = append(want, all[i].reg.ID)
		}
	}
	var got []string
	for _, r := range list(t, a, app.RegistrationQuery{EventID: "e1", Status: domain.StatusConfirmed}) {
		got = append(got, r.ID)
	}
	if !slices.Equal(got, want) {
		t.Fatalf("confirmed after cancellations:\n got %v\nwant %v", got, want)
	}
	wait := list(t, a, app.RegistrationQuery{EventID: "e1", Status: domain.StatusWaitlisted})
	if len(wait) != 40-13-capacity+5 {
		t.Fatalf("%d waitlisted, want %d", len(wait), 40-13-capacity+5)
	}
	for i, r := range wait {
		if r.WaitlistPosition != i+1 {
			t.Fatalf("position %d holds %d", i+1, r.WaitlistPosition)
		}
	}
	if n := outboxSubjects(t, db)["plein.registrations.registration.promoted"]; n != capacity {
		t.Errorf("%d promotions announced, want %d", n, capacity)
	}
}

// TestLeaveWaitlist: an attendee leaves the waiting list with their token;
// those behind move up and nobody is promoted past capacity.
func TestLeaveWaitlist(t *testing.T) {
	t.Parallel()
	a, db := setup(t)
	publish(t, a, db, "e1", 1)
	mustRegister(t, a, "e1", "a@example.nl")
	b, tokB := mustRegister(t, a, "e1", "b@example.nl")
	c, _ := mustRegister(t, a, "e1", "c@example.nl")
	if err := a.Cancel(anon, b.ID, tokB); err != nil {
		t.Fatal(err)
	}
	if gotC := mustGet(t, a, c.ID); gotC.Status != domain.StatusWaitlisted || gotC.WaitlistPosition != 1 {
		t.Fatalf("c after b left the list: %s at %d", gotC.Status, gotC.WaitlistPosition)
	}
	if s := seats(t, a, "e1"); s.Confirmed != 1 || s.Waitlisted != 1 {
		t.Fatalf("counts %+v", s)
	}
	if n := outboxSubjects(t, db)["plein.registrations.registration.promoted"]; n != 0 {
		t.Errorf("%d promotions after leaving the waiting list", n)
	}
}

func TestCancelPromotesFirstWaiting(t *testing.T) {
	t.Parallel()
	a, db := setup(t)
	publish(t, a, db, "e1", 1)
	ra, tokA := mustRegister(t, a, "e1", "a@example.nl")
	b, _ := mustRegister(t, a, "e1", "b@example.nl")
	c, _ := mustRegister(t, a, "e1", "c@example.nl")
	if b.WaitlistPosition != 1 || c.WaitlistPosition != 2 {
		t.Fatalf("positions b=%d c=%d", b.WaitlistPosition, c.WaitlistPosition)
	}
	if err := a.Cancel(anon, ra.ID, tokA); err != nil {
		t.Fatal(err)
	}
	if got := mustGet(t, a, ra.ID); got.CancelledBy != domain.CancelledByAttendee || got.CancellationReason != "cancelled by the attendee" {
		t.Errorf("cancelled by %q (%q), want the attendee", got.CancelledBy, got.CancellationReason)
	}
	// Cancelling again is harmless.
	if err := a.Cancel(anon, ra.ID, tokA); err != nil {
		t.Fatal(err)
	}
	gotB, gotC := mustGet(t, a, b.ID), mustGet(t, a, c.ID)
	if gotB.Status != domain.StatusConfirmed || gotC.Status != domain.StatusWaitlisted || gotC.WaitlistPosition != 1 {
		t.Fatalf("after cancel: b %s, c %s at %d", gotB.Status, gotC.Status, gotC.WaitlistPosition)
	}
	if n := outboxSubjects(t, db)["plein.registrations.registration.promoted"]; n != 1 {
		t.Errorf("%d promotions announced, want 1", n)
	}
}

// TestSeatCountsFollowTheRows runs random sequences of everything that
// changes a registration's status — registering (also twice with one
// address), cancelling by token and by organiser, checking in, erasing a
// person, a new capacity, a new time, the event's cancellation — in rounds
// of concurrent calls (group commit: one transaction, a savepoint each,
// some of them failing), and after each round compares the seat counts
// the store keeps with a count of the rows. It also checks that nobody
// waits while a seat is free and that the waiting list is numbered 1..n.
func TestSeatCountsFollowTheRows(t *testing.T) {
	t.Parallel()
	for _, seed := range []uint64{1, 2, 3} {
		t.Run(fmt.Sprint("seed ", seed), func(t *testing.T) {
			t.Parallel()
			a, db := setup(t)
			rng := rand.New(rand.NewPCG(seed, 13))
			events := []domain.Event{publish(t, a, db, "e1", 3), publish(t, a, db, "e2", 1), publish(t, a, db, "e3", 6)}
			var (
				mu   sync.Mutex
				held []struct{ id, token string }
			)
			email := func() string { return fmt.Sprintf("p%d@example.nl", rng.IntN(25)) }
			for round := range 40 {
				var ops []func() error
				for range 1 + rng.IntN(8) {
					ev := events[rng.IntN(len(events))]
					switch op := rng.IntN(10); {
					case op < 5 || len(held) == 0:
						req := app.RegisterRequest{EventID: ev.ID, Name: "N", Email: email()}
						ops = append(ops, func() error {
							r, tok, err := a.Register(anon, req)
							if err == nil {
								mu.Lock()
								held = append(held, struct{ id, token string }{r.ID, tok})
								mu.Unlock()
							}
							return refused(err)
						})
					case op < 7:
						h := held[rng.IntN(len(held))]
						ops = append(ops, func() error { return refused(a.Cancel(anon, h.id, h.token)) })
					case op < 8:
						h := held[rng.IntN(len(held))]
						ops = append(ops, func() error { return a.Cancel(org, h.id, "") })
					case op < 9:
						h := held[rng.IntN(len(held))]
						ops = append(ops, func() error {
							_, err := a.CheckIn(org, h.id)
							return refused(err)
						})
					default:
						e := email()
						ops = append(ops, func() error {
							return db.InTx(context.Background(), func(tx sqlite.Tx) error {
								_, err := a.ErasePerson(context.Background(), tx, e)
								return err
							})
						})
					}
				}
				if rng.IntN(3) == 0 {
					i := rng.IntN(len(events))
					ev := events[i]
					ev.Version++
					switch op := rng.IntN(10); {
					case op < 6:
						ev.Capacity = rng.IntN(8)
					case op < 9:
						ev.StartsAt, ev.EndsAt = ev.StartsAt.Add(time.Hour), ev.EndsAt.Add(time.Hour)
						ev.Capacity += rng.IntN(3)
					default:
						ev.Status = domain.EventCancelled
					}
					events[i] = ev
					ops = append(ops, func() error {
						return db.InTx(context.Background(), func(tx sqlite.Tx) error { return a.ApplyEvent(context.Background(), tx, ev, "afgelast") })
					})
				}
				var wg sync.WaitGroup
				errs := make([]error, len(ops))
				for i, op := range ops {
					wg.Go(func() { errs[i] = op() })
				}
				wg.Wait()
				if err := errors.Join(errs...); err != nil {
					t.Fatalf("round %d: %v", round, err)
				}
				for _, ev := range events {
					checkSeatCounts(t, a, db, ev, round)
				}
			}
		})
	}
}

// refused lets a refusal pass: by a rule (an address registered twice, a
// cancelled event, checking in a waitlisted person), or a token that no
// longer opens its registration (erased).
func refused(err error) error {
	if _, ok := errors.AsType[*rule.Error](err); ok || errors.Is(err, domain.ErrNotFound) {
		return nil
	}
	return err
}

// checkSeatCounts compares the event's seat counts with its rows.
func checkSeatCounts(t *testing.T, a *app.App, db *sqlite.DB, ev domain.Event, round int) {
	t.Helper()
	var rows domain.Seats
	const count = `SELECT COALESCE(SUM(status = 'confirmed'), 0) AS confirmed,
		COALESCE(SUM(status = 'waitlisted'), 0) AS waitlisted FROM registrations WHERE event_id = ?`
	if err := db.R.Get(&rows, count, ev.ID); err != nil {
		t.Fatal(err)
	}
	s := seats(t, a, ev.ID)
	if s.Confirmed != rows.Confirmed || s.Waitlisted != rows.Waitlisted || s.Capacity != ev.Capacity {
		t.Fatalf("round %d, event %s: seat counts %+v, rows %d confirmed and %d waitlisted, capacity %d",
			round, ev.ID, s, rows.Confirmed, rows.Waitlisted, ev.Capacity)
	}
	if s.Waitlisted > 0 && s.Free() > 0 {
		t.Fatalf("round %d, event %s: %d waiting while %d seats are free", round, ev.ID, s.Waitlisted, s.Free())
	}
	for i, r := range list(t, a, app.RegistrationQuery{EventID: ev.ID, Status: domain.StatusWaitlisted}) {
		if r.WaitlistPosition != i+1 {
			t.Fatalf("round %d, event %s: %s at waiting-list position %d, want %d", round, ev.ID, r.ID, r.WaitlistPosition, i+1)
		}
	}
}

// TestNoPromotionOnceStarted: a seat freed once the event is under way
// stays free; nobody on the waiting list is told to come.
func TestNoPromotionOnceStarted(t *testing.T) {
	t.Parallel()
	db := testkit.DB(t, migrations.FS)
	clock := now
	a := app.New(db, testkit.Logger(t), func() time.Time { return clock })
	publish(t, a, db, "e1", 1)
	first, _ := mustRegister(t, a, "e1", "a@example.nl")
	waiting, _ := mustRegister(t, a, "e1", "b@example.nl")
	clock = now.Add(49 * time.Hour) // the event started an hour ago
	if err := a.Cancel(org, first.ID, ""); err != nil {
		t.Fatal(err)
	}
	if got := mustGet(t, a, waiting.ID); got.Status != domain.StatusWaitlisted {
		t.Fatalf("after a cancellation during the event: %s, want waitlisted", got.Status)
	}
	if n := outboxSubjects(t, db)["plein.registrations.registration.promoted"]; n != 0 {
		t.Errorf("%d promotions announced, want 0", n)
	}
}
