-- +goose Up
-- Each person's data key (platform/shred): the personal fields of the
-- messages about their registrations are encrypted with it. The key is
-- found by a SHA-256 of the address as domain.EmailKey normalises it,
-- never the address itself; published_at is when its message last went on
-- the bus (published again when older than shred.RepublishAfter). Erasing
-- the person deletes the row and the key's messages on the bus.
CREATE TABLE person_keys (
    email_hash   BLOB PRIMARY KEY,
    key_id       TEXT NOT NULL UNIQUE,
    secret       BLOB NOT NULL,
    published_at INTEGER NOT NULL
) STRICT, WITHOUT ROWID;

-- Erasures done, until answered on the bus (platform/erasure).
CREATE TABLE erasures (
    erasure_id   TEXT PRIMARY KEY,
    erased       INTEGER NOT NULL,
    erased_at    INTEGER NOT NULL,
    confirmed_at INTEGER
) WITHOUT ROWID;

-- +goose Down
DROP TABLE erasures;
DROP TABLE person_keys;
