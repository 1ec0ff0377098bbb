-- +goose Up
-- Organisations (municipalities, regions, the KvK, partners) own
-- programmes and events; an organiser manages what their organisations
-- own. code is the CBS municipality code (GM0606) for a municipality, or
-- empty; unique when set. Everything made before organisations belongs to
-- the default organisation, and so does every organiser of then, so that
-- nothing changes on upgrade.
CREATE TABLE organisations (
    id         TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    name_key   TEXT NOT NULL UNIQUE,
    kind       TEXT NOT NULL CHECK (kind IN ('municipality', 'region', 'kvk', 'partner', 'other')),
    code       TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX organisations_code ON organisations (code) WHERE code <> '';
INSERT INTO organisations (id, name, name_key, kind, created_at)
VALUES ('default', 'Standaardorganisatie', 'standaardorganisatie', 'other', unixepoch());

-- A JSON array of organisation ids.
ALTER TABLE users ADD COLUMN organisation_ids TEXT NOT NULL DEFAULT '[]';
UPDATE users SET organisation_ids = '["default"]'
WHERE EXISTS (SELECT 1 FROM json_each(users.roles) WHERE value = 'organiser');

-- +goose Down
ALTER TABLE users DROP COLUMN organisation_ids;
DROP TABLE organisations;
