-- +goose Up
-- Times are Unix seconds in UTC.

-- The registrations service's copy of each event, fed by the events
-- service's messages.
CREATE TABLE events (
    id                     TEXT PRIMARY KEY,
    title                  TEXT NOT NULL,
    starts_at              INTEGER NOT NULL,
    ends_at                INTEGER NOT NULL,
    capacity               INTEGER NOT NULL,
    status                 TEXT NOT NULL,
    visibility             TEXT NOT NULL,
    registration_opens_at  INTEGER,
    registration_closes_at INTEGER,
    seats_version          INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE registrations (
    -- seq is the arrival order: it orders the waiting list.
    seq                 INTEGER PRIMARY KEY AUTOINCREMENT,
    id                  TEXT NOT NULL UNIQUE,
    event_id            TEXT NOT NULL REFERENCES events (id),
    name                TEXT NOT NULL,
    email               TEXT NOT NULL,
    email_key           TEXT NOT NULL,
    organisation        TEXT NOT NULL DEFAULT '',
    status              TEXT NOT NULL CHECK (status IN ('confirmed', 'waitlisted', 'cancelled')),
    answers             TEXT NOT NULL DEFAULT '[]',
    token_hash          BLOB NOT NULL,
    registered_at       INTEGER NOT NULL,
    confirmed_at        INTEGER,
    cancelled_at        INTEGER,
    checked_in_at       INTEGER,
    cancellation_reason TEXT NOT NULL DEFAULT '',
    version             INTEGER NOT NULL
);
-- One live registration per e-mail address per event.
CREATE UNIQUE INDEX registrations_event_email ON registrations (event_id, email_key) WHERE status != 'cancelled';
CREATE INDEX registrations_event_status ON registrations (event_id, status, seq);
CREATE INDEX registrations_email ON registrations (email_key);

-- +goose Down
DROP TABLE registrations;
DROP TABLE events;
