package inbox_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/nats-io/nats.go/jetstream"

	"plein.dev/platform/inbox"
	"plein.dev/platform/messaging"
	"plein.dev/platform/sqlite"
	"plein.dev/platform/testkit"
)

var errNotYet = errors.New("not yet")

// A poison message (one its handler fails on every time) is given up after
// the bounded attempts and kept as a dead letter; the consumer goes on with
// the next messages; once the cause is fixed, Retry applies it and the dead
// letter is gone.
func TestPoisonMessageBecomesDeadLetterAndRetries(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	srv := testkit.NATS(t)
	_, js := testkit.Conn(t, srv.ClientURL())
	db := testkit.DB(t, migrations)

	var fixed atomic.Bool
	var poisonTries atomic.Int32
	h := func(ctx context.Context, tx *sqlx.Tx, m inbox.Message) error {
		if string(m.Data) == "poison" && !fixed.Load() {
			poisonTries.Add(1)
			return errNotYet
		}
		return record(ctx, tx, m)
	}
	if _, err := messaging.EnsureStream(ctx, js, "events", 1); err != nil {
		t.Fatal(err)
	}
	publish(t, js, "plein.events.event.updated", "m1", "event:a", "1", "one")
	publish(t, js, "plein.events.event.updated", "bad", "event:b", "1", "poison")
	publish(t, js, "plein.events.event.updated", "m2", "event:a", "2", "two")

	const attempts = 3
	runCtx, stop := context.WithCancel(ctx)
	ran := make(chan error, 1)
	go func() {
		ran <- inbox.Run(runCtx, js, db, inbox.Spec{Stream: "events", Durable: "registrations", Attempts: attempts}, h, testkit.Logger(t))
	}()
	var dead []inbox.DeadLetter
	for {
		var err error
		if dead, err = inbox.DeadLetters(ctx, db, 10); err != nil {
			t.Fatal(err)
		}
		if len(dead) > 0 && len(effects(t, db)) == 2 {
			break
		}
		if ctx.Err() != nil {
			t.Fatalf("no dead letter: effects %v, %d tries", effects(t, db), poisonTries.Load())
		}
		time.Sleep(50 * time.Millisecond)
	}
	// The consumer went on: a message published after the poison one is
	// applied too.
	publish(t, js, "plein.events.event.updated", "m3", "event:a", "3", "three")
	waitEffects(ctx, t, db, "[one two three]")

	if len(dead) != 1 {
		t.Fatalf("dead letters %+v, want one", dead)
	}
	d := dead[0]
	if d.Consumer != "registrations" || d.Stream != "events" || d.StreamSeq != 2 || d.MsgID != "bad" ||
		d.Subject != "plein.events.event.updated" || d.Aggregate != "event:b" || d.Version != 1 || string(d.Payload) != "poison" {
		t.Errorf("dead letter %+v", d)
	}
	if d.Attempts != attempts || poisonTries.Load() != attempts {
		t.Errorf("attempts %d, handler tried %d times; want %d", d.Attempts, poisonTries.Load(), attempts)
	}
	if d.FirstFailed == 0 || d.LastFailed <= d.FirstFailed {
		t.Errorf("failed first at %d, last at %d: want the first before the last", d.FirstFailed, d.LastFailed)
	}
	if !containsAll(d.Error, "not yet", "bad") {
		t.Errorf("error %q does not say what failed", d.Error)
	}
	// Terminated: the server does not deliver it again.
	time.Sleep(300 * time.Millisecond)
	if n := poisonTries.Load(); n != attempts {
		t.Errorf("handler tried %d times after the dead letter, want %d", n, attempts)
	}
	info := consumerInfo(ctx, t, js, "registrations")
	if info.NumAckPending != 0 || info.NumPending != 0 {
		t.Errorf("consumer still holds messages: %+v", info)
	}

	handlers := func(stream, durable string) (inbox.Handler, bool) {
		return h, stream == "events" && durable == "registrations"
	}
	// Retried before the fix: it fails again and stays, one attempt more.
	if _, err := inbox.Retry(ctx, db, d.ID, handlers); !errors.Is(err, inbox.ErrFailedAgain) {
		t.Fatalf("retry before the fix = %v, want ErrFailedAgain", err)
	}
	if again, _ := inbox.DeadLetters(ctx, db, 10); len(again) != 1 || again[0].Attempts != attempts+1 {
		t.Fatalf("after a failed retry: %+v", again)
	}

	fixed.Store(true)
	res, err := inbox.Retry(ctx, db, d.ID, handlers)
	if err != nil || res != inbox.Applied {
		t.Fatalf("retry after the fix = %v, %v; want applied", res, err)
	}
	waitEffects(ctx, t, db, "[one two three poison]")
	if left, _ := inbox.DeadLetters(ctx, db, 10); len(left) != 0 {
		t.Errorf("dead letters after a retry: %+v", left)
	}
	if _, err := inbox.Retry(ctx, db, d.ID, handlers); !errors.Is(err, inbox.ErrNoDeadLetter) {
		t.Errorf("second retry = %v, want ErrNoDeadLetter", err)
	}
	if ids := inboxIDs(t, db, "registrations"); !slices.Contains(ids, "bad") {
		t.Errorf("retried message not in the inbox: %v", ids)
	}
	counts, err := inbox.Counts(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	if want := []inbox.ConsumerCount{{Consumer: "registrations", Waiting: 0, Total: 1}}; !slices.Equal(counts, want) {
		t.Errorf("counts %+v, want %+v", counts, want)
	}

	stop()
	if err := <-ran; err != nil {
		t.Fatal(err)
	}
}

// A consumer with effects created fresh starts at its creation: what was
// published before passes it by. A projection starts at the first message.
// Either, once it exists, keeps its place when declared again.
func TestConsumerStart(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	srv := testkit.NATS(t)
	_, js := testkit.Conn(t, srv.ClientURL())
	if _, err := messaging.EnsureStream(ctx, js, "events", 1); err != nil {
		t.Fatal(err)
	}
	publish(t, js, "plein.events.event.updated", "old", "", "", "history")

	run := func(db *sqlite.DB, spec inbox.Spec, want string) {
		t.Helper()
		declared := make(chan struct{})
		spec.Declared = func() { close(declared) }
		runCtx, stop := context.WithCancel(ctx)
		ran := make(chan error, 1)
		go func() { ran <- inbox.Run(runCtx, js, db, spec, record, testkit.Logger(t)) }()
		select {
		case <-declared:
		case err := <-ran:
			t.Fatalf("%s: Run = %v before declaring", spec.Durable, err)
		}
		publish(t, js, "plein.events.event.updated", fmt.Sprint("new-", spec.Durable, time.Now().UnixNano()), "", "", "new")
		waitEffects(ctx, t, db, want)
		stop()
		if err := <-ran; err != nil {
			t.Fatalf("%s: %v", spec.Durable, err)
		}
	}
	mails := testkit.DB(t, migrations)
	run(mails, inbox.Spec{Stream: "events", Durable: "mails", FromCreation: true}, "[new]")
	projection := testkit.DB(t, migrations)
	run(projection, inbox.Spec{Stream: "events", Durable: "projection"}, "[history new new]")
	// Declared again with the other start: each goes on where it was.
	run(mails, inbox.Spec{Stream: "events", Durable: "mails"}, "[new new new]")
	run(projection, inbox.Spec{Stream: "events", Durable: "projection", FromCreation: true}, "[history new new new new]")
	if p := consumerInfo(ctx, t, js, "mails").Config.DeliverPolicy; p != jetstream.DeliverNewPolicy {
		t.Errorf("mails consumer delivers %v", p)
	}
}

func waitEffects(ctx context.Context, t *testing.T, db *sqlite.DB, want string) {
	t.Helper()
	for {
		got := fmt.Sprint(effects(t, db))
		if got == want {
			return
		}
		if ctx.Err() != nil {
			t.Fatalf("effects %s, want %s", got, want)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func consumerInfo(ctx context.Context, t *testing.T, js jetstream.JetStream, durable string) *jetstream.ConsumerInfo {
	t.Helper()
	c, err := js.Consumer(ctx, messaging.StreamName("events"), durable)
	if err != nil {
		t.Fatal(err)
	}
	info, err := c.Info(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return info
}

func containsAll(s string, parts ...string) bool {
	for _, p := range parts {
		if !strings.Contains(s, p) {
			return false
		}
	}
	return true
}
