-- +goose Up
-- The KvK number (eight digits) of the attendee's company, if they gave
-- it; '' when not. Reports count the companies an event reached once by
-- it (AttendanceSummarised.kvk_numbers). A sole trader's number points to
-- a person, so it is personal data here: sealed on the bus, removed on
-- erasure and by the retention sweep.
ALTER TABLE registrations ADD COLUMN kvk_number TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE registrations DROP COLUMN kvk_number;
