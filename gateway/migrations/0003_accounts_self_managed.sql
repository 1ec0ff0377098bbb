-- +goose Up
-- Accounts that manage themselves: an account can be deactivated; an
-- invited account has no password until its holder chooses one through a
-- one-time link; API tokens get an id (to list and revoke them) and an
-- expiry. Link tokens, like every other secret here, are stored as SHA-256
-- hashes only.
ALTER TABLE users ADD COLUMN active INTEGER NOT NULL DEFAULT 1;

ALTER TABLE api_tokens ADD COLUMN id TEXT NOT NULL DEFAULT '';
UPDATE api_tokens SET id = lower(hex(randomblob(16)));
CREATE UNIQUE INDEX api_tokens_id ON api_tokens (id);
CREATE INDEX api_tokens_user ON api_tokens (user_id, id);
-- Tokens issued before tokens expired get 90 days from this upgrade.
ALTER TABLE api_tokens ADD COLUMN expires_at INTEGER NOT NULL DEFAULT 0;
UPDATE api_tokens SET expires_at = CAST(strftime('%s', 'now') AS INTEGER) + 90 * 86400;

-- One-time links that set a password: "activate" (an invitation, 7 days)
-- and "reset" (a password reset, 1 hour). A used link keeps its row, with
-- used_at, until it expires.
CREATE TABLE password_links (
    token_hash BLOB PRIMARY KEY,
    user_id    TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    purpose    TEXT NOT NULL CHECK (purpose IN ('activate', 'reset')),
    created_by TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at    INTEGER
);
CREATE INDEX password_links_user ON password_links (user_id, purpose);
CREATE INDEX password_links_expiry ON password_links (expires_at);

-- +goose Down
DROP TABLE password_links;
DROP INDEX api_tokens_user;
DROP INDEX api_tokens_id;
ALTER TABLE api_tokens DROP COLUMN expires_at;
ALTER TABLE api_tokens DROP COLUMN id;
ALTER TABLE users DROP COLUMN active;
