-- +goose Up
-- The gateway's hash of the Idempotency-Key a registration was sent with:
-- the same request sent again (the service went away before answering) is
-- answered with the registration it made, not refused as a second one.
ALTER TABLE registrations ADD COLUMN request_key TEXT;
CREATE UNIQUE INDEX registrations_event_request_key ON registrations (event_id, request_key)
    WHERE request_key IS NOT NULL;

-- Secrets of this service alone, made here once. 'manage-token' derives
-- the manage token of a registration sent with a request key, so that its
-- repeat gets the same token while only its hash is stored.
CREATE TABLE secrets (
    name  TEXT PRIMARY KEY,
    value BLOB NOT NULL
) STRICT;
INSERT INTO secrets (name, value) VALUES ('manage-token', randomblob(32));

-- +goose Down
DROP TABLE secrets;
DROP INDEX registrations_event_request_key;
ALTER TABLE registrations DROP COLUMN request_key;
