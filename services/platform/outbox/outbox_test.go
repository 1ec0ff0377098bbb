package outbox_test

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strconv"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/nats-io/nats.go/jetstream"

	"plein.dev/platform/messaging"
	"plein.dev/platform/outbox"
	"plein.dev/platform/sqlite"
	"plein.dev/platform/testkit"
)

func add(t *testing.T, db *sqlite.DB, msgs ...outbox.Message) []string {
	t.Helper()
	var ids []string
	err := db.InTx(context.Background(), func(tx *sqlx.Tx) error {
		for _, m := range msgs {
			id, err := outbox.Add(context.Background(), tx, m)
			if err != nil {
				return err
			}
			ids = append(ids, id)
		}
		return nil
	})
	if err != nil {
		t.Fatalf("InTx: %v", err)
	}
	return ids
}

// streamMsgs returns all messages in the stream of service, in order.
func streamMsgs(t *testing.T, js jetstream.JetStream, service string) []*jetstream.RawStreamMsg {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	s, err := js.Stream(ctx, messaging.StreamName(service))
	if err != nil {
		t.Fatalf("stream: %v", err)
	}
	info, err := s.Info(ctx)
	if err != nil {
		t.Fatalf("stream info: %v", err)
	}
	var out []*jetstream.RawStreamMsg
	for seq := info.State.FirstSeq; seq <= info.State.LastSeq && info.State.Msgs > 0; seq++ {
		m, err := s.GetMsg(ctx, seq)
		if err != nil {
			t.Fatalf("get message %d: %v", seq, err)
		}
		out = append(out, m)
	}
	return out
}

func pending(t *testing.T, r *outbox.Relay) int {
	t.Helper()
	n, err := r.Pending(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// A change committed while NATS is down is published once NATS is back.
func TestPublishedAfterNATSOutage(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	log := testkit.Logger(t)
	opts := messaging.EmbeddedOptions{StoreDir: t.TempDir(), Host: "127.0.0.1", Port: freePort(t)}

	srv, err := messaging.StartEmbedded(opts, log)
	if err != nil {
		t.Fatal(err)
	}
	_, js := testkit.Conn(t, srv.ClientURL())
	if _, err := messaging.EnsureStream(ctx, js, "events", 1); err != nil {
		t.Fatal(err)
	}
	srv.Shutdown()
	srv.WaitForShutdown()

	db := testkit.DB(t, nil)
	relay := outbox.NewRelay(db, js, log)
	runCtx, stop := context.WithCancel(ctx)
	ran := make(chan error, 1)
	go func() { ran <- relay.Run(runCtx) }()
	defer func() {
		stop()
		if err := <-ran; err != nil {
			t.Errorf("Run = %v", err)
		}
	}()

	ids := add(t, db, outbox.Message{Subject: "plein.events.event.published", Aggregate: "event:1", Version: 3, Payload: []byte("hello")})
	// Let the relay fail at least once.
	time.Sleep(300 * time.Millisecond)
	if n := pending(t, relay); n != 1 {
		t.Fatalf("pending while NATS is down = %d, want 1", n)
	}

	srv2, err := messaging.StartEmbedded(opts, log)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv2.Shutdown(); srv2.WaitForShutdown() })

	for pending(t, relay) > 0 {
		if ctx.Err() != nil {
			t.Fatal("outbox not published after NATS came back")
		}
		time.Sleep(20 * time.Millisecond)
	}
	msgs := streamMsgs(t, js, "events")
	if len(msgs) != 1 {
		t.Fatalf("stream holds %d messages, want 1", len(msgs))
	}
	m := msgs[0]
	if string(m.Data) != "hello" || m.Subject != "plein.events.event.published" {
		t.Errorf("message %s %q", m.Subject, m.Data)
	}
	if got := m.Header.Get(jetstream.MsgIDHeader); got != ids[0] {
		t.Errorf("Nats-Msg-Id = %q, want %q", got, ids[0])
	}
	if m.Header.Get(messaging.HeaderAggregate) != "event:1" || m.Header.Get(messaging.HeaderVersion) != "3" {
		t.Errorf("headers %v", m.Header)
	}
}

