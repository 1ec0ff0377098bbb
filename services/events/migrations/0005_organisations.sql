-- +goose Up
-- Who owns an event: the owners of its programme (as the ambassadors
-- service announces them, kept in the programmes projection), or, for an
-- event without a programme, owner_organisation_id. Everything of before
-- organisations belongs to the default organisation, which the gateway's
-- upgrade gives every organiser of then; a programme announced before its
-- owners were is the default organisation's too.
ALTER TABLE events ADD COLUMN owner_organisation_id TEXT NOT NULL DEFAULT '';
UPDATE events SET owner_organisation_id = 'default' WHERE programme_id = '';
ALTER TABLE programmes ADD COLUMN owners TEXT NOT NULL DEFAULT '["default"]';

-- +goose Down
ALTER TABLE programmes DROP COLUMN owners;
ALTER TABLE events DROP COLUMN owner_organisation_id;
