-- +goose Up
-- Who owns each event (a JSON array of organisation ids), from the events
-- service's messages: the e-mails of an event are shown to its owners'
-- organisers only. Events known before organisations are the default
-- organisation's; a row written without owners is nobody's (so no
-- organiser but an administrator reads its e-mails).
ALTER TABLE events ADD COLUMN owners TEXT NOT NULL DEFAULT '[]';
UPDATE events SET owners = '["default"]';

-- +goose Down
ALTER TABLE events DROP COLUMN owners;
