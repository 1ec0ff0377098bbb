-- +goose Up
-- When the retention sweep removed a registration's personal data (its
-- event ended more than PLEIN_RETENTION_DAYS ago); NULL while it is held.
-- The sweep finds the registrations still to anonymise through the events
-- that ended, by end time.
ALTER TABLE registrations ADD COLUMN anonymised_at INTEGER;
CREATE INDEX registrations_held ON registrations (event_id) WHERE anonymised_at IS NULL;
CREATE INDEX events_ends ON events (ends_at);

-- +goose Down
DROP INDEX events_ends;
DROP INDEX registrations_held;
ALTER TABLE registrations DROP COLUMN anonymised_at;
