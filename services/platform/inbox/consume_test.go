package inbox

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync/atomic"
	"testing"
	"testing/fstest"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"plein.dev/platform/messaging"
	"plein.dev/platform/sqlite"
	"plein.dev/platform/testkit"
)

var batchMigrations = fstest.MapFS{
	"0001_effects.sql": {Data: []byte(`-- +goose Up
CREATE TABLE effects (msg_id TEXT NOT NULL, data TEXT NOT NULL);
CREATE TABLE parents (id INTEGER PRIMARY KEY);
CREATE TABLE children (id INTEGER PRIMARY KEY,
    parent INTEGER NOT NULL REFERENCES parents (id) DEFERRABLE INITIALLY DEFERRED);
-- +goose Down
DROP TABLE children;
DROP TABLE parents;
DROP TABLE effects;
`)},
}

// fakeMsg is a delivered JetStream message that remembers how it was
// settled.
type fakeMsg struct {
	jetstream.Msg // not called: the methods used are below
	subject       string
	data          []byte
	header        nats.Header
	settled       string
}

func newMsg(id, data string) *fakeMsg {
	h := nats.Header{}
	if id != "" {
		h.Set(jetstream.MsgIDHeader, id)
	}
	return &fakeMsg{subject: "plein.events.event.updated", data: []byte(data), header: h}
}

func (m *fakeMsg) Metadata() (*jetstream.MsgMetadata, error) {
	return &jetstream.MsgMetadata{NumDelivered: 1, Sequence: jetstream.SequencePair{Stream: 7}}, nil
}
func (m *fakeMsg) Data() []byte                       { return m.data }
func (m *fakeMsg) Headers() nats.Header               { return m.header }
func (m *fakeMsg) Subject() string                    { return m.subject }
func (m *fakeMsg) Ack() error                         { m.settled = "ack"; return nil }
func (m *fakeMsg) NakWithDelay(_ time.Duration) error { m.settled = "nak"; return nil }
func (m *fakeMsg) Term() error                        { m.settled = "term"; return nil }

var errTransient = errors.New("transient")

// effect records m in effects; the data "fail", "poison" and "dangling"
// make it fail in different ways.
func effect(ctx context.Context, tx sqlite.Tx, m Message) error {
	if _, err := tx.ExecContext(ctx, `INSERT INTO effects (msg_id, data) VALUES (?, ?)`, m.ID, string(m.Data)); err != nil {
		return err
	}
	switch string(m.Data) {
	case "fail":
		return errTransient
	case "poison":
		return fmt.Errorf("cannot decode: %w", ErrPermanent)
	case "dangling":
		// Checked only at commit.
		_, err := tx.ExecContext(ctx, `INSERT INTO children (id, parent) VALUES (1, 42)`)
		return err
	}
	return nil
}

func column(t *testing.T, db *sqlite.DB, query string) []string {
	t.Helper()
	var out []string
	if err := db.R.Select(&out, query); err != nil {
		t.Fatal(err)
	}
	return out
}

func settled(msgs []*fakeMsg) []string {
	var out []string
	for _, m := range msgs {
		out = append(out, m.settled)
	}
	return out
}

func handleAll(c *consumer, msgs []*fakeMsg) {
	batch := make([]jetstream.Msg, len(msgs))
	for i, m := range msgs {
		batch[i] = m
	}
	c.handle(context.Background(), batch)
}

