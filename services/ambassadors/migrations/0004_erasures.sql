-- +goose Up
-- An erased ambassador keeps no address (''): only real addresses are
-- unique in a programme.
DROP INDEX ambassadors_programme_email;
CREATE UNIQUE INDEX ambassadors_programme_email ON ambassadors (programme_id, lower(email)) WHERE email <> '';

-- Erasures done, until answered on the bus (platform/erasure).
CREATE TABLE erasures (
    erasure_id   TEXT PRIMARY KEY,
    erased       INTEGER NOT NULL,
    erased_at    INTEGER NOT NULL,
    confirmed_at INTEGER
) WITHOUT ROWID;

-- +goose Down
DROP TABLE erasures;
DROP INDEX ambassadors_programme_email;
CREATE UNIQUE INDEX ambassadors_programme_email ON ambassadors (programme_id, lower(email));
