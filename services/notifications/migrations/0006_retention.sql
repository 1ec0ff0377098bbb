-- +goose Up
-- When the event of a registration ends (Unix milliseconds; 0 unknown): the
-- retention sweep forgets the attendee, and takes the address out of the
-- e-mails about the registration and deletes their files, once the event
-- ended longer ago than PLEIN_RETENTION_DAYS.
ALTER TABLE attendees ADD COLUMN ends_at INTEGER NOT NULL DEFAULT 0;
UPDATE attendees SET ends_at = coalesce(unixepoch(json_extract(facts, '$.event.endsAt')) * 1000, 0);
CREATE INDEX attendees_ends ON attendees (ends_at);

-- +goose Down
DROP INDEX attendees_ends;
ALTER TABLE attendees DROP COLUMN ends_at;
