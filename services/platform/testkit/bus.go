package testkit

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"google.golang.org/protobuf/proto"

	"plein.dev/platform/messaging"
)

// Publish publishes payload on subject as a producer's outbox does: with
// msgID as Nats-Msg-Id and the aggregate and its version (none when
// aggregate is empty) in the headers. The producer's stream is declared
// first.
func Publish(t testing.TB, js jetstream.JetStream, stream, subject, msgID, aggregate string, version int64, payload proto.Message) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if _, err := messaging.EnsureStream(ctx, js, stream, 1); err != nil {
		t.Fatal(err)
	}
	b, err := proto.Marshal(payload)
	if err != nil {
		t.Fatal(err)
	}
	msg := nats.NewMsg(subject)
	msg.Data = b
	msg.Header.Set(jetstream.MsgIDHeader, msgID)
	if aggregate != "" {
		msg.Header.Set(messaging.HeaderAggregate, aggregate)
		msg.Header.Set(messaging.HeaderVersion, strconv.FormatInt(version, 10))
	}
	if _, err := js.PublishMsg(ctx, msg); err != nil {
		t.Fatalf("publish %s %s: %v", subject, msgID, err)
	}
}

// Consumed waits (up to 15 s) until the durable consumer of stream has
// settled every message: none pending, none awaiting an ack.
func Consumed(t testing.TB, js jetstream.JetStream, stream, durable string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	for {
		c, err := js.Consumer(ctx, messaging.StreamName(stream), durable)
		if err == nil {
			info, err := c.Info(ctx)
			if err == nil && info.NumPending == 0 && info.NumAckPending == 0 {
				return
			}
		}
		if ctx.Err() != nil {
			t.Fatalf("consumer %s of %s has not settled its messages", durable, stream)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// Published returns the subjects of stream's messages once no new one has
// come for quiet (the producer's outbox has been relayed), in order.
func Published(t testing.TB, js jetstream.JetStream, stream string, quiet time.Duration) []string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	if _, err := messaging.EnsureStream(ctx, js, stream, 1); err != nil {
		t.Fatal(err)
	}
	cons, err := js.OrderedConsumer(ctx, messaging.StreamName(stream), jetstream.OrderedConsumerConfig{})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for {
		msg, err := cons.Next(jetstream.FetchMaxWait(quiet))
		if err != nil {
			return out
		}
		out = append(out, msg.Subject())
	}
}
