package store

import (
	"context"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"

	"plein.dev/notifications/internal/domain"
)

// The webhook subscriptions: webhooks and the event types of each
// (webhook_events).

type webhookRow struct {
	Seq         int64  `db:"seq"`
	ID          string `db:"id"`
	URL         string `db:"url"`
	Description string `db:"description"`
	CreatedAt   int64  `db:"created_at"`
}

// InsertWebhook stores a new subscription and returns it with its Seq.
func InsertWebhook(ctx context.Context, tx *sqlx.Tx, w domain.Webhook) (domain.Webhook, error) {
	const insert = `INSERT INTO webhooks (id, url, description, secret, created_at) VALUES (?, ?, ?, ?, ?)`
	res, err := tx.ExecContext(ctx, insert, w.ID, w.URL, w.Description, w.Secret, w.CreatedAt.UnixMilli())
	if err != nil {
		return domain.Webhook{}, fmt.Errorf("insert webhook %s: %w", w.ID, err)
	}
	if w.Seq, err = res.LastInsertId(); err != nil {
		return domain.Webhook{}, fmt.Errorf("insert webhook %s: %w", w.ID, err)
	}
	for _, t := range w.Events {
		if _, err := tx.ExecContext(ctx, `INSERT INTO webhook_events (type, webhook_id) VALUES (?, ?)`, string(t), w.ID); err != nil {
			return domain.Webhook{}, fmt.Errorf("subscribe webhook %s to %s: %w", w.ID, t, err)
		}
	}
	return w, nil
}

// DeleteWebhook removes a subscription with its queued messages and its
// delivery log, or returns domain.ErrWebhookNotFound.
func DeleteWebhook(ctx context.Context, tx *sqlx.Tx, id string) error {
	res, err := tx.ExecContext(ctx, `DELETE FROM webhooks WHERE id = ?`, id)
	if err != nil {
		return fmt.Errorf("delete webhook %s: %w", id, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return fmt.Errorf("delete webhook %s: %w", id, err)
	}
	if n == 0 {
		return fmt.Errorf("delete webhook %s: %w", id, domain.ErrWebhookNotFound)
	}
	return nil
}

// WebhookExists reports whether a webhook has the id.
func WebhookExists(ctx context.Context, q Queryer, id string) (bool, error) {
	var n int
	if err := q.GetContext(ctx, &n, `SELECT count(*) FROM webhooks WHERE id = ?`, id); err != nil {
		return false, fmt.Errorf("find webhook %s: %w", id, err)
	}
	return n > 0, nil
}

// ListWebhooks returns up to limit subscriptions created after the one with
// afterSeq, oldest first, with their event types but without their secrets.
func ListWebhooks(ctx context.Context, q Queryer, afterSeq int64, limit int) ([]domain.Webhook, error) {
	const query = `SELECT seq, id, url, description, created_at FROM webhooks
		WHERE seq > ? ORDER BY seq LIMIT ?`
	var rows []webhookRow
	if err := q.SelectContext(ctx, &rows, query, afterSeq, limit); err != nil {
		return nil, fmt.Errorf("list webhooks: %w", err)
	}
	if len(rows) == 0 {
		return nil, nil
	}
	ids := make([]string, len(rows))
	for i, r := range rows {
		ids[i] = r.ID
	}
	query2, args, err := sqlx.In(`SELECT webhook_id, type FROM webhook_events WHERE webhook_id IN (?) ORDER BY type`, ids)
	if err != nil {
		return nil, fmt.Errorf("list webhook event types: %w", err)
	}
	var subs []struct {
		WebhookID string `db:"webhook_id"`
		Type      string `db:"type"`
	}
	if err := q.SelectContext(ctx, &subs, query2, args...); err != nil {
		return nil, fmt.Errorf("list webhook event types: %w", err)
	}
	events := make(map[string][]domain.WebhookType, len(rows))
	for _, s := range subs {
		events[s.WebhookID] = append(events[s.WebhookID], domain.WebhookType(s.Type))
	}
	out := make([]domain.Webhook, len(rows))
	for i, r := range rows {
		out[i] = domain.Webhook{Seq: r.Seq, ID: r.ID, URL: r.URL, Events: events[r.ID], Description: r.Description,
			CreatedAt: time.UnixMilli(r.CreatedAt).UTC()}
	}
	return out, nil
}

// Subscribers returns the ids of the webhooks subscribed to t.
func Subscribers(ctx context.Context, q Queryer, t domain.WebhookType) ([]string, error) {
	var ids []string
	if err := q.SelectContext(ctx, &ids, `SELECT webhook_id FROM webhook_events WHERE type = ?`, string(t)); err != nil {
		return nil, fmt.Errorf("subscribers of %s: %w", t, err)
	}
	return ids, nil
}
