package service

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"plein.dev/platform/backup"
	"plein.dev/platform/messaging"
	"plein.dev/platform/sqlite"
)

// catchUp prepares a database restored from a backup (one that carries the
// backup's stamp) before the consumers start: the projections' durable
// consumers are deleted, so that they are declared again from the first
// message of their streams and apply everything the database missed since
// the backup — the inbox skips what it already holds (message ids, older
// aggregate versions). Consumers that start from their creation (e-mails)
// keep their place: what they did after the backup is not done twice.
// Then the stamp is removed. A database without the stamp is left alone.
func catchUp(ctx context.Context, js jetstream.JetStream, db *sqlite.DB, consumers []Consumer, log *slog.Logger) error {
	taken, restored, err := backup.Stamped(ctx, db.R)
	if err != nil || !restored {
		return err
	}
	log.Warn("database restored from a backup; projections are applied again from their streams' first messages",
		slog.Time("backup_taken", taken))
	for _, c := range consumers {
		if c.Start != FromFirstMessage {
			continue
		}
		if err := deleteConsumer(ctx, js, c, log); err != nil {
			return err
		}
	}
	return backup.Unstamp(ctx, db.W)
}

// deleteConsumer deletes c's durable consumer, retrying while NATS does
// not answer; one that does not exist is as good as deleted.
func deleteConsumer(ctx context.Context, js jetstream.JetStream, c Consumer, log *slog.Logger) error {
	wait := 100 * time.Millisecond
	for attempt := 1; ; attempt++ {
		callCtx, cancel := context.WithTimeout(ctx, 10*time.Second)
		err := js.DeleteConsumer(callCtx, messaging.StreamName(c.Stream), c.Durable)
		cancel()
		if err == nil || errors.Is(err, jetstream.ErrConsumerNotFound) || errors.Is(err, jetstream.ErrStreamNotFound) {
			log.Info("projection to be applied again", slog.String("stream", c.Stream), slog.String("consumer", c.Durable))
			return nil
		}
		var apiErr *jetstream.APIError
		if errors.As(err, &apiErr) {
			return fmt.Errorf("restart consumer %s of %s: %w", c.Durable, c.Stream, err)
		}
		if attempt == 1 || attempt%20 == 0 {
			log.Warn("deleting consumer failed, retrying", slog.String("consumer", c.Durable), slog.Any("err", err))
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(wait):
		}
		wait = min(2*wait, 5*time.Second)
	}
}
