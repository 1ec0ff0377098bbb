-- +goose Up
-- Review: the organiser's comment with the last decision.
ALTER TABLE activities ADD COLUMN review_comment TEXT NOT NULL DEFAULT '';
-- Attendees checked in at the activity's event (from the registrations
-- service's attendance summary).
ALTER TABLE activities ADD COLUMN attendance INTEGER NOT NULL DEFAULT 0 CHECK (attendance >= 0);
-- 1 when the service logged the activity itself (a hosted event completed).
ALTER TABLE activities ADD COLUMN credited INTEGER NOT NULL DEFAULT 0;
CREATE INDEX activities_event_id ON activities (event_id) WHERE event_id != '';

ALTER TABLE ambassadors ADD COLUMN leaderboard_opt_out INTEGER NOT NULL DEFAULT 0;
-- 1 once ambassador.term-ended was announced; an extension of the term
-- resets it.
ALTER TABLE ambassadors ADD COLUMN term_ended_announced INTEGER NOT NULL DEFAULT 0;

-- Projection of plein.registrations.attendance.summarised.
CREATE TABLE event_attendance (
    event_id   TEXT PRIMARY KEY,
    confirmed  INTEGER NOT NULL,
    checked_in INTEGER NOT NULL,
    version    INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);

-- One behind-target reminder per ambassador per calendar month.
CREATE TABLE behind_target_signals (
    ambassador_id TEXT NOT NULL REFERENCES ambassadors (id),
    month         TEXT NOT NULL,
    sent_at       INTEGER NOT NULL,
    PRIMARY KEY (ambassador_id, month)
);

-- +goose Down
DROP TABLE behind_target_signals;
DROP TABLE event_attendance;
DROP INDEX activities_event_id;
ALTER TABLE ambassadors DROP COLUMN term_ended_announced;
ALTER TABLE ambassadors DROP COLUMN leaderboard_opt_out;
ALTER TABLE activities DROP COLUMN credited;
ALTER TABLE activities DROP COLUMN attendance;
ALTER TABLE activities DROP COLUMN review_comment;
