-- +goose Up
-- Mail is written when it is sent: the queue holds the letter (what to
-- write, with the manage token sealed), no longer the composed message,
-- because the message carries the manage token in clear. Rows queued
-- before keep their composed message (letter = '').
ALTER TABLE mail_queue ADD COLUMN letter TEXT NOT NULL DEFAULT '';

-- Why the last attempt failed, for the log: the step (connect, MAIL,
-- RCPT, DATA, compose) and the SMTP reply code, never the server's text.
ALTER TABLE emails ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
ALTER TABLE emails ADD COLUMN error_step TEXT NOT NULL DEFAULT '';
ALTER TABLE emails ADD COLUMN error_code INTEGER NOT NULL DEFAULT 0;
CREATE INDEX emails_recipient ON emails (recipient COLLATE NOCASE, seq);
CREATE INDEX emails_status ON emails (status, seq);

-- What this service knows of each registration, from the registrations
-- service's messages: the reminders are made from it, and the e-mails
-- after the first take the sealed manage token from it. A registration
-- leaves it when the person's data is erased. Times are Unix
-- milliseconds.
CREATE TABLE attendees (
    registration_id TEXT PRIMARY KEY,
    event_id        TEXT NOT NULL,
    status          TEXT NOT NULL,
    starts_at       INTEGER NOT NULL,
    registered_at   INTEGER NOT NULL,
    -- domain.Registration as JSON: name, address, language, the event,
    -- the sealed manage token.
    facts           TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX attendees_starts ON attendees (status, starts_at);

-- What this service knows of ambassadors and programmes, from the
-- ambassadors service's messages: the term-ending e-mails are made from
-- it.
CREATE TABLE ambassadors (
    ambassador_id TEXT PRIMARY KEY,
    programme_id  TEXT NOT NULL,
    status        TEXT NOT NULL,
    term_ends_on  TEXT NOT NULL,
    -- domain.Ambassador as JSON.
    facts         TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX ambassadors_term ON ambassadors (status, term_ends_on);

CREATE TABLE programmes (
    programme_id TEXT PRIMARY KEY,
    name         TEXT NOT NULL
) WITHOUT ROWID;

-- +goose Down
DROP TABLE programmes;
DROP TABLE ambassadors;
DROP TABLE attendees;
DROP INDEX emails_status;
DROP INDEX emails_recipient;
ALTER TABLE emails DROP COLUMN error_code;
ALTER TABLE emails DROP COLUMN error_step;
ALTER TABLE emails DROP COLUMN attempts;
ALTER TABLE mail_queue DROP COLUMN letter;
