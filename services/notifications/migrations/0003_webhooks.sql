-- +goose Up
-- Webhooks (Standard Webhooks): subscriptions, the queue of messages to
-- post, and the log of delivery attempts. Times are Unix milliseconds.

CREATE TABLE webhooks (
    -- seq orders the subscriptions; page tokens carry it.
    seq         INTEGER PRIMARY KEY AUTOINCREMENT,
    id          TEXT NOT NULL UNIQUE,
    url         TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    -- The HMAC-SHA256 key of the signatures (32 bytes). It leaves the
    -- service once, in the answer to the subscription.
    secret      BLOB NOT NULL,
    created_at  INTEGER NOT NULL
);

-- The event types each webhook subscribes to.
CREATE TABLE webhook_events (
    type       TEXT NOT NULL,
    webhook_id TEXT NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
    PRIMARY KEY (type, webhook_id)
) WITHOUT ROWID;
CREATE INDEX webhook_events_webhook ON webhook_events (webhook_id);

-- Messages waiting to be delivered, written in the transaction of the bus
-- message that caused them. A row is deleted once delivered or given up, so
-- bodies are not kept.
CREATE TABLE webhook_queue (
    seq              INTEGER PRIMARY KEY AUTOINCREMENT,
    -- The webhook-id header: the same on every attempt.
    id               TEXT NOT NULL UNIQUE,
    webhook_id       TEXT NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
    type             TEXT NOT NULL,
    -- What the message is about (e.g. "registration:<id>"): a webhook gets
    -- the messages of one key in order.
    order_key        TEXT NOT NULL,
    -- The bus message it came from: one delivery per webhook and message.
    cause            TEXT NOT NULL,
    body             BLOB NOT NULL,
    attempts         INTEGER NOT NULL DEFAULT 0,
    first_attempt_at INTEGER,
    next_attempt_at  INTEGER NOT NULL,
    created_at       INTEGER NOT NULL,
    UNIQUE (webhook_id, cause)
);
CREATE INDEX webhook_queue_due ON webhook_queue (next_attempt_at);
CREATE INDEX webhook_queue_order ON webhook_queue (webhook_id, order_key, seq);
CREATE INDEX webhook_queue_key ON webhook_queue (order_key);

-- Every attempt to deliver a message (no body, no address of a person).
CREATE TABLE webhook_attempts (
    seq           INTEGER PRIMARY KEY AUTOINCREMENT,
    webhook_id    TEXT NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
    message_id    TEXT NOT NULL,
    type          TEXT NOT NULL,
    attempt       INTEGER NOT NULL,
    attempted_at  INTEGER NOT NULL,
    -- The receiver's HTTP status; 0 when it did not answer.
    status_code   INTEGER NOT NULL,
    duration_ms   INTEGER NOT NULL,
    error         TEXT NOT NULL DEFAULT '',
    outcome       TEXT NOT NULL CHECK (outcome IN ('succeeded', 'retrying', 'failed')),
    next_retry_at INTEGER
);
CREATE INDEX webhook_attempts_webhook ON webhook_attempts (webhook_id, seq);
CREATE INDEX webhook_attempts_at ON webhook_attempts (attempted_at);

-- +goose Down
DROP TABLE webhook_attempts;
DROP TABLE webhook_queue;
DROP TABLE webhook_events;
DROP TABLE webhooks;
