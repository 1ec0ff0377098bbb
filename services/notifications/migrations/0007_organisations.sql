-- +goose Up
-- Who owns each event (a JSON array of organisation ids), from the events
-- service's messages: the e-mails of an event are shown to its owners'
-- organisers only. Events of before organisations are the default
-- organisation's.
ALTER TABLE events ADD COLUMN owners TEXT NOT NULL DEFAULT '["default"]';

-- +goose Down
ALTER TABLE events DROP COLUMN owners;
