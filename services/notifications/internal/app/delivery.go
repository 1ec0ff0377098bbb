package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"plein.dev/notifications/internal/delivery"
	"plein.dev/notifications/internal/domain"
	"plein.dev/notifications/internal/store"
	"plein.dev/platform/sqlite"
)

const (
	// batch is how many due mails a round reads at a time.
	batch       = 50
	sendTimeout = 30 * time.Second
	// firstRetry doubles with each failed attempt up to maxRetry; after
	// maxAttempts attempts (about a day) the e-mail is marked failed.
	firstRetry  = 10 * time.Second
	maxRetry    = time.Hour
	maxAttempts = 30
)

// DeliveryWake receives when mail may be due: after WakeDelivery (wired to
// every commit of the database, so mail a consumer queued goes out at
// once) and when a retry falls due. The delivery loop takes it as its Wake.
func (s *App) DeliveryWake() <-chan struct{} { return s.wake }

// WakeDelivery wakes the delivery loop without blocking.
func (s *App) WakeDelivery() {
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

// Deliver is a round of the delivery loop: it sends every mail due now
// (stopping early when ctx ends) and arranges to be woken when the next
// queued mail falls due. A mail being sent when ctx ends is finished and
// recorded first (within the send timeout), so that it is not sent again at
// the next start.
func (s *App) Deliver(ctx context.Context) error {
	for ctx.Err() == nil {
		due, err := store.Due(ctx, s.db.R, s.now(), batch)
		if err != nil {
			return err
		}
		for _, o := range due {
			if ctx.Err() != nil {
				return nil
			}
			if err := s.deliver(ctx, o); err != nil {
				return err
			}
		}
		if len(due) < batch {
			break
		}
	}
	at, ok, err := store.NextDue(ctx, s.db.R)
	if err != nil || !ok {
		return err
	}
	s.wakeAt(at)
	return nil
}

// wakeAt wakes the delivery loop at at (replacing an earlier such wake-up).
func (s *App) wakeAt(at time.Time) {
	s.retryMu.Lock()
	defer s.retryMu.Unlock()
	if s.retry != nil {
		s.retry.Stop()
	}
	s.retry = time.AfterFunc(max(at.Sub(s.now()), 0), s.WakeDelivery)
}

// deliver makes one attempt. It returns an error only when the outcome
// could not be recorded.
func (s *App) deliver(ctx context.Context, o domain.Outgoing) error {
	log := s.log.With(slog.String("email_id", o.EmailID))
	sendCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), sendTimeout)
	err := s.mail.Sender.Send(sendCtx, delivery.Mail{ID: o.EmailID, From: o.EnvelopeFrom, To: o.EnvelopeTo,
		Created: o.CreatedAt, Message: o.Message})
	cancel()
	// The outcome is recorded even when ctx just ended.
	recCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), sendTimeout)
	defer cancel()
	attempts := o.Attempts + 1
	switch {
	case err == nil:
		if err := s.db.InTx(recCtx, func(tx sqlite.Tx) error {
			return store.MarkSent(recCtx, tx, o.EmailID, s.now())
		}); err != nil {
			return fmt.Errorf("e-mail %s sent but not recorded (it will be sent again): %w", o.EmailID, err)
		}
		log.Info("e-mail sent", slog.Int("attempts", attempts))
		return nil
	case errors.Is(err, delivery.ErrPermanent) || attempts >= maxAttempts:
		reason := err.Error()
		if !errors.Is(err, delivery.ErrPermanent) {
			reason = fmt.Sprintf("gave up after %d attempts: %s", attempts, reason)
		}
		if rerr := s.db.InTx(recCtx, func(tx sqlite.Tx) error {
			return store.MarkFailed(recCtx, tx, o.EmailID, reason)
		}); rerr != nil {
			return rerr
		}
		log.Error("e-mail not delivered", slog.Int("attempts", attempts), slog.Any("err", err))
		return nil
	default:
		delay := retryDelay(attempts)
		if rerr := s.db.InTx(recCtx, func(tx sqlite.Tx) error {
			return store.Retry(recCtx, tx, o.EmailID, s.now().Add(delay), err.Error())
		}); rerr != nil {
			return rerr
		}
		log.Warn("e-mail not sent, will retry", slog.Int("attempts", attempts),
			slog.Duration("retry_in", delay), slog.Any("err", err))
		return nil
	}
}

// retryDelay is the wait after the given number of failed attempts.
func retryDelay(attempts int) time.Duration {
	d := firstRetry
	for i := 1; i < attempts && d < maxRetry; i++ {
		d *= 2
	}
	return min(d, maxRetry)
}
