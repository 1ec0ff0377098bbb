package outbox_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"plein.dev/platform/messaging"
	"plein.dev/platform/outbox"
	"plein.dev/platform/testkit"
)

// A message JetStream refuses in the middle of a round stops the messages
// published after it in that round, although nothing else would refuse
// them: the stream never holds a message before one written earlier.
func TestRefusedMessageHoldsBackTheRest(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	srv := testkit.NATS(t)
	_, js := testkit.Conn(t, srv.ClientURL())
	// One message per subject: a second one on a subject is refused.
	cfg := jetstream.StreamConfig{
		Name:                 messaging.StreamName("events"),
		Subjects:             []string{messaging.Subjects("events")},
		Discard:              jetstream.DiscardNew,
		DiscardNewPerSubject: true,
		MaxMsgsPerSubject:    1,
		Duplicates:           messaging.DuplicateWindow,
	}
	if _, err := js.CreateStream(ctx, cfg); err != nil {
		t.Fatal(err)
	}
	db := testkit.DB(t, nil)
	relay := outbox.NewRelay(db, js, testkit.Logger(t))

	subjects := []string{"plein.events.a.x", "plein.events.b.x", "plein.events.a.x", "plein.events.c.x", "plein.events.d.x"}
	var msgs []outbox.Message
	for i, s := range subjects {
		msgs = append(msgs, outbox.Message{Subject: s, Aggregate: "agg:1", Version: int64(i + 1), Payload: []byte(fmt.Sprint(i))})
	}
	add(t, db, msgs...)

	if err := relay.Flush(ctx); err == nil {
		t.Fatal("Flush succeeded although the stream refused a message")
	}
	if got := payloads(t, js); got != "[0 1]" {
		t.Fatalf("stream holds %s after the refusal, want [0 1]", got)
	}
	if n := pending(t, relay); n != 3 {
		t.Errorf("pending = %d, want 3", n)
	}

	cfg.MaxMsgsPerSubject, cfg.DiscardNewPerSubject = -1, false
	if _, err := js.UpdateStream(ctx, cfg); err != nil {
		t.Fatal(err)
	}
	if err := relay.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	if got := payloads(t, js); got != "[0 1 2 3 4]" {
		t.Errorf("stream holds %s, want [0 1 2 3 4] (outbox order)", got)
	}
}

func payloads(t *testing.T, js jetstream.JetStream) string {
	t.Helper()
	var out []string
	for _, m := range streamMsgs(t, js, "events") {
		out = append(out, string(m.Data))
	}
	return fmt.Sprint(out)
}
