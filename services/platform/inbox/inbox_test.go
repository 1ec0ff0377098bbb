package inbox_test

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"
	"testing"
	"testing/fstest"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"plein.dev/platform/inbox"
	"plein.dev/platform/messaging"
	"plein.dev/platform/sqlite"
	"plein.dev/platform/testkit"
)

var migrations = fstest.MapFS{
	"0001_effects.sql": {Data: []byte(`-- +goose Up
CREATE TABLE effects (msg_id TEXT NOT NULL, data TEXT NOT NULL);
-- +goose Down
DROP TABLE effects;
`)},
}

// record is a handler whose effect is a row in effects.
func record(ctx context.Context, tx *sqlx.Tx, m inbox.Message) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO effects (msg_id, data) VALUES (?, ?)`, m.ID, string(m.Data))
	return err
}

func effects(t *testing.T, db *sqlite.DB) []string {
	t.Helper()
	var out []string
	if err := db.R.SelectContext(context.Background(), &out, `SELECT data FROM effects ORDER BY rowid`); err != nil {
		t.Fatal(err)
	}
	return out
}

func inboxIDs(t *testing.T, db *sqlite.DB, consumer string) []string {
	t.Helper()
	var out []string
	if err := db.R.SelectContext(context.Background(), &out,
		`SELECT msg_id FROM inbox WHERE consumer = ? ORDER BY msg_id`, consumer); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestApplyDuplicate(t *testing.T) {
	ctx := context.Background()
	db := testkit.DB(t, migrations)
	m := inbox.Message{ID: "m1", Subject: "plein.events.e.x", Aggregate: "e:1", Version: 1, Data: []byte("a")}
	for i, want := range []inbox.Result{inbox.Applied, inbox.Duplicate} {
		res, err := inbox.Apply(ctx, db, "c", record, m)
		if err != nil {
			t.Fatal(err)
		}
		if res != want {
			t.Errorf("apply #%d = %v, want %v", i+1, res, want)
		}
	}
	// Unversioned messages are de-duplicated by id too.
	u := inbox.Message{ID: "u1", Data: []byte("u")}
	for range 2 {
		if _, err := inbox.Apply(ctx, db, "c", record, u); err != nil {
			t.Fatal(err)
		}
	}
	if got := effects(t, db); len(got) != 2 || got[0] != "a" || got[1] != "u" {
		t.Errorf("effects = %v, want [a u]", got)
	}
	// Another consumer in the same database applies it for itself.
	if res, err := inbox.Apply(ctx, db, "other", record, m); err != nil || res != inbox.Applied {
		t.Errorf("other consumer: %v, %v", res, err)
	}
}

func TestApplyStale(t *testing.T) {
	ctx := context.Background()
	db := testkit.DB(t, migrations)
	steps := []struct {
		m    inbox.Message
		want inbox.Result
	}{
		{inbox.Message{ID: "v2", Aggregate: "e:1", Version: 2, Data: []byte("v2")}, inbox.Applied},
		{inbox.Message{ID: "v1", Aggregate: "e:1", Version: 1, Data: []byte("v1")}, inbox.Stale},
		{inbox.Message{ID: "v2b", Aggregate: "e:1", Version: 2, Data: []byte("v2b")}, inbox.Stale},
		{inbox.Message{ID: "other", Aggregate: "e:2", Version: 1, Data: []byte("e2")}, inbox.Applied},
		{inbox.Message{ID: "v3", Aggregate: "e:1", Version: 3, Data: []byte("v3")}, inbox.Applied},
	}
	for _, s := range steps {
		res, err := inbox.Apply(ctx, db, "c", record, s.m)
		if err != nil {
			t.Fatal(err)
		}
		if res != s.want {
			t.Errorf("%s: %v, want %v", s.m.ID, res, s.want)
		}
	}
	if got := fmt.Sprint(effects(t, db)); got != "[v2 e2 v3]" {
		t.Errorf("effects = %s, want [v2 e2 v3]", got)
	}
	if got := fmt.Sprint(inboxIDs(t, db, "c")); got != "[other v1 v2 v2b v3]" {
		t.Errorf("inbox = %s", got)
	}
}

func TestApplyHandlerError(t *testing.T) {
	ctx := context.Background()
	db := testkit.DB(t, migrations)
	errHandler := errors.New("handler failed")
	failing := func(ctx context.Context, tx *sqlx.Tx, m inbox.Message) error {
		if err := record(ctx, tx, m); err != nil {
			return err
		}
		return errHandler
	}
	m := inbox.Message{ID: "m1", Aggregate: "e:1", Version: 5, Data: []byte("a")}
	if _, err := inbox.Apply(ctx, db, "c", failing, m); !errors.Is(err, errHandler) {
		t.Fatalf("Apply = %v, want the handler error", err)
	}
	if got := effects(t, db); len(got) != 0 {
		t.Errorf("effects after failure = %v", got)
	}
	if got := inboxIDs(t, db, "c"); len(got) != 0 {
		t.Errorf("inbox after failure = %v", got)
	}
	// The version was not raised: the retry applies.
	if res, err := inbox.Apply(ctx, db, "c", record, m); err != nil || res != inbox.Applied {
		t.Errorf("retry: %v, %v", res, err)
	}
}

func publish(t *testing.T, js jetstream.JetStream, subject, id, aggregate, version, data string) {
	t.Helper()
	msg := nats.NewMsg(subject)
	msg.Data = []byte(data)
	if aggregate != "" {
		msg.Header.Set(messaging.HeaderAggregate, aggregate)
		msg.Header.Set(messaging.HeaderVersion, version)
	}
	var opts []jetstream.PublishOpt
	if id != "" {
		opts = append(opts, jetstream.WithMsgID(id))
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if _, err := js.PublishMsg(ctx, msg, opts...); err != nil {
		t.Fatalf("publish %s: %v", id, err)
	}
}

func TestRunEndToEnd(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	srv := testkit.NATS(t)
	_, js := testkit.Conn(t, srv.ClientURL())
	db := testkit.DB(t, migrations)
	log := testkit.Logger(t)

	// "dup" was applied before but its ack was lost: JetStream delivers
	// it again.
	if _, err := inbox.Apply(ctx, db, "registrations",
		record, inbox.Message{ID: "dup", Data: []byte("dup-first")}); err != nil {
		t.Fatal(err)
	}

	var failures atomic.Int32
	var handled atomic.Int32
	handler := func(ctx context.Context, tx *sqlx.Tx, m inbox.Message) error {
		handled.Add(1)
		switch string(m.Data) {
		case "flaky":
			if failures.Add(1) == 1 {
				return errors.New("transient")
			}
		case "poison":
			return fmt.Errorf("cannot decode: %w", inbox.ErrPermanent)
		}
		return record(ctx, tx, m)
	}
	spec := inbox.Spec{
		Stream:         "events",
		Durable:        "registrations",
		FilterSubjects: []string{"plein.events.event.>"},
	}
	runCtx, stop := context.WithCancel(ctx)
	ran := make(chan error, 1)
	go func() { ran <- inbox.Run(runCtx, js, db, spec, handler, log) }()

	// Wait for Run to declare the stream and consumer.
	for {
		if _, err := js.Consumer(ctx, messaging.StreamName("events"), "registrations"); err == nil {
			break
		}
		if ctx.Err() != nil {
			t.Fatal("consumer not declared")
		}
		time.Sleep(20 * time.Millisecond)
	}

	publish(t, js, "plein.events.event.published", "a2", "event:a", "2", "a2")
	publish(t, js, "plein.events.event.updated", "a1", "event:a", "1", "a1-stale")
	publish(t, js, "plein.events.event.updated", "dup", "", "", "dup-again")
	publish(t, js, "plein.events.event.updated", "flaky", "event:b", "1", "flaky")
	publish(t, js, "plein.events.event.updated", "poison", "", "", "poison")
	publish(t, js, "plein.events.other.ignored", "filtered", "", "", "filtered")
	publish(t, js, "plein.events.event.updated", "", "", "", "no-id")

	// Wait until the consumer has nothing left: everything acked or
	// terminated.
	cons, err := js.Consumer(ctx, messaging.StreamName("events"), "registrations")
	if err != nil {
		t.Fatal(err)
	}
	for {
		info, err := cons.Info(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if info.NumPending == 0 && info.NumAckPending == 0 && info.NumRedelivered == 0 && failures.Load() >= 2 {
			break
		}
		if ctx.Err() != nil {
			t.Fatalf("consumer not done: %+v", info)
		}
		time.Sleep(50 * time.Millisecond)
	}
	stop()
	if err := <-ran; err != nil {
		t.Errorf("Run = %v", err)
	}

	got := fmt.Sprint(effects(t, db))
	if got != "[dup-first a2 no-id flaky]" {
		t.Errorf("effects = %s, want [dup-first a2 no-id flaky] (flaky redelivered last)", got)
	}
	if n := failures.Load(); n != 2 {
		t.Errorf("flaky message handled %d times, want 2 (fail, then apply)", n)
	}
	ids := fmt.Sprint(inboxIDs(t, db, "registrations"))
	if ids != "[a1 a2 dup events:7 flaky]" {
		t.Errorf("inbox = %s", ids)
	}
}

// Messages that arrive together are applied together: far fewer commits
// than messages.
func TestRunAppliesInBatches(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	srv := testkit.NATS(t)
	_, js := testkit.Conn(t, srv.ClientURL())
	db := testkit.DB(t, migrations)
	var commits atomic.Int32
	db.OnCommit(func() { commits.Add(1) })
	if _, err := messaging.EnsureStream(ctx, js, "events", 1); err != nil {
		t.Fatal(err)
	}
	const total = 200
	for i := range total {
		publish(t, js, "plein.events.event.updated", fmt.Sprint("m", i), "event:a", fmt.Sprint(i+1), fmt.Sprint(i))
	}
	runCtx, stop := context.WithCancel(ctx)
	ran := make(chan error, 1)
	go func() {
		ran <- inbox.Run(runCtx, js, db, inbox.Spec{Stream: "events", Durable: "registrations"}, record, testkit.Logger(t))
	}()
	for len(effects(t, db)) < total {
		if ctx.Err() != nil {
			t.Fatalf("%d of %d messages applied", len(effects(t, db)), total)
		}
		time.Sleep(20 * time.Millisecond)
	}
	stop()
	if err := <-ran; err != nil {
		t.Fatal(err)
	}
	got := effects(t, db)
	for i, e := range got {
		if e != fmt.Sprint(i) {
			t.Fatalf("effect %d is %s: out of order", i, e)
		}
	}
	// One commit for the inbox prune at start, the rest for batches.
	if n := commits.Load(); n > total/4 {
		t.Errorf("%d commits for %d messages: not applied in batches", n, total)
	}
	t.Logf("%d messages in %d commits", total, commits.Load())
}
