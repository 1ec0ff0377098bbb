-- +goose Up
-- Events gain proposals (statuses proposed and declined), invite codes,
-- accessibility, the iCalendar sequence and full-text search. SQLite cannot
-- change a CHECK constraint, so the table is rebuilt (nothing references it).
CREATE TABLE events_v2 (
    -- seq is the rowid made explicit, so that VACUUM keeps it: the
    -- full-text index refers to events by it.
    seq                       INTEGER PRIMARY KEY,
    id                        TEXT NOT NULL UNIQUE,
    title                     TEXT NOT NULL,
    description               TEXT NOT NULL DEFAULT '',
    programme_id              TEXT NOT NULL DEFAULT '',
    themes                    TEXT NOT NULL DEFAULT '[]',
    room_id                   TEXT REFERENCES rooms (id),
    location                  TEXT NOT NULL DEFAULT '',
    starts_at                 INTEGER NOT NULL,
    ends_at                   INTEGER NOT NULL CHECK (ends_at > starts_at),
    capacity                  INTEGER NOT NULL CHECK (capacity >= 0),
    registration_opens_at     INTEGER,
    registration_closes_at    INTEGER,
    visibility                TEXT NOT NULL CHECK (visibility IN ('public', 'invite-only', 'internal')),
    status                    TEXT NOT NULL CHECK (status IN ('proposed', 'declined', 'draft', 'published', 'cancelled', 'completed')),
    host_ambassador_ids       TEXT NOT NULL DEFAULT '[]',
    recurrence                TEXT NOT NULL DEFAULT '',
    series_id                 TEXT NOT NULL DEFAULT '',
    cancellation_reason       TEXT NOT NULL DEFAULT '',
    created_at                INTEGER NOT NULL,
    updated_at                INTEGER NOT NULL,
    version                   INTEGER NOT NULL,
    invite_code               TEXT NOT NULL DEFAULT '',
    accessibility             TEXT NOT NULL DEFAULT '{}',
    sequence                  INTEGER NOT NULL DEFAULT 0,
    decline_reason            TEXT NOT NULL DEFAULT '',
    proposed_by_ambassador_id TEXT NOT NULL DEFAULT ''
);
INSERT INTO events_v2 (id, title, description, programme_id, themes, room_id, location, starts_at, ends_at,
    capacity, registration_opens_at, registration_closes_at, visibility, status, host_ambassador_ids,
    recurrence, series_id, cancellation_reason, created_at, updated_at, version)
SELECT id, title, description, programme_id, themes, room_id, location, starts_at, ends_at,
    capacity, registration_opens_at, registration_closes_at, visibility, status, host_ambassador_ids,
    recurrence, series_id, cancellation_reason, created_at, updated_at, version FROM events;
DROP TABLE events;
ALTER TABLE events_v2 RENAME TO events;
CREATE INDEX events_starts ON events (starts_at, id);
CREATE INDEX events_room ON events (room_id, starts_at);
CREATE INDEX events_status_end ON events (status, ends_at);
CREATE INDEX events_series ON events (series_id, starts_at) WHERE series_id != '';

-- Full-text search over title and description. FTS4 (the FTS5 module needs
-- a build tag our builds do not pass); docid is the events seq.
CREATE VIRTUAL TABLE events_fts USING fts4 (title, description, tokenize=unicode61);
INSERT INTO events_fts (docid, title, description) SELECT seq, title, description FROM events;
-- +goose StatementBegin
CREATE TRIGGER events_fts_insert AFTER INSERT ON events BEGIN
    INSERT INTO events_fts (docid, title, description) VALUES (new.seq, new.title, new.description);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER events_fts_update AFTER UPDATE OF title, description ON events BEGIN
    DELETE FROM events_fts WHERE docid = old.seq;
    INSERT INTO events_fts (docid, title, description) VALUES (new.seq, new.title, new.description);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER events_fts_delete AFTER DELETE ON events BEGIN
    DELETE FROM events_fts WHERE docid = old.seq;
END;
-- +goose StatementEnd

-- Rooms: bookable hours per weekday and blackout periods, as JSON arrays.
ALTER TABLE rooms ADD COLUMN bookable_hours TEXT NOT NULL DEFAULT '[]';
ALTER TABLE rooms ADD COLUMN blackouts TEXT NOT NULL DEFAULT '[]';

-- Programmes and ambassadors as the ambassadors service announces them.
CREATE TABLE programmes (
    id      TEXT PRIMARY KEY,
    name    TEXT NOT NULL,
    themes  TEXT NOT NULL DEFAULT '[]',
    status  TEXT NOT NULL,
    version INTEGER NOT NULL
);
CREATE TABLE ambassadors (
    id           TEXT PRIMARY KEY,
    programme_id TEXT NOT NULL,
    name         TEXT NOT NULL,
    status       TEXT NOT NULL,
    version      INTEGER NOT NULL
);

-- +goose Down
DROP TABLE ambassadors;
DROP TABLE programmes;
DROP TRIGGER events_fts_delete;
DROP TRIGGER events_fts_update;
DROP TRIGGER events_fts_insert;
DROP TABLE events_fts;
ALTER TABLE rooms DROP COLUMN blackouts;
ALTER TABLE rooms DROP COLUMN bookable_hours;
-- (events keeps its new columns and statuses: a rebuild back is not worth it)
