package delivery_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"

	"plein.dev/notifications/internal/delivery"
	"plein.dev/notifications/internal/domain"
	"plein.dev/notifications/internal/store"
	"plein.dev/notifications/migrations"
	"plein.dev/platform/sqlite"
	"plein.dev/platform/testkit"
)

func TestFiles(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "mail")
	f := delivery.Files{Dir: dir}
	m := delivery.Mail{ID: "0193-abc", Created: time.Date(2026, 3, 3, 12, 0, 5, 0, time.FixedZone("CET", 3600)),
		Message: []byte("first")}
	if err := f.Send(context.Background(), m); err != nil {
		t.Fatal(err)
	}
	// Sent again (after a crash before it was marked sent): the same file.
	m.Message = []byte("second")
	if err := f.Send(context.Background(), m); err != nil {
		t.Fatal(err)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 1 || entries[0].Name() != "20260303T110005Z-0193-abc.eml" {
		t.Fatalf("files = %v, want one 20260303T110005Z-0193-abc.eml", entries)
	}
	b, err := os.ReadFile(filepath.Join(dir, entries[0].Name()))
	if err != nil || string(b) != "second" {
		t.Fatalf("content %q, %v", b, err)
	}
	if err := f.Send(context.Background(), delivery.Mail{ID: "../escape"}); !errors.Is(err, delivery.ErrPermanent) {
		t.Errorf("id with a path: %v, want ErrPermanent", err)
	}
}

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
	err := db.InTx(context.Background(), func(tx *sqlx.Tx) error {
		_, err := store.Enqueue(context.Background(), tx, store.Email{ID: id, To: "a@example.nl", Subject: "s",
			Kind: domain.KindConfirmed, RegistrationID: "r-" + id, CreatedAt: at}, "cause-"+id,
			store.Outgoing{EnvelopeFrom: "noreply@plein.local", EnvelopeTo: "a@example.nl", Message: []byte(id)})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

func statuses(t *testing.T, db *sqlite.DB) string {
	t.Helper()
	es, err := store.List(context.Background(), db.R, store.Filter{Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	var s string
	for _, e := range es {
		s += fmt.Sprintf("%s:%s ", e.ID, e.Status)
	}
	return s
}

func TestDispatcherRetries(t *testing.T) {
	ctx := context.Background()
	db := testkit.DB(t, migrations.FS)
	c := &clock{t: time.Date(2026, 3, 3, 12, 0, 0, 0, time.UTC)}
	sender := &flakySender{errs: []error{errors.New("connection refused"), errors.New("connection refused")}}
	d := delivery.NewDispatcher(db, sender, testkit.Logger(t), c.now)
	queue(t, db, "e1", c.now())

	if err := d.DeliverDue(ctx); err != nil {
		t.Fatal(err)
	}
	// First retry after 10 s, the second after 20 s more.
	c.advance(9 * time.Second)
	if err := d.DeliverDue(ctx); err != nil {
		t.Fatal(err)
	}
	if len(sender.errs) != 1 {
		t.Fatalf("retried too early: %d errors left", len(sender.errs))
	}
	c.advance(time.Second)
	if err := d.DeliverDue(ctx); err != nil {
		t.Fatal(err)
	}
	c.advance(20 * time.Second)
	if err := d.DeliverDue(ctx); err != nil {
		t.Fatal(err)
	}
	if got := statuses(t, db); got != "e1:sent " || len(sender.sent) != 1 {
		t.Fatalf("statuses %q, sent %v", got, sender.sent)
	}
}

func TestDispatcherPermanentFailure(t *testing.T) {
	ctx := context.Background()
	db := testkit.DB(t, migrations.FS)
	c := &clock{t: time.Date(2026, 3, 3, 12, 0, 0, 0, time.UTC)}
	sender := &flakySender{errs: []error{fmt.Errorf("smtp RCPT: reply 550: %w", delivery.ErrPermanent)}}
	d := delivery.NewDispatcher(db, sender, testkit.Logger(t), c.now)
	queue(t, db, "e1", c.now())
	queue(t, db, "e2", c.now())

	if err := d.DeliverDue(ctx); err != nil {
		t.Fatal(err)
	}
	if got := statuses(t, db); got != "e1:failed e2:sent " {
		t.Fatalf("statuses %q", got)
	}
	if _, ok, err := store.NextDue(ctx, db.R); ok || err != nil {
		t.Errorf("queue not empty: %v %v", ok, err)
	}
}

func TestDispatcherRunWakesOnCommit(t *testing.T) {
	db := testkit.DB(t, migrations.FS)
	sender := &flakySender{}
	d := delivery.NewDispatcher(db, sender, testkit.Logger(t), time.Now)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		d.Run(ctx)
	}()
	defer func() {
		cancel()
		<-done
	}()
	// Let Run find the queue empty and wait.
	time.Sleep(50 * time.Millisecond)
	queue(t, db, "e1", time.Now())
	deadline := time.Now().Add(5 * time.Second)
	for statuses(t, db) != "e1:sent " {
		if time.Now().After(deadline) {
			t.Fatalf("not sent within 5 s of the commit: %q", statuses(t, db))
		}
		time.Sleep(10 * time.Millisecond)
	}
}
