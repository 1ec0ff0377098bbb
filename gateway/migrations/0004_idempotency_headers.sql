-- +goose Up
-- The headers a replay repeats (Location, ETag, Retry-After, ...), as JSON
-- sealed like the body. Rows stored before have none; their replay keeps
-- to content_type.
ALTER TABLE idempotency_keys ADD COLUMN sealed_headers BLOB;

-- +goose Down
ALTER TABLE idempotency_keys DROP COLUMN sealed_headers;
