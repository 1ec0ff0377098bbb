-- +goose Up
-- The ideas still holding their submitter's data, by the time the
-- retention period counts from (the decision, or the submission of an idea
-- never decided): the retention sweep reads the expired ones through it,
-- and an idea it anonymised leaves it. (Without it each batch scanned and
-- sorted every idea.)
CREATE INDEX ideas_held ON ideas (coalesce(decided_at, created_at), id) WHERE anonymised_at IS NULL;

-- +goose Down
DROP INDEX ideas_held;
