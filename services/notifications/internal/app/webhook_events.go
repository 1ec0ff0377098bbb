package app

import (
	"context"
	"fmt"
	"strings"

	"github.com/google/uuid"

	"plein.dev/notifications/internal/domain"
	"plein.dev/notifications/internal/store"
	"plein.dev/platform/sqlite"
)

// ApplyWebhookEvent queues, within the consumer's transaction tx, a
// message of e for every webhook subscribed to its type. The same cause
// is queued once per webhook, however often it arrives.
func (h *Webhooks) ApplyWebhookEvent(ctx context.Context, tx sqlite.Tx, e domain.WebhookEvent) error {
	subscribers, err := store.Subscribers(ctx, tx, e.Type)
	if err != nil || len(subscribers) == 0 {
		return err
	}
	now := h.now().UTC()
	if e.OccurredAt.IsZero() {
		e.OccurredAt = now
	}
	body, err := e.Body()
	if err != nil {
		return err
	}
	for _, webhookID := range subscribers {
		d := domain.WebhookDelivery{ID: newMessageID(), WebhookID: webhookID, Type: e.Type, OrderKey: e.OrderKey,
			Body: body, CreatedAt: now}
		if _, err := store.QueueWebhookMessage(ctx, tx, d, e.Cause); err != nil {
			return fmt.Errorf("%s %s: %w", e.Type, e.OrderKey, err)
		}
	}
	return nil
}

// ForgetRegistration drops the queued webhook messages about a
// registration whose person's data was erased: they hold name and
// address.
func (h *Webhooks) ForgetRegistration(ctx context.Context, tx sqlite.Tx, registrationID string) error {
	return store.ForgetWebhookMessages(ctx, tx, domain.WebhookOrderKey("registration", registrationID))
}

// newMessageID returns a webhook-id: "msg_" and a time-ordered UUID.
func newMessageID() string {
	return "msg_" + strings.ReplaceAll(uuid.Must(uuid.NewV7()).String(), "-", "")
}
