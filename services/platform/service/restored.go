package service

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"plein.dev/platform/backup"
	"plein.dev/platform/messaging"
	"plein.dev/platform/sqlite"
	"plein.dev/proto/subject"
)

// catchUp prepares a database restored from a backup (one that carries the
// backup's stamp) before the consumers start, and removes the stamp:
//
//   - If it was restored together with the databases copied at the same
//     instant (backup.MarkRestored, as plein restore does), what those
//     services published after that instant and before the restore is
//     lost with their databases: those messages — stored in their streams
//     between the two, and not in their outboxes at the instant — are
//     deleted, so that no projection applies changes its producer no
//     longer has.
//   - The projections' durable consumers are deleted, so that they are
//     declared again from the first message of their streams and apply
//     everything the database missed since the backup; the inbox skips
//     what it already holds (message ids, older aggregate versions).
//   - Consumers that start from their creation (e-mails) keep their place:
//     what they did after the backup is not done twice.
//
// A database without the stamp is left alone.
func catchUp(ctx context.Context, js jetstream.JetStream, db *sqlite.DB, consumers []Consumer, log *slog.Logger) error {
	st, restored, err := backup.Stamped(ctx, db.R)
	if err != nil || !restored {
		return err
	}
	log.Warn("database restored from a backup; projections are applied again from their streams",
		slog.Time("backup_taken", st.TakenAt), slog.Any("copied_with", st.Databases), slog.Time("restored", st.RestoredAt))
	if !st.RestoredAt.IsZero() {
		done := map[string]bool{}
		for _, c := range consumers {
			if done[c.Stream] || !slices.Contains(st.Databases, producerDatabase(c.Stream)) {
				continue
			}
			done[c.Stream] = true
			keep := map[string]bool{}
			for _, id := range st.Pending[producerDatabase(c.Stream)] {
				keep[id] = true
			}
			n, err := dropLost(ctx, js, c.Stream, st.TakenAt, st.RestoredAt, keep)
			if err != nil {
				return fmt.Errorf("drop what %s published after the backup: %w", c.Stream, err)
			}
			log.Info("messages published after the backup dropped with their producer's database",
				slog.String("stream", c.Stream), slog.Int("dropped", n))
		}
	}
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

// producerDatabase names the database of the service publishing stream:
// the service's own name, but the gateway's for the accounts.
func producerDatabase(stream string) string {
	if stream == subject.StreamAccounts {
		return "gateway"
	}
	return stream
}

// dropLost deletes the messages stored in stream after from and before
// to, except those whose id is in keep, and returns how many. A message
// the producer had committed before from was either stored before from or
// still in its outbox then (the relay deletes a row once its message is
// stored): one stored after from whose id was not in the outbox was
// committed after it.
func dropLost(ctx context.Context, js jetstream.JetStream, stream string, from, to time.Time, keep map[string]bool) (int, error) {
	ctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	s, err := js.Stream(ctx, messaging.StreamName(stream))
	if errors.Is(err, jetstream.ErrStreamNotFound) {
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	state := s.CachedInfo().State
	if state.Msgs == 0 || state.LastTime.Before(from) {
		return 0, nil
	}
	oc, err := s.OrderedConsumer(ctx, jetstream.OrderedConsumerConfig{
		DeliverPolicy: jetstream.DeliverByStartTimePolicy, OptStartTime: &from})
	if err != nil {
		return 0, err
	}
	dropped := 0
	for {
		batch, err := oc.Fetch(256, jetstream.FetchMaxWait(time.Second))
		if err != nil {
			return dropped, err
		}
		var seq uint64
		for msg := range batch.Messages() {
			meta, err := msg.Metadata()
			if err != nil {
				return dropped, err
			}
			seq = meta.Sequence.Stream
			if seq > state.LastSeq {
				break
			}
			if !meta.Timestamp.After(from) || !meta.Timestamp.Before(to) || keep[msg.Headers().Get(jetstream.MsgIDHeader)] {
				continue
			}
			if err := deleteMsg(ctx, s, seq); err != nil {
				return dropped, err
			}
			dropped++
		}
		if err := batch.Error(); err != nil && !errors.Is(err, jetstream.ErrNoMessages) {
			return dropped, err
		}
		if seq == 0 || seq >= state.LastSeq {
			return dropped, nil
		}
	}
}

// deleteMsg deletes one message; one already deleted (by another service
// catching up on the same stream) is as good.
func deleteMsg(ctx context.Context, s jetstream.Stream, seq uint64) error {
	err := s.DeleteMsg(ctx, seq)
	if err == nil {
		return nil
	}
	if _, gerr := s.GetMsg(ctx, seq); errors.Is(gerr, jetstream.ErrMsgNotFound) {
		return nil
	}
	return fmt.Errorf("delete message %d: %w", seq, err)
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
