package service

import (
	"context"
	"errors"
	"log/slog"
	"time"
)

// Loop is background work a service repeats while it runs: Run is one
// round, started every Every and, if Wake is set, whenever Wake receives.
// A round that fails is logged and the loop goes on; the next round
// retries. The loop stops with the service.
type Loop struct {
	Name  string
	Every time.Duration
	Wake  <-chan struct{}
	Run   func(ctx context.Context) error
}

func (l Loop) run(ctx context.Context, log *slog.Logger) {
	log = log.With("loop", l.Name)
	log.Debug("loop started", "every", l.Every)
	defer log.Debug("loop stopped")
	tick := time.NewTicker(l.Every)
	defer tick.Stop()
	for {
		if err := l.Run(ctx); err != nil && ctx.Err() == nil && !errors.Is(err, context.Canceled) {
			log.Error("loop round failed", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		case <-l.Wake:
		}
	}
}
