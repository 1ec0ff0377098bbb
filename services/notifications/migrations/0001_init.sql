-- +goose Up
-- Times are Unix milliseconds in UTC.

-- The log of every e-mail the service decided to send. Written in the same
-- transaction as the inbox record of the message that caused it.
CREATE TABLE emails (
    -- seq orders the log; page tokens carry it.
    seq             INTEGER PRIMARY KEY AUTOINCREMENT,
    id              TEXT NOT NULL UNIQUE,
    recipient       TEXT NOT NULL,
    subject         TEXT NOT NULL,
    kind            TEXT NOT NULL,
    registration_id TEXT NOT NULL DEFAULT '',
    event_id        TEXT NOT NULL DEFAULT '',
    -- What caused the e-mail, e.g. "registration:<id>@3/registration-confirmed":
    -- one e-mail per cause, whatever the bus delivers.
    cause           TEXT NOT NULL UNIQUE,
    status          TEXT NOT NULL CHECK (status IN ('pending', 'sent', 'failed')),
    -- Why delivery failed for good (an SMTP reply code, never an address).
    error           TEXT NOT NULL DEFAULT '',
    created_at      INTEGER NOT NULL,
    sent_at         INTEGER
);
CREATE INDEX emails_registration ON emails (registration_id, seq);
CREATE INDEX emails_event ON emails (event_id, seq);

-- Outgoing mail: the composed message of every pending e-mail. The delivery
-- loop sends it after the transaction that wrote it committed, and deletes
-- it once sent (or failed for good), so message bodies are not kept.
CREATE TABLE mail_queue (
    email_id        TEXT PRIMARY KEY REFERENCES emails (id) ON DELETE CASCADE,
    envelope_from   TEXT NOT NULL,
    envelope_to     TEXT NOT NULL,
    message         BLOB NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    last_error      TEXT NOT NULL DEFAULT ''
) WITHOUT ROWID;
CREATE INDEX mail_queue_due ON mail_queue (next_attempt_at);

-- +goose Down
DROP TABLE mail_queue;
DROP TABLE emails;
