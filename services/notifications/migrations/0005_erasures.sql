-- +goose Up
-- Erasures done, until answered on the bus (platform/erasure).
CREATE TABLE erasures (
    erasure_id   TEXT PRIMARY KEY,
    erased       INTEGER NOT NULL,
    erased_at    INTEGER NOT NULL,
    confirmed_at INTEGER
) WITHOUT ROWID;

-- +goose Down
DROP TABLE erasures;
