package app_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"plein.dev/notifications/internal/app"
	"plein.dev/notifications/internal/delivery"
	"plein.dev/notifications/internal/domain"
	"plein.dev/notifications/internal/store"
	"plein.dev/platform/sqlite"
)

// flakySender fails with the queued errors, then succeeds.
type flakySender struct {
	mu   sync.Mutex
	errs []error
	sent []string
}

func (s *flakySender) Send(_ context.Context, m delivery.Mail) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.errs) > 0 {
		err := s.errs[0]
		s.errs = s.errs[1:]
		return err
	}
	s.sent = append(s.sent, m.ID)
	return nil
}

func (s *flakySender) left() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.errs)
}

type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

func queue(t *testing.T, db *sqlite.DB, id string, at time.Time) {
	t.Helper()
	err := db.InTx(context.Background(), func(tx sqlite.Tx) error {
		_, err := store.Enqueue(context.Background(), tx, domain.Email{ID: id, To: "a@example.nl", Subject: "s",
			Kind: domain.KindConfirmed, RegistrationID: "r-" + id, CreatedAt: at}, "cause-"+id,
			domain.Outgoing{EnvelopeFrom: "noreply@plein.local", EnvelopeTo: "a@example.nl", Message: []byte(id)})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

func statuses(t *testing.T, a *app.App) string {
	t.Helper()
	var s string
	for _, e := range emailLog(t, a, app.EmailFilter{}) {
		s += fmt.Sprintf("%s:%s ", e.ID, e.Status)
	}
	return s
}

func TestDeliverRetries(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	c := &clock{t: time.Date(2026, 3, 3, 12, 0, 0, 0, time.UTC)}
	sender := &flakySender{errs: []error{errors.New("connection refused"), errors.New("connection refused")}}
	a, db := newApp(t, c.now, sender)
	queue(t, db, "e1", c.now())

	if err := a.Deliver(ctx); err != nil {
		t.Fatal(err)
	}
	// First retry after 10 s, the second after 20 s more.
	c.advance(9 * time.Second)
	if err := a.Deliver(ctx); err != nil {
		t.Fatal(err)
	}
	if sender.left() != 1 {
		t.Fatalf("retried too early: %d errors left", sender.left())
	}
	c.advance(time.Second)
	if err := a.Deliver(ctx); err != nil {
		t.Fatal(err)
	}
	c.advance(20 * time.Second)
	if err := a.Deliver(ctx); err != nil {
		t.Fatal(err)
	}
	if got := statuses(t, a); got != "e1:sent " || len(sender.sent) != 1 {
		t.Fatalf("statuses %q, sent %v", got, sender.sent)
	}
}

func TestDeliverPermanentFailure(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	c := &clock{t: time.Date(2026, 3, 3, 12, 0, 0, 0, time.UTC)}
	sender := &flakySender{errs: []error{fmt.Errorf("smtp RCPT: reply 550: %w", delivery.ErrPermanent)}}
	a, db := newApp(t, c.now, sender)
	queue(t, db, "e1", c.now())
	queue(t, db, "e2", c.now())

	if err := a.Deliver(ctx); err != nil {
		t.Fatal(err)
	}
	if got := statuses(t, a); got != "e1:failed e2:sent " {
		t.Fatalf("statuses %q", got)
	}
	if _, ok, err := store.NextDue(ctx, db.R); ok || err != nil {
		t.Errorf("queue not empty: %v %v", ok, err)
	}
}

// A round wakes the loop again when the next queued mail falls due (a
// retry, or mail queued for later), however long the loop's interval.
func TestDeliverWakesWhenTheNextFallsDue(t *testing.T) {
	t.Parallel()
	sender := &flakySender{errs: []error{errors.New("connection refused")}}
	a, db := newApp(t, time.Now, sender)
	queue(t, db, "e1", time.Now())                           // fails: retried in 10 s
	queue(t, db, "e2", time.Now().Add(200*time.Millisecond)) // due first
	// The commit that queued the mail woke nobody: the hook is wired in Run.
	select {
	case <-a.DeliveryWake():
		t.Fatal("woken without a commit hook")
	default:
	}
	if err := a.Deliver(context.Background()); err != nil {
		t.Fatal(err)
	}
	if got := statuses(t, a); got != "e1:pending e2:pending " {
		t.Fatalf("after the first round: %q", got)
	}
	select {
	case <-a.DeliveryWake():
	case <-time.After(5 * time.Second):
		t.Fatal("not woken when e2 fell due")
	}
	if err := a.Deliver(context.Background()); err != nil {
		t.Fatal(err)
	}
	if got := statuses(t, a); got != "e1:pending e2:sent " {
		t.Fatalf("after the wake-up: %q", got)
	}
}