func TestRollbackPublishesNothing(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	srv := testkit.NATS(t)
	_, js := testkit.Conn(t, srv.ClientURL())
	if _, err := messaging.EnsureStream(ctx, js, "events", 1); err != nil {
		t.Fatal(err)
	}
	db := testkit.DB(t, nil)
	relay := outbox.NewRelay(db, js, testkit.Logger(t))

	errNo := errors.New("no")
	err := db.InTx(ctx, func(tx *sqlx.Tx) error {
		if _, err := outbox.Add(ctx, tx, outbox.Message{Subject: "plein.events.x.y", Payload: []byte("x")}); err != nil {
			return err
		}
		return errNo
	})
	if !errors.Is(err, errNo) {
		t.Fatalf("InTx = %v", err)
	}
	if err := relay.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	if msgs := streamMsgs(t, js, "events"); len(msgs) != 0 {
		t.Errorf("stream holds %d messages after a rollback, want 0", len(msgs))
	}
}

func TestRowsDeletedAfterAck(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	srv := testkit.NATS(t)
	_, js := testkit.Conn(t, srv.ClientURL())
	db := testkit.DB(t, nil)
	// No EnsureStream beforehand: WithStream declares it on first publish.
	relay := outbox.NewRelay(db, js, testkit.Logger(t), outbox.WithStream("events", 1))

	add(t, db, outbox.Message{Subject: "plein.events.a.b", Payload: []byte("1")},
		outbox.Message{Subject: "plein.events.a.b", Payload: []byte("2")})
	if n := pending(t, relay); n != 2 {
		t.Fatalf("pending = %d, want 2", n)
	}
	if err := relay.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	if n := pending(t, relay); n != 0 {
		t.Errorf("pending after flush = %d, want 0", n)
	}
	if msgs := streamMsgs(t, js, "events"); len(msgs) != 2 {
		t.Errorf("stream holds %d messages, want 2", len(msgs))
	}
}

func TestFlushFailsWithoutStream(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	srv := testkit.NATS(t)
	_, js := testkit.Conn(t, srv.ClientURL())
	db := testkit.DB(t, nil)
	relay := outbox.NewRelay(db, js, testkit.Logger(t))
	add(t, db, outbox.Message{Subject: "plein.nostream.a.b", Payload: []byte("1")})
	if err := relay.Flush(ctx); err == nil {
		t.Error("Flush succeeded with no stream for the subject")
	}
	if n := pending(t, relay); n != 1 {
		t.Errorf("pending after failed flush = %d, want 1", n)
	}
}

func TestOrderPreserved(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	srv := testkit.NATS(t)
	_, js := testkit.Conn(t, srv.ClientURL())
	if _, err := messaging.EnsureStream(ctx, js, "events", 1); err != nil {
		t.Fatal(err)
	}
	db := testkit.DB(t, nil)
	relay := outbox.NewRelay(db, js, testkit.Logger(t))
	runCtx, stop := context.WithCancel(ctx)
	ran := make(chan error, 1)
	go func() { ran <- relay.Run(runCtx) }()

	// More than one batch, written while the relay runs, some
	// transactions holding several messages.
	const total = 250
	for i := 0; i < total; i += 5 {
		var msgs []outbox.Message
		for j := i; j < i+5; j++ {
			msgs = append(msgs, outbox.Message{
				Subject:   fmt.Sprintf("plein.events.agg%d.changed", j%3),
				Aggregate: fmt.Sprintf("agg:%d", j%3),
				Version:   int64(j/3 + 1),
				Payload:   []byte(strconv.Itoa(j)),
			})
		}
		add(t, db, msgs...)
	}
	for pending(t, relay) > 0 {
		if ctx.Err() != nil {
			t.Fatal("outbox not drained")
		}
		time.Sleep(20 * time.Millisecond)
	}
	stop()
	if err := <-ran; err != nil {
		t.Errorf("Run = %v", err)
	}

	msgs := streamMsgs(t, js, "events")
	if len(msgs) != total {
		t.Fatalf("stream holds %d messages, want %d", len(msgs), total)
	}
	for i, m := range msgs {
		if string(m.Data) != strconv.Itoa(i) {
			t.Fatalf("message %d has payload %q", i, m.Data)
		}
	}
}
