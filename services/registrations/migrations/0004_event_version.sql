-- +goose Up
-- The event's version in the events service (raised by every change of the
-- event): part of the SEQUENCE of a registration's calendar file.
ALTER TABLE events ADD COLUMN version INTEGER NOT NULL DEFAULT 0;

-- +goose Down
ALTER TABLE events DROP COLUMN version;
