-- +goose Up
-- The organisers of the programmes, from the gateway's account messages:
-- every active account with the organiser role and an address (opened from
-- its sealed form). An account that stops being one leaves the table.
CREATE TABLE organisers (
    user_id  TEXT PRIMARY KEY,
    email    TEXT NOT NULL,
    name     TEXT NOT NULL,
    language TEXT NOT NULL,
    digest   INTEGER NOT NULL
) WITHOUT ROWID;

-- What the organisers' e-mails show of events, from the events service's
-- messages. Times are Unix milliseconds.
CREATE TABLE events (
    event_id  TEXT PRIMARY KEY,
    title     TEXT NOT NULL,
    starts_at INTEGER NOT NULL,
    ends_at   INTEGER NOT NULL,
    status    TEXT NOT NULL
) WITHOUT ROWID;

-- Each event's counts, from the registrations service's SeatsChanged:
-- full_episodes counts the times the event filled up (one "event full"
-- e-mail each); seat_history keeps the counts over the last days for the
-- digest.
CREATE TABLE seats (
    event_id      TEXT PRIMARY KEY,
    capacity      INTEGER NOT NULL,
    taken         INTEGER NOT NULL,
    waitlist      INTEGER NOT NULL,
    full          INTEGER NOT NULL,
    full_episodes INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE seat_history (
    event_id TEXT NOT NULL,
    at       INTEGER NOT NULL,
    taken    INTEGER NOT NULL,
    waitlist INTEGER NOT NULL
);
CREATE INDEX seat_history_event ON seat_history (event_id, at);
CREATE INDEX seat_history_at ON seat_history (at);

-- +goose Down
DROP TABLE seat_history;
DROP TABLE seats;
DROP TABLE events;
DROP TABLE organisers;
