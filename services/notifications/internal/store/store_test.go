package store_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"

	"plein.dev/notifications/internal/domain"
	"plein.dev/notifications/internal/store"
	"plein.dev/notifications/migrations"
	"plein.dev/platform/sqlite"
	"plein.dev/platform/testkit"
)

func enqueue(t *testing.T, db *sqlite.DB, e store.Email, cause string) bool {
	t.Helper()
	var queued bool
	err := db.InTx(context.Background(), func(tx *sqlx.Tx) error {
		var err error
		queued, err = store.Enqueue(context.Background(), tx, e, cause,
			store.Outgoing{EnvelopeFrom: "noreply@plein.local", EnvelopeTo: e.To, Message: []byte("msg " + e.ID)})
		return err
	})
	if err != nil {
		t.Fatalf("enqueue %s: %v", e.ID, err)
	}
	return queued
}

func email(id, reg, ev string, created time.Time) store.Email {
	return store.Email{ID: id, To: id + "@example.nl", Subject: "s " + id, Kind: domain.KindConfirmed,
		RegistrationID: reg, EventID: ev, CreatedAt: created}
}

func TestQueue(t *testing.T) {
	ctx := context.Background()
	db := testkit.DB(t, migrations.FS)
	t0 := time.Date(2026, 3, 3, 12, 0, 0, 0, time.UTC)

	if !enqueue(t, db, email("e1", "r1", "ev1", t0), "cause-1") {
		t.Fatal("first e-mail not queued")
	}
	if enqueue(t, db, email("e1b", "r1", "ev1", t0), "cause-1") {
		t.Fatal("second e-mail with the same cause queued")
	}
	enqueue(t, db, email("e2", "r2", "ev1", t0.Add(time.Second)), "cause-2")

	due, err := store.Due(ctx, db.R, t0, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(due) != 1 || due[0].EmailID != "e1" || string(due[0].Message) != "msg e1" || !due[0].CreatedAt.Equal(t0) {
		t.Fatalf("due at t0 = %+v, want e1 only", due)
	}

	if err := db.InTx(ctx, func(tx *sqlx.Tx) error {
		return store.Retry(ctx, tx, "e1", t0.Add(time.Minute), "smtp RCPT: reply 451")
	}); err != nil {
		t.Fatal(err)
	}
	if next, ok, err := store.NextDue(ctx, db.R); err != nil || !ok || !next.Equal(t0.Add(time.Second)) {
		t.Fatalf("NextDue = %v, %v, %v; want e2's time", next, ok, err)
	}
	if err := db.InTx(ctx, func(tx *sqlx.Tx) error { return store.MarkSent(ctx, tx, "e2", t0.Add(2*time.Second)) }); err != nil {
		t.Fatal(err)
	}
	due, err = store.Due(ctx, db.R, t0.Add(time.Hour), 10)
	if err != nil || len(due) != 1 || due[0].EmailID != "e1" || due[0].Attempts != 1 {
		t.Fatalf("due later = %+v, %v; want e1 after one attempt", due, err)
	}
	if err := db.InTx(ctx, func(tx *sqlx.Tx) error { return store.MarkFailed(ctx, tx, "e1", "smtp RCPT: reply 550") }); err != nil {
		t.Fatal(err)
	}
	if _, ok, err := store.NextDue(ctx, db.R); err != nil || ok {
		t.Fatalf("queue not empty: %v, %v", ok, err)
	}

	all, err := store.List(ctx, db.R, store.Filter{Limit: 10})
	if err != nil || len(all) != 2 {
		t.Fatalf("List = %+v, %v", all, err)
	}
	if e := all[0]; e.ID != "e1" || e.Status != store.StatusFailed || e.Error != "smtp RCPT: reply 550" || e.SentAt != nil {
		t.Errorf("e1 = %+v", e)
	}
	if e := all[1]; e.ID != "e2" || e.Status != store.StatusSent || e.SentAt == nil || !e.SentAt.Equal(t0.Add(2*time.Second)) {
		t.Errorf("e2 = %+v", e)
	}
}

func TestList(t *testing.T) {
	ctx := context.Background()
	db := testkit.DB(t, migrations.FS)
	t0 := time.Date(2026, 3, 3, 12, 0, 0, 0, time.UTC)
	for i := range 7 {
		id := fmt.Sprintf("e%d", i)
		enqueue(t, db, email(id, fmt.Sprintf("r%d", i%3), fmt.Sprintf("ev%d", i%2), t0), "cause-"+id)
	}
	ids := func(es []store.Email) (out []string) {
		for _, e := range es {
			out = append(out, e.ID)
		}
		return out
	}
	for _, tc := range []struct {
		name string
		f    store.Filter
		want string
	}{
		{"all", store.Filter{Limit: 10}, "[e0 e1 e2 e3 e4 e5 e6]"},
		{"registration", store.Filter{RegistrationID: "r1", Limit: 10}, "[e1 e4]"},
		{"event", store.Filter{EventID: "ev0", Limit: 10}, "[e0 e2 e4 e6]"},
		{"both", store.Filter{RegistrationID: "r0", EventID: "ev0", Limit: 10}, "[e0 e6]"},
		{"none", store.Filter{RegistrationID: "nope", Limit: 10}, "[]"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := store.List(ctx, db.R, tc.f)
			if err != nil {
				t.Fatal(err)
			}
			if s := fmt.Sprint(ids(got)); s != tc.want {
				t.Errorf("got %s, want %s", s, tc.want)
			}
		})
	}

	// Keyset paging visits every e-mail once.
	var seen []string
	f := store.Filter{EventID: "ev0", Limit: 3}
	for {
		page, err := store.List(ctx, db.R, f)
		if err != nil {
			t.Fatal(err)
		}
		seen = append(seen, ids(page)...)
		if len(page) < f.Limit {
			break
		}
		f.AfterSeq = page[len(page)-1].Seq
	}
	if s := fmt.Sprint(seen); s != "[e0 e2 e4 e6]" {
		t.Errorf("paged = %s", s)
	}
}
