-- +goose Up
-- The organisations that own a programme (JSON array of ids, one or more)
-- and its partners (JSON array of {organisationId, role}). Programmes of
-- before organisations belong to the default organisation, which the
-- gateway's upgrade gives every organiser of then.
ALTER TABLE programmes ADD COLUMN owner_organisation_ids TEXT NOT NULL DEFAULT '["default"]';
ALTER TABLE programmes ADD COLUMN partners TEXT NOT NULL DEFAULT '[]';

-- +goose Down
ALTER TABLE programmes DROP COLUMN partners;
ALTER TABLE programmes DROP COLUMN owner_organisation_ids;
