-- +goose Up
-- The language the person registered in (nl or en), which their e-mails
-- are written in. Registrations from before were made in Dutch.
ALTER TABLE registrations ADD COLUMN language TEXT NOT NULL DEFAULT 'nl';

-- +goose Down
ALTER TABLE registrations DROP COLUMN language;
