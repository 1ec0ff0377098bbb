-- +goose Up
-- Dates are TEXT YYYY-MM-DD (Europe/Amsterdam calendar days); times are Unix
-- seconds in UTC; lists are JSON arrays.
CREATE TABLE programmes (
    id           TEXT PRIMARY KEY,
    name         TEXT NOT NULL,
    municipality TEXT NOT NULL,
    description  TEXT NOT NULL DEFAULT '',
    themes       TEXT NOT NULL DEFAULT '[]',
    starts_on    TEXT NOT NULL,
    ends_on      TEXT NOT NULL CHECK (ends_on > starts_on),
    status       TEXT NOT NULL CHECK (status IN ('active', 'closed')),
    targets      TEXT NOT NULL DEFAULT '[]',
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL,
    version      INTEGER NOT NULL
);
CREATE INDEX programmes_starts ON programmes (starts_on, id);

CREATE TABLE ambassadors (
    id           TEXT PRIMARY KEY,
    programme_id TEXT NOT NULL REFERENCES programmes (id),
    name         TEXT NOT NULL,
    email        TEXT NOT NULL,
    organisation TEXT NOT NULL DEFAULT '',
    sector       TEXT NOT NULL DEFAULT '',
    bio          TEXT NOT NULL DEFAULT '',
    appointed_on TEXT NOT NULL,
    term_ends_on TEXT NOT NULL CHECK (term_ends_on >= appointed_on),
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL,
    version      INTEGER NOT NULL
);
-- One appointment per person (e-mail address) per programme; a second term
-- is a term extension.
CREATE UNIQUE INDEX ambassadors_programme_email ON ambassadors (programme_id, lower(email));
CREATE INDEX ambassadors_programme_name ON ambassadors (programme_id, name, id);

CREATE TABLE activities (
    id                    TEXT PRIMARY KEY,
    ambassador_id         TEXT NOT NULL REFERENCES ambassadors (id),
    programme_id          TEXT NOT NULL REFERENCES programmes (id),
    kind                  TEXT NOT NULL CHECK (kind IN ('company-visit', 'presentation', 'workshop',
                              'mentoring', 'municipality-meeting', 'media', 'event-hosted', 'other')),
    occurred_on           TEXT NOT NULL,
    duration_minutes      INTEGER NOT NULL CHECK (duration_minutes BETWEEN 0 AND 1440),
    summary               TEXT NOT NULL,
    entrepreneurs_reached INTEGER NOT NULL CHECK (entrepreneurs_reached >= 0),
    organisations         TEXT NOT NULL DEFAULT '[]',
    themes                TEXT NOT NULL DEFAULT '[]',
    event_id              TEXT NOT NULL DEFAULT '',
    review_status         TEXT NOT NULL CHECK (review_status IN ('pending', 'approved', 'returned')),
    created_at            INTEGER NOT NULL,
    updated_at            INTEGER NOT NULL,
    version               INTEGER NOT NULL
);
CREATE INDEX activities_ambassador ON activities (ambassador_id, occurred_on, id);
CREATE INDEX activities_programme ON activities (programme_id, occurred_on);
-- An ambassador hosts an event once: logging it twice is a duplicate.
CREATE UNIQUE INDEX activities_event ON activities (ambassador_id, event_id) WHERE event_id != '';

-- +goose Down
DROP TABLE activities;
DROP TABLE ambassadors;
DROP TABLE programmes;
