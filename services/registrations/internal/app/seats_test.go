package app_test

import (
	"fmt"
	"slices"
	"sort"
	"sync"
	"testing"
	"time"

	"plein.dev/registrations/internal/app"
	"plein.dev/registrations/internal/domain"
)

// TestCapacityUnderConcurrency registers 1,000 people at once for 100
// seats, each from its own goroutine through the use case (one process).
// The guard is that Register counts the confirmed seats inside the same
// write transaction (single writer connection, BEGIN IMMEDIATE) that
// inserts the registration. With the count moved before the transaction
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
