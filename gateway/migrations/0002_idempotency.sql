-- +goose Up
-- Answers to POST requests sent with an Idempotency-Key, kept 24 hours. The
-- key itself is not stored: key_hash identifies it, and the answer is
-- encrypted with a key derived from it, so only its sender can read it.
CREATE TABLE idempotency_keys (
    key_hash     BLOB PRIMARY KEY,
    fingerprint  BLOB NOT NULL,
    state        TEXT NOT NULL CHECK (state IN ('pending', 'done')),
    status       INTEGER NOT NULL DEFAULT 0,
    content_type TEXT NOT NULL DEFAULT '',
    sealed_body  BLOB,
    created_at   INTEGER NOT NULL
);
CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);

-- +goose Down
DROP TABLE idempotency_keys;
