package app_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"plein.dev/notifications/internal/app"
	"plein.dev/notifications/internal/delivery"
	"plein.dev/notifications/internal/domain"
	"plein.dev/notifications/internal/email"
	"plein.dev/notifications/internal/email/emailtest"
	"plein.dev/notifications/internal/store"
	"plein.dev/platform/sqlite"
)

// flakySender fails each batch's mails with the queued errors (one per
// mail), then succeeds; it keeps what it sent, written out.
type flakySender struct {
	mu      sync.Mutex
	errs    []error
	sent    []string
	raw     map[string][]byte
	batches int
}

func (s *flakySender) Send(_ context.Context, batch []delivery.Mail) []error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.batches++
	out := make([]error, len(batch))
	for i, m := range batch {
		if len(s.errs) > 0 {
			out[i], s.errs = s.errs[0], s.errs[1:]
			continue
		}
		b, err := email.Bytes(m.Msg)
		if err != nil {
			out[i] = err
			continue
		}
		if s.raw == nil {
			s.raw = map[string][]byte{}
		}
		s.sent, s.raw[m.ID] = append(s.sent, m.ID), b
	}
	return out
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

// queue queues an e-mail with the letter of a confirmation.
func queue(t *testing.T, db *sqlite.DB, id string, at time.Time) {
	t.Helper()
	r := domain.Registration{ID: "r-" + id, EventID: "ev", Version: 1, Name: "Anna", Email: "a@example.nl",
		Status: domain.StatusConfirmed, SealedToken: keys.Seal("token-"+id, "r-"+id),
		Event: domain.Event{Title: "T", StartsAt: at.Add(48 * time.Hour), EndsAt: at.Add(49 * time.Hour)}}
	err := db.InTx(context.Background(), func(tx sqlite.Tx) error {
		_, err := store.Enqueue(context.Background(), tx, domain.Email{ID: id, To: "a@example.nl", Subject: "s",
			Kind: domain.KindConfirmed, RegistrationID: r.ID, CreatedAt: at}, "cause-"+id, "noreply@plein.local",
			domain.Outgoing{EnvelopeTo: "a@example.nl", Letter: domain.Letter{Kind: domain.KindConfirmed,
				Language: domain.Dutch, To: domain.Recipient{Name: "Anna", Email: "a@example.nl"}, Registration: &r}})
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

var refused = &delivery.Error{Step: "connect", Detail: "connection refused"}

func TestDeliverRetries(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	c := &clock{t: time.Date(2026, 3, 3, 12, 0, 0, 0, time.UTC)}
	sender := &flakySender{errs: []error{refused, refused}}
	a, db := newApp(t, c.now, sender)
	queue(t, db, "e1", c.now())

	if err := a.Deliver(ctx); err != nil {
		t.Fatal(err)
	}
	// While it waits, the log says why.
	if e := emailLog(t, a, app.EmailFilter{})[0]; e.Status != domain.StatusPending || e.Attempts != 1 ||
		e.Failure != (domain.Failure{Step: "connect", Detail: "connection refused"}) {
		t.Errorf("after a failed attempt: %+v", e)
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

// A permanent refusal fails that e-mail alone, visibly: the step and the
// code are in the log; a letter that cannot be read fails at compose.
func TestDeliverPermanentFailure(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	c := &clock{t: time.Date(2026, 3, 3, 12, 0, 0, 0, time.UTC)}
	sender := &flakySender{errs: []error{&delivery.Error{Step: "RCPT", Code: 550, Detail: "5.1.1", Permanent: true}}}
	a, db := newApp(t, c.now, sender)
	queue(t, db, "e1", c.now())
	queue(t, db, "e2", c.now())
	queue(t, db, "e3", c.now())
	if err := db.InTx(ctx, func(tx sqlite.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE mail_queue SET letter = '{' WHERE email_id = 'e3'`)
		return err
	}); err != nil {
		t.Fatal(err)
	}

	if err := a.Deliver(ctx); err != nil {
		t.Fatal(err)
	}
	if got := statuses(t, a); got != "e1:failed e2:sent e3:failed " {
		t.Fatalf("statuses %q", got)
	}
	log := emailLog(t, a, app.EmailFilter{Status: domain.StatusFailed})
	if len(log) != 2 || log[0].Failure != (domain.Failure{Step: "RCPT", Code: 550, Detail: "5.1.1"}) ||
		log[1].Failure.Step != "compose" {
		t.Errorf("failed e-mails %+v", log)
	}
	if _, ok, err := store.NextDue(ctx, db.R); ok || err != nil {
		t.Errorf("queue not empty: %v %v", ok, err)
	}
	if sender.batches != 1 {
		t.Errorf("%d batches, want 1", sender.batches)
	}
}

// The e-mail is written when it is sent, with the manage token opened
// from its sealed form; without the key it goes without manage link.
func TestDeliverWritesTheManageLink(t *testing.T) {
	t.Parallel()
	c := &clock{t: time.Date(2026, 3, 3, 12, 0, 0, 0, time.UTC)}
	sender := &flakySender{}
	a, db := newApp(t, c.now, sender)
	queue(t, db, "e1", c.now())
	if err := a.Deliver(context.Background()); err != nil {
		t.Fatal(err)
	}
	m, err := emailtest.Parse(sender.raw["e1"])
	if err != nil {
		t.Fatal(err)
	}
	link := "http://localhost:8080/aanmelding/r-e1?token=token-e1"
	if !strings.Contains(m.Text, link) || !strings.Contains(m.HTML, link) {
		t.Errorf("no manage link %s in:\n%s", link, m.Text)
	}
	if m.Header.Get("Message-Id") != "<e1@plein.local>" || m.Calendar == nil {
		t.Errorf("Message-ID %q, calendar %v", m.Header.Get("Message-Id"), m.Calendar)
	}
}

// A round wakes the loop again when the next queued mail falls due (a
// retry, or mail queued for later), however long the loop's interval.
func TestDeliverWakesWhenTheNextFallsDue(t *testing.T) {
	t.Parallel()
	sender := &flakySender{errs: []error{refused}}
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

// Mail queued before letters were (a composed message) is sent as it was.
func TestDeliverOldRow(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	c := &clock{t: time.Date(2026, 3, 3, 12, 0, 0, 0, time.UTC)}
	sender := &flakySender{}
	a, db := newApp(t, c.now, sender)
	queue(t, db, "e1", c.now())
	old := "Date: Tue, 03 Mar 2026 12:00:00 +0000\r\nMessage-ID: <e1@plein.local>\r\nFrom: Plein <noreply@plein.local>\r\n" +
		"To: a@example.nl\r\nSubject: Oud\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nOude tekst\r\n"
	if err := db.InTx(ctx, func(tx sqlite.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE mail_queue SET letter = '', message = ? WHERE email_id = 'e1'`, []byte(old))
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if err := a.Deliver(ctx); err != nil {
		t.Fatal(err)
	}
	if got := statuses(t, a); got != "e1:sent " || !strings.Contains(string(sender.raw["e1"]), "Oude tekst") {
		t.Fatalf("statuses %q, sent:\n%s", got, sender.raw["e1"])
	}
}
