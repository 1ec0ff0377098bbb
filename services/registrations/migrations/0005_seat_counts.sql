-- +goose Up
-- Each event's seat counts, kept by the store in the transaction of every
-- change of a registration's status (registering, cancelling, promoting,
-- erasing, the event's cancellation), so that deciding between a seat and
-- the waiting list reads one row instead of counting the event's
-- registrations. A new registration's waiting-list position is
-- waitlisted + 1. The checks turn a count that would go wrong into a failed
-- transaction.
ALTER TABLE events ADD COLUMN confirmed INTEGER NOT NULL DEFAULT 0 CHECK (confirmed >= 0);
ALTER TABLE events ADD COLUMN waitlisted INTEGER NOT NULL DEFAULT 0 CHECK (waitlisted >= 0);

-- The registrations already stored.
UPDATE events SET
    confirmed = (SELECT COUNT(*) FROM registrations r
        WHERE r.event_id = events.id AND r.status = 'confirmed'),
    waitlisted = (SELECT COUNT(*) FROM registrations r
        WHERE r.event_id = events.id AND r.status = 'waitlisted');

-- +goose Down
ALTER TABLE events DROP COLUMN waitlisted;
ALTER TABLE events DROP COLUMN confirmed;
