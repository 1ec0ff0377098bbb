-- +goose Up
-- What the retention sweep reads, so that a batch costs the rows it
-- changes and a sweep with nothing to do reads next to nothing: the events
-- by their end (walked from a cursor), and for each the e-mails about its
-- registrations that still have their recipient; the e-mails about ideas
-- that still have theirs, by when they were written. An e-mail whose
-- recipient the sweep (or an erasure) took out leaves both partial
-- indexes. (Without them each batch scanned every e-mail in the log.)
CREATE INDEX events_ends ON events (ends_at);
CREATE INDEX emails_held_event ON emails (event_id) WHERE registration_id <> '' AND recipient <> '';
CREATE INDEX emails_ideas_held ON emails (created_at) WHERE programme_id <> '' AND recipient <> '';

-- +goose Down
DROP INDEX emails_ideas_held;
DROP INDEX emails_held_event;
DROP INDEX events_ends;
