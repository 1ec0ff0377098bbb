-- +goose Up
-- Issue 16: what a programme achieved on its outcome indicators.
CREATE TABLE measurements (
    id           TEXT PRIMARY KEY,
    programme_id TEXT NOT NULL REFERENCES programmes (id),
    indicator    TEXT NOT NULL,
    value        REAL NOT NULL,
    on_day       TEXT NOT NULL,
    source       TEXT NOT NULL DEFAULT '',
    note         TEXT NOT NULL DEFAULT '',
    created_at   INTEGER NOT NULL
);
CREATE INDEX measurements_programme ON measurements (programme_id, on_day, id);
CREATE INDEX measurements_indicator ON measurements (programme_id, indicator, on_day);

-- +goose Down
DROP TABLE measurements;
