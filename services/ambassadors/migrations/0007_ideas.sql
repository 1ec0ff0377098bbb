-- +goose Up
-- Ideas entrepreneurs submit to a programme (the public form), and the
-- organisers' triage: new -> in-behandeling -> ondersteund | afgewezen.
-- name, email and kvk_number are the submitter's; they are emptied on
-- erasure and by the retention sweep (anonymised_at) once the idea was
-- decided longer ago than PLEIN_RETENTION_DAYS.
CREATE TABLE ideas (
    id            TEXT PRIMARY KEY,
    programme_id  TEXT NOT NULL REFERENCES programmes (id),
    name          TEXT NOT NULL,
    email         TEXT NOT NULL,
    organisation  TEXT NOT NULL DEFAULT '',
    kvk_number    TEXT NOT NULL DEFAULT '',
    title         TEXT NOT NULL,
    description   TEXT NOT NULL,
    themes        TEXT NOT NULL DEFAULT '[]',
    status        TEXT NOT NULL CHECK (status IN ('new', 'in-behandeling', 'ondersteund', 'afgewezen')),
    note          TEXT NOT NULL DEFAULT '',
    language      TEXT NOT NULL CHECK (language IN ('nl', 'en')),
    decided_at    INTEGER,
    anonymised_at INTEGER,
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL,
    version       INTEGER NOT NULL
);
CREATE INDEX ideas_programme ON ideas (programme_id, created_at, id);
CREATE INDEX ideas_email ON ideas (lower(email)) WHERE email <> '';
CREATE INDEX ideas_decided ON ideas (decided_at) WHERE decided_at IS NOT NULL AND anonymised_at IS NULL;

-- Each submitter's data key (platform/shred): the personal fields of the
-- ideas' messages are encrypted with it; erasure and retention delete it.
CREATE TABLE person_keys (
    email_hash   BLOB PRIMARY KEY,
    key_id       TEXT NOT NULL UNIQUE,
    secret       BLOB NOT NULL,
    published_at INTEGER NOT NULL
) STRICT, WITHOUT ROWID;

-- +goose Down
DROP TABLE person_keys;
DROP TABLE ideas;
