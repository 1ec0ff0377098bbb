-- +goose Up
-- Accounts announced on the bus (plein.accounts.account.*, through the
-- outbox): every change raises version; announced_version is the version
-- last announced, so accounts made before announcements are announced
-- once at the next start. language (nl | en) is the language of the
-- e-mails the person gets; digest is an organiser's opt-in to the daily
-- registration digest.
ALTER TABLE users ADD COLUMN language TEXT NOT NULL DEFAULT 'nl';
ALTER TABLE users ADD COLUMN digest INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN version INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN announced_version INTEGER NOT NULL DEFAULT 0;
UPDATE users SET version = 1;

-- +goose Down
ALTER TABLE users DROP COLUMN announced_version;
ALTER TABLE users DROP COLUMN version;
ALTER TABLE users DROP COLUMN digest;
ALTER TABLE users DROP COLUMN language;
