-- Messages a consumer gave up on, kept with their payload until an admin
-- retries them (inbox.Retry), and the failures of messages still being
-- redelivered (for the first failure time and the attempts).

-- +goose Up
CREATE TABLE dead_letters (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    consumer         TEXT    NOT NULL,
    stream           TEXT    NOT NULL,
    stream_seq       INTEGER NOT NULL,
    subject          TEXT    NOT NULL,
    msg_id           TEXT    NOT NULL,
    aggregate        TEXT    NOT NULL DEFAULT '',
    version          INTEGER NOT NULL DEFAULT 0,
    payload          BLOB    NOT NULL,
    error            TEXT    NOT NULL,
    attempts         INTEGER NOT NULL,
    first_failed_at  INTEGER NOT NULL, -- unix milliseconds
    last_failed_at   INTEGER NOT NULL, -- unix milliseconds
    UNIQUE (consumer, msg_id)
);

-- How many messages each consumer ever gave up on (a counter for metrics
-- that retries and restarts do not lower).
CREATE TABLE dead_letter_totals (
    consumer TEXT    NOT NULL PRIMARY KEY,
    total    INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE inbox_failures (
    consumer        TEXT    NOT NULL,
    msg_id          TEXT    NOT NULL,
    first_failed_at INTEGER NOT NULL, -- unix milliseconds
    PRIMARY KEY (consumer, msg_id)
) WITHOUT ROWID;

-- +goose Down
DROP TABLE inbox_failures;
DROP TABLE dead_letter_totals;
DROP TABLE dead_letters;
