package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"

	"plein.dev/notifications/internal/delivery"
	"plein.dev/notifications/internal/domain"
	"plein.dev/notifications/internal/store"
	"plein.dev/platform/sqlite"
)

const (
	// webhookBatch is how many due messages a round reads at a time, and
	// webhookParallel how many it posts at once.
	webhookBatch    = 50
	webhookParallel = 4
	// webhookRecordTimeout bounds recording an attempt.
	webhookRecordTimeout = 10 * time.Second
	// The delivery log keeps attempts for attemptRetention; it is pruned at
	// most every pruneEvery.
	attemptRetention = 30 * 24 * time.Hour
	pruneEvery       = time.Hour
	// errorLimit caps the error text an attempt logs.
	errorLimit = 300
)

// WebhookWake receives when webhook messages may be due: after WakeWebhooks
// (wired to every commit of the database, so a message a consumer queued
// goes out at once) and when a retry falls due. The webhooks loop takes it
// as its Wake.
func (h *Webhooks) WebhookWake() <-chan struct{} { return h.wake }

// WakeWebhooks wakes the webhooks loop without blocking.
func (h *Webhooks) WakeWebhooks() {
	select {
	case h.wake <- struct{}{}:
	default:
	}
}

// Deliver is a round of the webhooks loop: it posts every message that is
// due and may be sent — the earliest queued of its webhook and order key,
// so that a receiver gets the messages about one registration in order —
// and arranges to be woken when the next falls due. A post under way when
// ctx ends is abandoned unrecorded: the message is posted again, with the
// same webhook-id, at the next start.
func (h *Webhooks) Deliver(ctx context.Context) error {
	for ctx.Err() == nil {
		due, err := store.DueWebhookDeliveries(ctx, h.db.R, h.now(), webhookBatch)
		if err != nil {
			return err
		}
		if len(due) == 0 {
			break
		}
		if err := h.deliverAll(ctx, due); err != nil {
			return err
		}
	}
	if ctx.Err() != nil {
		return nil
	}
	if err := h.prune(ctx); err != nil {
		return err
	}
	at, ok, err := store.NextWebhookDue(ctx, h.db.R)
	if err != nil || !ok {
		return err
	}
	h.wakeAt(at)
	return nil
}

// deliverAll posts due, webhookParallel at a time (each message is of
// another webhook or order key).
func (h *Webhooks) deliverAll(ctx context.Context, due []domain.WebhookDelivery) error {
	sem := make(chan struct{}, webhookParallel)
	errs := make([]error, len(due))
	var wg sync.WaitGroup
	for i, d := range due {
		if ctx.Err() != nil {
			break
		}
		sem <- struct{}{}
		wg.Go(func() {
			defer func() { <-sem }()
			errs[i] = h.deliver(ctx, d)
		})
	}
	wg.Wait()
	return errors.Join(errs...)
}

