package messaging_test

import (
	"context"
	"testing"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"plein.dev/platform/messaging"
	"plein.dev/platform/testkit"
)

// A stream declared before it had retention limits gets them at the
// owner's next start: messages leave after 30 days; past 1 GiB new ones wait.
func TestEnsureStreamSetsRetentionOnExistingStreams(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	srv := testkit.NATS(t)
	_, js := testkit.Conn(t, srv.ClientURL())
	// As an older version declared it: no limits.
	if _, err := js.CreateStream(ctx, jetstream.StreamConfig{Name: "PLEIN_EVENTS", Subjects: []string{"plein.events.>"},
		Storage: jetstream.FileStorage, Duplicates: messaging.DuplicateWindow, Replicas: 1}); err != nil {
		t.Fatal(err)
	}
	s, err := messaging.EnsureStream(ctx, js, "events", 1)
	if err != nil {
		t.Fatal(err)
	}
	info, err := s.Info(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if info.Config.MaxAge != 30*24*time.Hour || info.Config.MaxBytes != 1<<30 {
		t.Errorf("retention MaxAge %v MaxBytes %d, want 720h and 1 GiB", info.Config.MaxAge, info.Config.MaxBytes)
	}
	// Full, a stream refuses what comes (the outbox keeps it) instead of
	// dropping messages not yet read, and the person keys younger ones need.
	if info.Config.Discard != jetstream.DiscardNew {
		t.Errorf("discard policy %v, want DiscardNew", info.Config.Discard)
	}
	if messaging.StreamMaxAge <= 7*24*time.Hour {
		t.Error("the streams must keep messages longer than the inbox remembers them (7 days)")
	}
}
