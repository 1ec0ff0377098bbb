-- +goose Up
-- Erasures done, until answered on the bus (platform/erasure): the
-- contacts of events hold officials' e-mail addresses and phone numbers.
CREATE TABLE erasures (
    erasure_id   TEXT PRIMARY KEY,
    erased       INTEGER NOT NULL,
    erased_at    INTEGER NOT NULL,
    confirmed_at INTEGER
) WITHOUT ROWID;

-- +goose Down
DROP TABLE erasures;
