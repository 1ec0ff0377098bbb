package store_test

import (
	"testing"
	"time"

	"plein.dev/notifications/internal/domain"
	"plein.dev/notifications/internal/store"
	"plein.dev/platform/sqlite"
)

// The queue hands out what is due in order, moves a retried mail to its
// next attempt, and forgets a mail once sent or failed for good.
func TestQueue(t *testing.T) {
	t.Parallel()
	db := newDB(t)
	if _, ok, err := store.NextDue(ctx, db.R); err != nil || ok {
		t.Fatalf("empty queue: NextDue ok %v, %v", ok, err)
	}
	enqueue(t, db, email("e1", "r1", "ev1", t0), "cause-1")
	enqueue(t, db, email("e2", "r2", "ev1", t0.Add(time.Second)), "cause-2")

	due, err := store.Due(ctx, db.R, t0, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(due) != 1 || due[0].EmailID != "e1" || due[0].Letter.To.Name != "N e1" || !due[0].CreatedAt.Equal(t0) ||
		due[0].Letter.Registration.SealedToken != "sealed-e1" || due[0].Composed != nil || due[0].Unreadable != nil ||
		due[0].EnvelopeTo != "e1@example.nl" || due[0].Attempts != 0 {
		t.Fatalf("due at t0 = %+v, want e1 only", due)
	}
	if due, err := store.Due(ctx, db.R, t0.Add(time.Second), 1); err != nil || len(due) != 1 || due[0].EmailID != "e1" {
		t.Fatalf("due with limit 1 = %+v, %v; want the oldest", due, err)
	}

	write(t, db, func(tx sqlite.Tx) error {
		return store.Retry(ctx, tx, "e1", t0.Add(time.Minute), domain.Failure{Step: "connect", Detail: "connection refused"})
	})
	if e := all(t, db)[0]; e.Status != domain.StatusPending || e.Attempts != 1 ||
		e.Failure != (domain.Failure{Step: "connect", Detail: "connection refused"}) {
		t.Fatalf("e1 after a failed attempt = %+v", e)
	}
	if next, ok, err := store.NextDue(ctx, db.R); err != nil || !ok || !next.Equal(t0.Add(time.Second)) {
		t.Fatalf("NextDue = %v, %v, %v; want e2's time", next, ok, err)
	}
	write(t, db, func(tx sqlite.Tx) error { return store.MarkSent(ctx, tx, "e2", t0.Add(2*time.Second)) })
	due, err = store.Due(ctx, db.R, t0.Add(time.Hour), 10)
	if err != nil || len(due) != 1 || due[0].EmailID != "e1" || due[0].Attempts != 1 {
		t.Fatalf("due later = %+v, %v; want e1 after one attempt", due, err)
	}
	write(t, db, func(tx sqlite.Tx) error {
		return store.MarkFailed(ctx, tx, "e1", domain.Failure{Step: "RCPT", Code: 550, Detail: "5.1.1"})
	})
	if _, ok, err := store.NextDue(ctx, db.R); err != nil || ok {
		t.Fatalf("queue not empty: %v, %v", ok, err)
	}

	log := all(t, db)
	if len(log) != 2 {
		t.Fatalf("log = %+v", log)
	}
	if e := log[0]; e.ID != "e1" || e.Status != domain.StatusFailed || e.Attempts != 2 ||
		e.Failure != (domain.Failure{Step: "RCPT", Code: 550, Detail: "5.1.1"}) || e.SentAt != nil {
		t.Errorf("e1 = %+v", e)
	}
	if e := log[1]; e.ID != "e2" || e.Status != domain.StatusSent || e.SentAt == nil || !e.SentAt.Equal(t0.Add(2*time.Second)) {
		t.Errorf("e2 = %+v", e)
	}
}

// A row queued before letters were (migration 0002) comes back with its
// composed message; a letter that cannot be read comes back saying so,
// without holding back the rest.
func TestQueueOldAndUnreadableRows(t *testing.T) {
	t.Parallel()
	db := newDB(t)
	enqueue(t, db, email("e1", "r1", "ev1", t0), "c1")
	enqueue(t, db, email("e2", "r2", "ev1", t0.Add(time.Second)), "c2")
	enqueue(t, db, email("e3", "r3", "ev1", t0.Add(2*time.Second)), "c3")
	write(t, db, func(tx sqlite.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE mail_queue SET letter = '', message = ? WHERE email_id = 'e1'`,
			[]byte("Subject: old\r\n\r\nbody\r\n")); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `UPDATE mail_queue SET letter = '{broken' WHERE email_id = 'e2'`)
		return err
	})
	due, err := store.Due(ctx, db.R, t0.Add(time.Hour), 10)
	if err != nil || len(due) != 3 {
		t.Fatalf("due = %+v, %v", due, err)
	}
	if string(due[0].Composed) != "Subject: old\r\n\r\nbody\r\n" || due[0].Unreadable != nil {
		t.Errorf("old row = %+v", due[0])
	}
	if due[1].Unreadable == nil || due[1].Composed != nil {
		t.Errorf("unreadable row = %+v", due[1])
	}
	if due[2].Unreadable != nil || due[2].Letter.To.Email != "e3@example.nl" {
		t.Errorf("good row = %+v", due[2])
	}
}
