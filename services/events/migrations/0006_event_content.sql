-- +goose Up
-- An event's content (issue 16): its contacts (name, role, e-mail, phone,
-- public), areas, agenda (in order of time) and materials as JSON arrays
-- on the event's row, read with it — a listing reads no other table for
-- them — and the note written afterwards. The programmes projection keeps
-- each programme's areas, which an event of the programme must be among.
ALTER TABLE events ADD COLUMN contacts TEXT NOT NULL DEFAULT '[]';
ALTER TABLE events ADD COLUMN areas TEXT NOT NULL DEFAULT '[]';
ALTER TABLE events ADD COLUMN agenda TEXT NOT NULL DEFAULT '[]';
ALTER TABLE events ADD COLUMN materials TEXT NOT NULL DEFAULT '[]';
ALTER TABLE events ADD COLUMN post_note TEXT NOT NULL DEFAULT '';
ALTER TABLE programmes ADD COLUMN areas TEXT NOT NULL DEFAULT '[]';

-- +goose Down
ALTER TABLE programmes DROP COLUMN areas;
ALTER TABLE events DROP COLUMN post_note;
ALTER TABLE events DROP COLUMN materials;
ALTER TABLE events DROP COLUMN agenda;
ALTER TABLE events DROP COLUMN areas;
ALTER TABLE events DROP COLUMN contacts;
