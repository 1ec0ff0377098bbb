-- +goose Up
-- Issue 16: a programme's contacts (JSON array of {name, role, email,
-- phone, public}), areas (JSON array), parent themes (JSON object theme ->
-- parent theme) and outcome indicators (JSON array of {key, label, unit,
-- target?}).
ALTER TABLE programmes ADD COLUMN contacts TEXT NOT NULL DEFAULT '[]';
ALTER TABLE programmes ADD COLUMN areas TEXT NOT NULL DEFAULT '[]';
ALTER TABLE programmes ADD COLUMN theme_parents TEXT NOT NULL DEFAULT '{}';
ALTER TABLE programmes ADD COLUMN indicators TEXT NOT NULL DEFAULT '[]';

-- An activity's areas (JSON array) and the companies it reached (JSON
-- array of {name, kvkNumber}).
ALTER TABLE activities ADD COLUMN areas TEXT NOT NULL DEFAULT '[]';
ALTER TABLE activities ADD COLUMN companies TEXT NOT NULL DEFAULT '[]';

-- The KvK numbers an event reached (JSON array, from the attendance
-- summary).
ALTER TABLE event_attendance ADD COLUMN kvk_numbers TEXT NOT NULL DEFAULT '[]';

-- Projection of plein.events.event.completed: the completed events of a
-- programme and their day (Amsterdam), so the report counts the companies
-- their registrations reached.
CREATE TABLE completed_events (
    event_id     TEXT PRIMARY KEY,
    programme_id TEXT NOT NULL,
    held_on      TEXT NOT NULL,
    version      INTEGER NOT NULL
);
CREATE INDEX completed_events_programme ON completed_events (programme_id, held_on);

-- +goose Down
DROP TABLE completed_events;
ALTER TABLE event_attendance DROP COLUMN kvk_numbers;
ALTER TABLE activities DROP COLUMN companies;
ALTER TABLE activities DROP COLUMN areas;
ALTER TABLE programmes DROP COLUMN indicators;
ALTER TABLE programmes DROP COLUMN theme_parents;
ALTER TABLE programmes DROP COLUMN areas;
ALTER TABLE programmes DROP COLUMN contacts;
