package messaging_test

import (
	"context"
	"testing"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"plein.dev/platform/messaging"
	"plein.dev/platform/testkit"
)

func TestStreamName(t *testing.T) {
	if got := messaging.StreamName("events"); got != "PLEIN_EVENTS" {
		t.Errorf("StreamName(events) = %q", got)
	}
}

func TestEnsureStreamIdempotent(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	srv := testkit.NATS(t)
	_, js := testkit.Conn(t, srv.ClientURL())

	for i := range 2 {
		s, err := messaging.EnsureStream(ctx, js, "events", 1)
		if err != nil {
			t.Fatalf("EnsureStream #%d: %v", i+1, err)
		}
		cfg := s.CachedInfo().Config
		if cfg.Name != "PLEIN_EVENTS" || len(cfg.Subjects) != 1 || cfg.Subjects[0] != "plein.events.>" ||
			cfg.Storage != jetstream.FileStorage || cfg.Duplicates != 10*time.Minute || cfg.Replicas != 1 {
			t.Errorf("EnsureStream #%d: config %+v", i+1, cfg)
		}
	}
	if _, err := js.Publish(ctx, "plein.events.event.created", []byte("x")); err != nil {
		t.Fatalf("publish to the stream: %v", err)
	}
}

func TestInProcess(t *testing.T) {
	log := testkit.Logger(t)
	srv, err := messaging.StartEmbedded(messaging.EmbeddedOptions{StoreDir: t.TempDir()}, log)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Shutdown(); srv.WaitForShutdown() })
	if srv.Addr() != nil {
		t.Errorf("port 0 listens on %v", srv.Addr())
	}
	nc, err := messaging.ConnectInProcess(srv, "test", log)
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	js, err := jetstream.New(nc)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if _, err := messaging.EnsureStream(ctx, js, "events", 1); err != nil {
		t.Fatalf("EnsureStream in process: %v", err)
	}
}

// TestJoinStreamLeavesTheOwnersSettings: a consumer that asks for other
// replicas than the owner declared neither changes the stream nor fails;
// one that starts first creates it, and the owner then sets its settings.
func TestJoinStreamLeavesTheOwnersSettings(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	srv := testkit.NATS(t)
	_, js := testkit.Conn(t, srv.ClientURL())

	if _, err := messaging.EnsureStream(ctx, js, "events", 1); err != nil {
		t.Fatal(err)
	}
	// Three replicas cannot be placed on one server: an update would fail.
	s, err := messaging.JoinStream(ctx, js, "events", 3)
	if err != nil {
		t.Fatalf("JoinStream with other replicas: %v", err)
	}
	if got := s.CachedInfo().Config.Replicas; got != 1 {
		t.Fatalf("replicas %d after a consumer joined, want the owner's 1", got)
	}
	if _, err := messaging.EnsureStream(ctx, js, "events", 3); err == nil {
		t.Fatal("EnsureStream with 3 replicas on one server: no error, so JoinStream's check proves nothing")
	}

	joined, err := messaging.JoinStream(ctx, js, "ambassadors", 1)
	if err != nil {
		t.Fatalf("JoinStream before the owner: %v", err)
	}
	if joined.CachedInfo().Config.Name != "PLEIN_AMBASSADORS" {
		t.Fatalf("created %+v", joined.CachedInfo().Config)
	}
}
