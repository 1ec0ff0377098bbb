-- +goose Up
-- Erasures of a person asked for by an administrator (DELETE
-- /api/v1/people): when, and each service's answer. The address is not
-- kept here.
CREATE TABLE erasures (
    id           TEXT PRIMARY KEY,
    requested_by TEXT NOT NULL,
    requested_at INTEGER NOT NULL,
    completed_at INTEGER
) WITHOUT ROWID;

CREATE TABLE erasure_answers (
    erasure_id   TEXT NOT NULL REFERENCES erasures (id) ON DELETE CASCADE,
    service      TEXT NOT NULL,
    erased       INTEGER NOT NULL,
    completed_at INTEGER NOT NULL,
    PRIMARY KEY (erasure_id, service)
) WITHOUT ROWID;

-- +goose Down
DROP TABLE erasure_answers;
DROP TABLE erasures;
