-- +goose Up
-- The programme an e-mail about an idea concerns (issue 16.6): the
-- organisers of its owners read those e-mails in the log, as they read
-- those of their events.
ALTER TABLE emails ADD COLUMN programme_id TEXT NOT NULL DEFAULT '';
CREATE INDEX emails_programme ON emails (programme_id, seq) WHERE programme_id <> '';

-- +goose Down
DROP INDEX emails_programme;
ALTER TABLE emails DROP COLUMN programme_id;
