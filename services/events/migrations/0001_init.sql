-- +goose Up
-- Times are Unix seconds in UTC; lists of strings are JSON arrays.
CREATE TABLE venues (
    id         TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    address    TEXT NOT NULL DEFAULT '',
    city       TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL
);

CREATE TABLE rooms (
    id            TEXT PRIMARY KEY,
    venue_id      TEXT NOT NULL REFERENCES venues (id),
    name          TEXT NOT NULL,
    capacity      INTEGER NOT NULL CHECK (capacity > 0),
    setup_minutes INTEGER NOT NULL DEFAULT 0 CHECK (setup_minutes >= 0),
    facilities    TEXT NOT NULL DEFAULT '[]'
);
CREATE INDEX rooms_venue ON rooms (venue_id);

CREATE TABLE events (
    id                     TEXT PRIMARY KEY,
    title                  TEXT NOT NULL,
    description            TEXT NOT NULL DEFAULT '',
    programme_id           TEXT NOT NULL DEFAULT '',
    themes                 TEXT NOT NULL DEFAULT '[]',
    room_id                TEXT REFERENCES rooms (id),
    location               TEXT NOT NULL DEFAULT '',
    starts_at              INTEGER NOT NULL,
    ends_at                INTEGER NOT NULL CHECK (ends_at > starts_at),
    capacity               INTEGER NOT NULL CHECK (capacity >= 0),
    registration_opens_at  INTEGER,
    registration_closes_at INTEGER,
    visibility             TEXT NOT NULL CHECK (visibility IN ('public', 'invite-only', 'internal')),
    status                 TEXT NOT NULL CHECK (status IN ('draft', 'published', 'cancelled', 'completed')),
    host_ambassador_ids    TEXT NOT NULL DEFAULT '[]',
    recurrence             TEXT NOT NULL DEFAULT '',
    series_id              TEXT NOT NULL DEFAULT '',
    cancellation_reason    TEXT NOT NULL DEFAULT '',
    created_at             INTEGER NOT NULL,
    updated_at             INTEGER NOT NULL,
    version                INTEGER NOT NULL
);
CREATE INDEX events_starts ON events (starts_at, id);
CREATE INDEX events_room ON events (room_id, starts_at);
CREATE INDEX events_status_end ON events (status, ends_at);

-- Seat counts per event as last reported by the registrations service.
CREATE TABLE event_seats (
    event_id        TEXT PRIMARY KEY,
    seats_taken     INTEGER NOT NULL,
    waitlist_length INTEGER NOT NULL
);

-- +goose Down
DROP TABLE event_seats;
DROP TABLE events;
DROP TABLE rooms;
DROP TABLE venues;
