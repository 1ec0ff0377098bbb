-- Tables of the platform module (transactional outbox and consumer inbox),
-- present in every service database. Versions are tracked in the
-- plein_platform_version table, separate from the service's own migrations.

-- +goose Up
CREATE TABLE outbox (
    seq        INTEGER PRIMARY KEY AUTOINCREMENT,
    id         TEXT    NOT NULL UNIQUE,
    subject    TEXT    NOT NULL,
    aggregate  TEXT    NOT NULL DEFAULT '',
    version    INTEGER NOT NULL DEFAULT 0,
    payload    BLOB    NOT NULL,
    created_at INTEGER NOT NULL -- unix milliseconds
);

CREATE TABLE inbox (
    consumer    TEXT    NOT NULL,
    msg_id      TEXT    NOT NULL,
    received_at INTEGER NOT NULL, -- unix milliseconds
    PRIMARY KEY (consumer, msg_id)
) WITHOUT ROWID;

CREATE INDEX inbox_received_at ON inbox (received_at);

CREATE TABLE inbox_versions (
    consumer  TEXT    NOT NULL,
    aggregate TEXT    NOT NULL,
    version   INTEGER NOT NULL,
    PRIMARY KEY (consumer, aggregate)
) WITHOUT ROWID;

-- +goose Down
DROP TABLE inbox_versions;
DROP TABLE inbox;
DROP TABLE outbox;
