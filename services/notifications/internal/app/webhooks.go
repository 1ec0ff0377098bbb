package app

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/google/uuid"

	"plein.dev/notifications/internal/delivery"
	"plein.dev/notifications/internal/domain"
	"plein.dev/notifications/internal/store"
	"plein.dev/platform/identity"
	"plein.dev/platform/page"
	"plein.dev/platform/rule"
	"plein.dev/platform/sqlite"
)

// Webhooks subscribes receivers to event types (administrators only),
// queues a message for each subscriber of what the consumers report
// (webhook_events.go) and delivers the queue (webhook_delivery.go, the
// round of the webhooks loop).
type Webhooks struct {
	db     *sqlite.DB
	client *delivery.WebhookClient
	log    *slog.Logger
	now    func() time.Time
	// firstRetry is the wait after a message's first failed attempt.
	firstRetry time.Duration

	// wake wakes the webhooks loop; retry is the timer that does so when
	// the next queued message falls due.
	wake    chan struct{}
	retryMu sync.Mutex
	retry   *time.Timer

	// flights are the posts under way, by webhook id; deleted holds the
	// webhooks deleted since the start, whose messages are no longer
	// posted even when read from the queue before the deletion.
	flightMu  sync.Mutex
	flights   map[string]map[*flight]struct{}
	deleted   map[string]bool
	lastPrune time.Time
}

// flight is a post under way, in ctx: cancel stops it, done is closed
// when it has returned.
type flight struct {
	ctx    context.Context
	cancel context.CancelFunc
	done   chan struct{}
}

// DefaultWebhookFirstRetry is the wait after a message's first failed
// attempt; it doubles with each further failure.
const DefaultWebhookFirstRetry = 5 * time.Second

// NewWebhooks returns the webhooks of the service. now is the clock
// (time.Now in production); firstRetry 0 means DefaultWebhookFirstRetry.
func NewWebhooks(db *sqlite.DB, client *delivery.WebhookClient, log *slog.Logger, now func() time.Time, firstRetry time.Duration) *Webhooks {
	if firstRetry <= 0 {
		firstRetry = DefaultWebhookFirstRetry
	}
	return &Webhooks{db: db, client: client, log: log, now: now, firstRetry: firstRetry,
		wake: make(chan struct{}, 1), flights: map[string]map[*flight]struct{}{}, deleted: map[string]bool{}}
}

// CreatedWebhook is a new subscription with its secret in text form,
// which is shown only once.
type CreatedWebhook struct {
	domain.Webhook
	Secret string
}

// CreateWebhook subscribes a receiver to event types. The URL's host must
// resolve, and (unless private targets are allowed) to public addresses
// only.
func (h *Webhooks) CreateWebhook(ctx context.Context, rawURL string, events []string, description string) (CreatedWebhook, error) {
	if err := identity.Require(ctx, identity.RoleAdmin); err != nil {
		return CreatedWebhook{}, err
	}
	secret := make([]byte, domain.WebhookSecretSize)
	if _, err := rand.Read(secret); err != nil {
		return CreatedWebhook{}, fmt.Errorf("webhook secret: %w", err)
	}
	w, err := domain.NewWebhook(uuid.Must(uuid.NewV7()).String(), rawURL, events, description, secret, h.now().UTC())
	if err != nil {
		return CreatedWebhook{}, err
	}
	if err := h.client.Check(ctx, w.URL); err != nil {
		if errors.Is(err, domain.ErrPrivateTarget) {
			return CreatedWebhook{}, rule.Broken("the URL points to "+privateText,
				rule.Violation{Field: "url", Reason: err.Error()})
		}
		if ctx.Err() != nil {
			return CreatedWebhook{}, ctx.Err()
		}
		return CreatedWebhook{}, rule.Broken("the URL's host cannot be resolved",
			rule.Violation{Field: "url", Reason: "the host name does not resolve"})
	}
	err = h.db.InTx(ctx, func(tx sqlite.Tx) error {
		w, err = store.InsertWebhook(ctx, tx, w)
		return err
	})
	if err != nil {
		return CreatedWebhook{}, fmt.Errorf("create webhook: %w", err)
	}
	h.log.Info("webhook created", slog.String("webhook_id", w.ID), slog.Any("events", w.Events))
	return CreatedWebhook{Webhook: w, Secret: w.SecretText()}, nil
}

const privateText = "a loopback, private or link-local address, which webhooks may not use here"

// WebhookCursor is the position in the list of webhooks.
type WebhookCursor struct {
	Seq int64 `json:"s"`
}

// ListWebhooks returns a page of the subscriptions, oldest first, and the
// next page's token.
func (h *Webhooks) ListWebhooks(ctx context.Context, r page.Request[WebhookCursor]) ([]domain.Webhook, string, error) {
	if err := identity.Require(ctx, identity.RoleAdmin); err != nil {
		return nil, "", err
	}
	ws, err := store.ListWebhooks(ctx, h.db.R, r.After.Seq, r.Limit())
	if err != nil {
		return nil, "", err
	}
	return page.Cut(r, ws, func(w domain.Webhook) WebhookCursor { return WebhookCursor{w.Seq} })
}

// DeleteWebhook ends a subscription with its queue and delivery log. A
// post to it under way is stopped before DeleteWebhook returns, so the
// receiver gets nothing after.
func (h *Webhooks) DeleteWebhook(ctx context.Context, id string) error {
	if err := identity.Require(ctx, identity.RoleAdmin); err != nil {
		return err
	}
	if err := h.db.InTx(ctx, func(tx sqlite.Tx) error { return store.DeleteWebhook(ctx, tx, id) }); err != nil {
		return err
	}
	h.flightMu.Lock()
	h.deleted[id] = true
	under := h.flights[id]
	delete(h.flights, id)
	h.flightMu.Unlock()
	for f := range under {
		f.cancel()
		<-f.done
	}
	h.log.Info("webhook deleted", slog.String("webhook_id", id))
	return nil
}

// AttemptCursor is the position in a webhook's delivery log, which is
// listed newest first.
type AttemptCursor struct {
	Seq int64 `json:"s"`
}

// ListWebhookDeliveries returns a page of a webhook's delivery attempts,
// newest first, and the next page's token.
func (h *Webhooks) ListWebhookDeliveries(ctx context.Context, webhookID string, r page.Request[AttemptCursor]) ([]domain.WebhookAttempt, string, error) {
	if err := identity.Require(ctx, identity.RoleAdmin); err != nil {
		return nil, "", err
	}
	ok, err := store.WebhookExists(ctx, h.db.R, webhookID)
	if err != nil {
		return nil, "", err
	}
	if !ok {
		return nil, "", fmt.Errorf("deliveries of webhook %s: %w", webhookID, domain.ErrWebhookNotFound)
	}
	if !r.First && r.After.Seq <= 0 {
		return nil, "", page.ErrInvalid
	}
	as, err := store.ListWebhookAttempts(ctx, h.db.R, webhookID, r.After.Seq, r.Limit())
	if err != nil {
		return nil, "", err
	}
	return page.Cut(r, as, func(a domain.WebhookAttempt) AttemptCursor { return AttemptCursor{a.Seq} })
}
