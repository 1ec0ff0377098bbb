-- +goose Up
-- Who manages what, for the e-mails to organisers: the organisations each
-- organiser works for (from the gateway's account messages) and the
-- owners of each programme (from the ambassadors service's messages), each
-- a JSON array of organisation ids. An organiser is mailed only about the
-- events and programmes one of their organisations owns. What was known
-- before organisations is the default organisation's, as the gateway's
-- and the ambassadors service's upgrades made it.
ALTER TABLE organisers ADD COLUMN organisations TEXT NOT NULL DEFAULT '["default"]';
ALTER TABLE programmes ADD COLUMN owners TEXT NOT NULL DEFAULT '["default"]';

-- +goose Down
ALTER TABLE programmes DROP COLUMN owners;
ALTER TABLE organisers DROP COLUMN organisations;
