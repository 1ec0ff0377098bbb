package gateway

import (
	"context"
	"log/slog"
	"sync"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"plein.dev/gateway/internal/erasure"
	"plein.dev/platform/inbox"
	"plein.dev/platform/sqlite"
)

// runErasureAnswers consumes the services' answers to erasures (one
// durable consumer per service's stream, with the inbox of the gateway's
// database) until the returned stop is called.
func runErasureAnswers(ctx context.Context, db *sqlite.DB, nc *nats.Conn, replicas int, store *erasure.Store, log *slog.Logger) (stop func(), err error) {
	js, err := jetstream.New(nc)
	if err != nil {
		return nil, err
	}
	store.DeleteRequestsWith(js)
	ctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	var wg sync.WaitGroup
	for _, spec := range store.Consumers(max(replicas, 1)) {
		wg.Go(func() {
			if err := inbox.Run(ctx, js, db, spec, store.Apply, log); err != nil && ctx.Err() == nil {
				log.Error("erasure answers: consumer stopped", "stream", spec.Stream, "err", err)
			}
		})
	}
	return func() {
		cancel()
		wg.Wait()
	}, nil
}