// Messages received together are applied in one commit; one that fails
// is rolled back alone and redelivered, the others are applied once.
func TestHandleBatch(t *testing.T) {
	t.Parallel()
	db := testkit.DB(t, batchMigrations)
	var commits atomic.Int32
	db.OnCommit(func() { commits.Add(1) })
	c := newConsumer(db, Spec{Stream: "events", Durable: "c"}, effect, testkit.Logger(t))

	badVersion := newMsg("v", "bad version")
	badVersion.header.Set(messaging.HeaderVersion, "x")
	msgs := []*fakeMsg{
		newMsg("m1", "one"),
		newMsg("m2", "fail"),
		newMsg("m3", "three"),
		newMsg("m4", "poison"),
		newMsg("m1", "one again"), // a redelivery within the batch
		badVersion,
		newMsg("", "no id"),
	}
	handleAll(c, msgs)

	if got, want := settled(msgs), []string{"ack", "nak", "ack", "term", "ack", "term", "ack"}; !slices.Equal(got, want) {
		t.Errorf("settled %v, want %v", got, want)
	}
	if n := commits.Load(); n != 1 {
		t.Errorf("%d commits for one batch, want 1", n)
	}
	if got, want := column(t, db, `SELECT data FROM effects ORDER BY rowid`), []string{"one", "three", "no id"}; !slices.Equal(got, want) {
		t.Errorf("effects %v, want %v", got, want)
	}
	if got, want := column(t, db, `SELECT msg_id FROM inbox ORDER BY msg_id`), []string{"events:7", "m1", "m3"}; !slices.Equal(got, want) {
		t.Errorf("inbox %v, want %v", got, want)
	}
	// What can never be applied is kept, with its error, for an admin.
	if got, want := column(t, db, `SELECT msg_id || ' ' || attempts || ' ' || (error LIKE '%permanent%') FROM dead_letters ORDER BY id`),
		[]string{"m4 1 1", "v 1 1"}; !slices.Equal(got, want) {
		t.Errorf("dead letters %v, want %v", got, want)
	}

	// The failed message comes back and is applied, once.
	retry := []*fakeMsg{newMsg("m2", "two"), newMsg("m3", "three again")}
	handleAll(c, retry)
	if got, want := settled(retry), []string{"ack", "ack"}; !slices.Equal(got, want) {
		t.Errorf("retry settled %v, want %v", got, want)
	}
	if got, want := column(t, db, `SELECT data FROM effects ORDER BY rowid`), []string{"one", "three", "no id", "two"}; !slices.Equal(got, want) {
		t.Errorf("effects after the retry %v, want %v", got, want)
	}
}

// When the batch's commit fails, nothing of it holds: every message that
// was applied is redelivered, and so is the one given up on, whose dead
// letter did not commit either.
func TestHandleBatchCommitFails(t *testing.T) {
	t.Parallel()
	db := testkit.DB(t, batchMigrations)
	c := newConsumer(db, Spec{Stream: "events", Durable: "c"}, effect, testkit.Logger(t))
	msgs := []*fakeMsg{newMsg("m1", "one"), newMsg("m2", "dangling"), newMsg("m3", "poison")}
	handleAll(c, msgs)
	if got, want := settled(msgs), []string{"nak", "nak", "nak"}; !slices.Equal(got, want) {
		t.Errorf("settled %v, want %v", got, want)
	}
	if got := column(t, db, `SELECT msg_id FROM inbox`); len(got) != 0 {
		t.Errorf("inbox %v after a failed commit", got)
	}
	if got := column(t, db, `SELECT msg_id FROM dead_letters`); len(got) != 0 {
		t.Errorf("dead letters %v after a failed commit", got)
	}
}

// The worker stops once asked, after applying what it was handed.
func TestWorkerStopsAfterItsMessages(t *testing.T) {
	t.Parallel()
	db := testkit.DB(t, batchMigrations)
	c := newConsumer(db, Spec{Stream: "events", Durable: "c"}, effect, testkit.Logger(t))
	go c.work(context.Background())
	msgs := []*fakeMsg{newMsg("m1", "one"), newMsg("m2", "two")}
	for _, m := range msgs {
		c.receive(m)
	}
	c.stop()
	if got, want := settled(msgs), []string{"ack", "ack"}; !slices.Equal(got, want) {
		t.Errorf("settled %v, want %v", got, want)
	}
	// A message arriving afterwards is left for redelivery.
	late := newMsg("m3", "three")
	c.receive(late)
	if late.settled != "" {
		t.Errorf("late message %s", late.settled)
	}
}
