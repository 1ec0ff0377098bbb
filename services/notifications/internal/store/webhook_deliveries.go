package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"

	"plein.dev/notifications/internal/domain"
)

// The webhook messages waiting to be delivered (webhook_queue) and the log
// of delivery attempts (webhook_attempts).

// QueueWebhookMessage queues d for its webhook, due at once (d.CreatedAt),
// unless the webhook already has the message of the same cause; then it
// does nothing and returns false.
func QueueWebhookMessage(ctx context.Context, tx *sqlx.Tx, d domain.WebhookDelivery, cause string) (bool, error) {
	const insert = `INSERT INTO webhook_queue (id, webhook_id, type, order_key, cause, body, next_attempt_at, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (webhook_id, cause) DO NOTHING`
	at := d.CreatedAt.UnixMilli()
	res, err := tx.ExecContext(ctx, insert, d.ID, d.WebhookID, string(d.Type), d.OrderKey, cause, d.Body, at, at)
	if err != nil {
		return false, fmt.Errorf("queue %s for webhook %s: %w", d.Type, d.WebhookID, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("queue %s for webhook %s: %w", d.Type, d.WebhookID, err)
	}
	return n > 0, nil
}

// head selects the queued messages that have no earlier message of the
// same webhook and key still queued: only those may be sent.
const head = `NOT EXISTS (SELECT 1 FROM webhook_queue p
	WHERE p.webhook_id = q.webhook_id AND p.order_key = q.order_key AND p.seq < q.seq)`

// DueWebhookDeliveries returns up to limit messages due at now that may be
// sent (each the earliest queued of its webhook and key), with their
// webhook's URL and secret, those due first first.
func DueWebhookDeliveries(ctx context.Context, q Queryer, now time.Time, limit int) ([]domain.WebhookDelivery, error) {
	query := `SELECT q.seq, q.id, q.webhook_id, q.type, q.order_key, q.body, q.attempts, q.first_attempt_at,
		q.created_at, w.url, w.secret
		FROM webhook_queue q JOIN webhooks w ON w.id = q.webhook_id
		WHERE q.next_attempt_at <= ? AND ` + head + ` ORDER BY q.next_attempt_at, q.seq LIMIT ?`
	var rows []struct {
		Seq            int64         `db:"seq"`
		ID             string        `db:"id"`
		WebhookID      string        `db:"webhook_id"`
		Type           string        `db:"type"`
		OrderKey       string        `db:"order_key"`
		Body           []byte        `db:"body"`
		Attempts       int           `db:"attempts"`
		FirstAttemptAt sql.NullInt64 `db:"first_attempt_at"`
		CreatedAt      int64         `db:"created_at"`
		URL            string        `db:"url"`
		Secret         []byte        `db:"secret"`
	}
	if err := q.SelectContext(ctx, &rows, query, now.UnixMilli(), limit); err != nil {
		return nil, fmt.Errorf("read webhook queue: %w", err)
	}
	out := make([]domain.WebhookDelivery, len(rows))
	for i, r := range rows {
		out[i] = domain.WebhookDelivery{Seq: r.Seq, ID: r.ID, WebhookID: r.WebhookID, Type: domain.WebhookType(r.Type),
			OrderKey: r.OrderKey, Body: r.Body, Attempts: r.Attempts, CreatedAt: time.UnixMilli(r.CreatedAt).UTC(),
			URL: r.URL, Secret: r.Secret}
		if r.FirstAttemptAt.Valid {
			out[i].FirstAttemptAt = time.UnixMilli(r.FirstAttemptAt.Int64).UTC()
		}
	}
	return out, nil
}

// NextWebhookDue returns when the next message that may be sent falls due;
// ok is false when none is queued.
func NextWebhookDue(ctx context.Context, q Queryer) (at time.Time, ok bool, err error) {
	var next sql.NullInt64
	if err := q.GetContext(ctx, &next, `SELECT min(q.next_attempt_at) FROM webhook_queue q WHERE `+head); err != nil {
		return time.Time{}, false, fmt.Errorf("read webhook queue: %w", err)
	}
	if !next.Valid {
		return time.Time{}, false, nil
	}
	return time.UnixMilli(next.Int64).UTC(), true, nil
}

// RecordWebhookAttempt logs an attempt to deliver the queued message
// a.MessageID and settles the message: a success or a final failure
// removes it from the queue, a failure to retry sets when. firstAttemptAt
// is kept from the message's first attempt. It returns false, logging
// nothing, when the message is no longer queued (its webhook was deleted,
// or the person it concerns erased).
func RecordWebhookAttempt(ctx context.Context, tx *sqlx.Tx, a domain.WebhookAttempt, firstAttemptAt time.Time) (bool, error) {
	var res sql.Result
	var err error
	if a.Outcome == domain.AttemptRetrying {
		const retry = `UPDATE webhook_queue SET attempts = ?, first_attempt_at = coalesce(first_attempt_at, ?),
			next_attempt_at = ? WHERE id = ?`
		res, err = tx.ExecContext(ctx, retry, a.Attempt, firstAttemptAt.UnixMilli(), a.NextRetryAt.UnixMilli(), a.MessageID)
	} else {
		res, err = tx.ExecContext(ctx, `DELETE FROM webhook_queue WHERE id = ?`, a.MessageID)
	}
	if err != nil {
		return false, fmt.Errorf("settle webhook message %s: %w", a.MessageID, err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return false, fmt.Errorf("settle webhook message %s: %w", a.MessageID, err)
	} else if n == 0 {
		return false, nil
	}
	const insert = `INSERT INTO webhook_attempts (webhook_id, message_id, type, attempt, attempted_at, status_code,
		duration_ms, error, outcome, next_retry_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
	var next sql.NullInt64
	if a.Outcome == domain.AttemptRetrying {
		next = sql.NullInt64{Int64: a.NextRetryAt.UnixMilli(), Valid: true}
	}
	if _, err := tx.ExecContext(ctx, insert, a.WebhookID, a.MessageID, string(a.Type), a.Attempt, a.At.UnixMilli(),
		a.StatusCode, a.Duration.Milliseconds(), a.Error, string(a.Outcome), next); err != nil {
		return false, fmt.Errorf("log attempt of webhook message %s: %w", a.MessageID, err)
	}
	return true, nil
}

// ListWebhookAttempts returns up to limit attempts of a webhook, newest
// first, before the one with beforeSeq (0: from the newest).
func ListWebhookAttempts(ctx context.Context, q Queryer, webhookID string, beforeSeq int64, limit int) ([]domain.WebhookAttempt, error) {
	query := `SELECT seq, webhook_id, message_id, type, attempt, attempted_at, status_code, duration_ms, error,
		outcome, next_retry_at FROM webhook_attempts WHERE webhook_id = ?`
	args := []any{webhookID}
	if beforeSeq > 0 {
		query += ` AND seq < ?`
		args = append(args, beforeSeq)
	}
	query += ` ORDER BY seq DESC LIMIT ?`
	args = append(args, limit)
	var rows []struct {
		Seq         int64         `db:"seq"`
		WebhookID   string        `db:"webhook_id"`
		MessageID   string        `db:"message_id"`
		Type        string        `db:"type"`
		Attempt     int           `db:"attempt"`
		AttemptedAt int64         `db:"attempted_at"`
		StatusCode  int           `db:"status_code"`
		DurationMS  int64         `db:"duration_ms"`
		Error       string        `db:"error"`
		Outcome     string        `db:"outcome"`
		NextRetryAt sql.NullInt64 `db:"next_retry_at"`
	}
	if err := q.SelectContext(ctx, &rows, query, args...); err != nil {
		return nil, fmt.Errorf("list attempts of webhook %s: %w", webhookID, err)
	}
	out := make([]domain.WebhookAttempt, len(rows))
	for i, r := range rows {
		out[i] = domain.WebhookAttempt{Seq: r.Seq, WebhookID: r.WebhookID, MessageID: r.MessageID,
			Type: domain.WebhookType(r.Type), Attempt: r.Attempt, At: time.UnixMilli(r.AttemptedAt).UTC(),
			StatusCode: r.StatusCode, Duration: time.Duration(r.DurationMS) * time.Millisecond, Error: r.Error,
			Outcome: domain.AttemptOutcome(r.Outcome)}
		if r.NextRetryAt.Valid {
			out[i].NextRetryAt = time.UnixMilli(r.NextRetryAt.Int64).UTC()
		}
	}
	return out, nil
}

// ForgetWebhookMessages drops the queued messages about orderKey (e.g. a
// registration whose person was erased) from every webhook's queue.
func ForgetWebhookMessages(ctx context.Context, tx *sqlx.Tx, orderKey string) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM webhook_queue WHERE order_key = ?`, orderKey); err != nil {
		return fmt.Errorf("forget webhook messages of %s: %w", orderKey, err)
	}
	return nil
}

// PruneWebhookAttempts deletes the attempts logged before before.
func PruneWebhookAttempts(ctx context.Context, tx *sqlx.Tx, before time.Time) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM webhook_attempts WHERE attempted_at < ?`, before.UnixMilli()); err != nil {
		return fmt.Errorf("prune webhook attempts: %w", err)
	}
	return nil
}
