-- +goose Up
-- Who cancelled: attendee, organiser, event or erased; empty while live.
ALTER TABLE registrations ADD COLUMN cancelled_by TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE registrations DROP COLUMN cancelled_by;
