package gateway

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"go.opentelemetry.io/otel/trace"

	"plein.dev/gateway/internal/accounts"
	"plein.dev/platform/messaging"
	"plein.dev/platform/outbox"
	"plein.dev/platform/sqlite"
)

// flushTimeout bounds publishing what the outbox holds at shutdown.
const flushTimeout = 5 * time.Second

// runRelay publishes the gateway's outbox — the accounts' announcements
// (accounts.Stream) — to JetStream until the returned stop is called;
// stop flushes what is left. The stream is declared now if NATS answers,
// else by the relay once it does.
func runRelay(ctx context.Context, db *sqlite.DB, nc *nats.Conn, replicas int, traces trace.TracerProvider, log *slog.Logger) (stop func(), err error) {
	js, err := jetstream.New(nc)
	if err != nil {
		return nil, fmt.Errorf("jetstream: %w", err)
	}
	replicas = max(replicas, 1)
	if _, err := messaging.EnsureStream(ctx, js, accounts.Stream, replicas); err != nil {
		log.Warn("declare the accounts stream; the relay retries publishing until NATS answers", "err", err)
	}
	relay := outbox.NewRelay(db, js, log, outbox.WithStream(accounts.Stream, replicas), outbox.WithTracing(traces))
	relayCtx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	done := make(chan struct{})
	go func() {
		defer close(done)
		if err := relay.Run(relayCtx); err != nil && !errors.Is(err, context.Canceled) {
			log.Error("outbox relay stopped", "err", err)
		}
	}()
	return func() {
		cancel()
		<-done
		fctx, fcancel := context.WithTimeout(context.Background(), flushTimeout)
		defer fcancel()
		if err := relay.Flush(fctx); err != nil {
			log.Warn("outbox not flushed at shutdown; published at the next start", "err", err)
		}
	}, nil
}