// deliver makes one attempt at d and records it. It returns an error only
// when the outcome could not be recorded.
func (h *Webhooks) deliver(ctx context.Context, d domain.WebhookDelivery) error {
	f, ok := h.takeOff(ctx, d.WebhookID)
	if !ok {
		return nil // deleted since the round read the queue
	}
	at := h.now().UTC()
	started := time.Now()
	status, err := h.client.Post(f.ctx, delivery.WebhookPost{URL: d.URL, ID: d.ID, Timestamp: at,
		Signature: domain.Sign(d.Secret, d.ID, at.Unix(), d.Body), Body: d.Body})
	took := time.Since(started)
	aborted := f.ctx.Err() != nil
	h.land(d.WebhookID, f)
	if aborted {
		// The service is stopping or the webhook was deleted: nothing to
		// record (a stopped service posts the message again at its next
		// start).
		return nil
	}

	a := domain.WebhookAttempt{WebhookID: d.WebhookID, MessageID: d.ID, Type: d.Type, Attempt: d.Attempts + 1, At: at,
		StatusCode: status, Duration: took, Outcome: domain.AttemptSucceeded}
	first := d.FirstAttemptAt
	if first.IsZero() {
		first = at
	}
	if err != nil || !domain.WebhookAccepted(status) {
		a.Error = attemptError(status, err)
		a.Outcome = domain.AttemptFailed
		if next, retry := domain.NextWebhookAttempt(h.firstRetry, a.Attempt, first, h.now().UTC()); retry {
			a.Outcome, a.NextRetryAt = domain.AttemptRetrying, next
		}
	}
	recCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), webhookRecordTimeout)
	defer cancel()
	if err := h.db.InTx(recCtx, func(tx sqlite.Tx) error {
		_, err := store.RecordWebhookAttempt(recCtx, tx, a, first)
		return err
	}); err != nil {
		return fmt.Errorf("webhook message %s %s but not recorded (it will be posted again): %w", d.ID, a.Outcome, err)
	}
	log := h.log.With(slog.String("webhook_id", d.WebhookID), slog.String("message_id", d.ID),
		slog.String("type", string(d.Type)), slog.Int("attempt", a.Attempt), slog.Int("status", status))
	switch a.Outcome {
	case domain.AttemptSucceeded:
		log.Info("webhook delivered")
	case domain.AttemptRetrying:
		log.Warn("webhook not delivered, will retry", slog.String("err", a.Error), slog.Time("retry_at", a.NextRetryAt))
	default:
		log.Error("webhook not delivered, given up", slog.String("err", a.Error))
	}
	return nil
}

// takeOff registers a post to webhookID, unless it was deleted.
func (h *Webhooks) takeOff(ctx context.Context, webhookID string) (*flight, bool) {
	h.flightMu.Lock()
	defer h.flightMu.Unlock()
	if h.deleted[webhookID] {
		return nil, false
	}
	fctx, cancel := context.WithCancel(ctx)
	f := &flight{ctx: fctx, cancel: cancel, done: make(chan struct{})}
	if h.flights[webhookID] == nil {
		h.flights[webhookID] = map[*flight]struct{}{}
	}
	h.flights[webhookID][f] = struct{}{}
	return f, true
}

// land ends a post registered with takeOff.
func (h *Webhooks) land(webhookID string, f *flight) {
	f.cancel()
	h.flightMu.Lock()
	delete(h.flights[webhookID], f)
	if len(h.flights[webhookID]) == 0 {
		delete(h.flights, webhookID)
	}
	h.flightMu.Unlock()
	close(f.done)
}

// attemptError says why an attempt failed, in the delivery log.
func attemptError(status int, err error) string {
	var s string
	switch {
	case errors.Is(err, domain.ErrPrivateTarget):
		s = "refused: " + err.Error()
	case err != nil:
		s = err.Error()
	default:
		s = fmt.Sprintf("HTTP %d", status)
	}
	if len(s) > errorLimit {
		s = strings.ToValidUTF8(s[:errorLimit], "")
	}
	return s
}

// prune drops the attempts older than attemptRetention, at most every
// pruneEvery.
func (h *Webhooks) prune(ctx context.Context) error {
	now := h.now()
	if now.Sub(h.lastPrune) < pruneEvery {
		return nil
	}
	if err := h.db.InTx(ctx, func(tx sqlite.Tx) error {
		return store.PruneWebhookAttempts(ctx, tx, now.Add(-attemptRetention))
	}); err != nil {
		return err
	}
	h.lastPrune = now
	return nil
}

// wakeAt wakes the webhooks loop at at (replacing an earlier such
// wake-up).
func (h *Webhooks) wakeAt(at time.Time) {
	h.retryMu.Lock()
	defer h.retryMu.Unlock()
	if h.retry != nil {
		h.retry.Stop()
	}
	h.retry = time.AfterFunc(max(at.Sub(h.now()), 0), h.WakeWebhooks)
}
