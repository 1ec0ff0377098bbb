-- +goose Up
-- Who owns each event (a JSON array of organisation ids), as the events
-- service announces it: their organisers see and manage its attendees.
-- Events of before organisations belong to the default organisation,
-- which the gateway's upgrade gives every organiser of then.
ALTER TABLE events ADD COLUMN owners TEXT NOT NULL DEFAULT '["default"]';

-- +goose Down
ALTER TABLE events DROP COLUMN owners;
