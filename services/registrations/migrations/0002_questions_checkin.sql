-- +goose Up
-- What the events service's messages carry beyond the first projection:
-- where the event takes place (for the calendar file) and an invite-only
-- event's invite code; and the version of the attendance summary.
ALTER TABLE events ADD COLUMN location TEXT NOT NULL DEFAULT '';
ALTER TABLE events ADD COLUMN description TEXT NOT NULL DEFAULT '';
ALTER TABLE events ADD COLUMN invite_code TEXT NOT NULL DEFAULT '';
ALTER TABLE events ADD COLUMN attendance_version INTEGER NOT NULL DEFAULT 0;

-- The version of the privacy statement the attendee agreed to, and when;
-- the short check-in code printed as a QR code (unique per event).
ALTER TABLE registrations ADD COLUMN consent_version TEXT NOT NULL DEFAULT '';
ALTER TABLE registrations ADD COLUMN consented_at INTEGER;
ALTER TABLE registrations ADD COLUMN checkin_code TEXT;
CREATE UNIQUE INDEX registrations_event_checkin_code ON registrations (event_id, checkin_code)
    WHERE checkin_code IS NOT NULL;

-- The questions an event's registration form asks, in order.
CREATE TABLE questions (
    event_id TEXT NOT NULL REFERENCES events (id),
    position INTEGER NOT NULL,
    id       TEXT NOT NULL,
    kind     TEXT NOT NULL CHECK (kind IN ('text', 'single-choice', 'multiple-choice', 'yes-no')),
    label    TEXT NOT NULL,
    required INTEGER NOT NULL,
    options  TEXT NOT NULL DEFAULT '[]',
    PRIMARY KEY (event_id, id)
);

-- +goose Down
DROP TABLE questions;
DROP INDEX registrations_event_checkin_code;
ALTER TABLE registrations DROP COLUMN checkin_code;
ALTER TABLE registrations DROP COLUMN consented_at;
ALTER TABLE registrations DROP COLUMN consent_version;
ALTER TABLE events DROP COLUMN attendance_version;
ALTER TABLE events DROP COLUMN invite_code;
ALTER TABLE events DROP COLUMN description;
ALTER TABLE events DROP COLUMN location;
