package service_test

import (
	"context"
	"net"
	"sync/atomic"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"google.golang.org/grpc"

	"plein.dev/platform/inbox"
	"plein.dev/platform/messaging"
	"plein.dev/platform/service"
	"plein.dev/platform/sqlite"
	"plein.dev/platform/testkit"
	"plein.dev/proto/subject"
)

// A consumer with effects, created fresh, hears nothing of what was
// published before, and everything published once the service said it
// started.
func TestFromCreationConsumerDeclaredBeforeStarted(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	srv := testkit.NATS(t)
	_, js := testkit.Conn(t, srv.ClientURL())
	if _, err := messaging.EnsureStream(ctx, js, subject.StreamRegistrations, 1); err != nil {
		t.Fatal(err)
	}
	publish := func(id string) {
		t.Helper()
		msg := nats.NewMsg(string(subject.SeatsChanged))
		msg.Data = []byte(id)
		if _, err := js.PublishMsg(ctx, msg, jetstream.WithMsgID(id)); err != nil {
			t.Fatal(err)
		}
	}
	publish("history")

	var got atomic.Value
	got.Store("")
	h := func(_ context.Context, _ sqlite.Tx, m inbox.Message) error {
		got.Store(got.Load().(string) + string(m.Data) + " ")
		return nil
	}
	addrs := make(chan net.Addr, 1)
	runCtx, stop := context.WithCancel(ctx)
	ran := make(chan error, 1)
	go func() {
		ran <- service.Run(runCtx, service.Spec{
			Name: "notifications", DataDir: t.TempDir(), NATSURL: srv.ClientURL(), Addr: "127.0.0.1:0",
			Log: testkit.Logger(t), Listening: func(a net.Addr) { addrs <- a },
			Register: func(*grpc.Server, service.Deps) (service.Parts, error) {
				return service.Parts{Consumers: []service.Consumer{{
					Stream: subject.StreamRegistrations, Durable: "mails", Start: service.FromCreation,
					Handle: map[subject.Subject]inbox.Handler{subject.SeatsChanged: h},
				}}}, nil
			},
		})
	}()
	select {
	case <-addrs:
	case err := <-ran:
		t.Fatalf("Run = %v", err)
	}
	// At once: the consumer must already be there.
	publish("new")
	for got.Load().(string) != "new " {
		if ctx.Err() != nil {
			t.Fatalf("handled %q, want only the message published after the start", got.Load())
		}
		time.Sleep(20 * time.Millisecond)
	}
	stop()
	if err := <-ran; err != nil {
		t.Fatal(err)
	}
}
