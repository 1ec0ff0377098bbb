-- +goose Up
-- Reads that stay flat as events pile up: the room-conflict check reads the
-- bookings near the new one, not the room's whole history, and every filter
-- of the event listing walks an index in (starts_at, id) order. The plans
-- are held by internal/store/plan_test.go.

-- How far before a span an event overlapping it can start: the longest
-- event of the room (or of all), read from the end of an index.
CREATE INDEX events_room_length ON events (room_id, ends_at - starts_at);
CREATE INDEX events_length ON events (ends_at - starts_at);

-- Listing filters. events_public serves the public listing and calendar
-- feed (their status lists are deliberately kept off indexes).
CREATE INDEX events_programme ON events (programme_id, starts_at, id);
CREATE INDEX events_status_start ON events (status, starts_at, id);
CREATE INDEX events_proposer ON events (proposed_by_ambassador_id, starts_at, id);
CREATE INDEX events_public ON events (starts_at, id) WHERE visibility = 'public';
-- The series index was partial (series_id != ''), which `series_id = ?`
-- cannot use, and lacked the id that orders events starting together.
DROP INDEX events_series;
CREATE INDEX events_series ON events (series_id, starts_at, id);

-- Each event's themes (a JSON array on events) as rows, kept by triggers,
-- so that a theme is an index walk in start order.
CREATE TABLE event_themes (
    theme     TEXT NOT NULL,
    starts_at INTEGER NOT NULL,
    event_id  TEXT NOT NULL,
    PRIMARY KEY (theme, starts_at, event_id)
) WITHOUT ROWID;
INSERT OR IGNORE INTO event_themes (theme, starts_at, event_id)
    SELECT j.value, e.starts_at, e.id FROM events e, json_each(e.themes) j;
-- +goose StatementBegin
CREATE TRIGGER event_themes_insert AFTER INSERT ON events BEGIN
    INSERT OR IGNORE INTO event_themes (theme, starts_at, event_id)
        SELECT value, new.starts_at, new.id FROM json_each(new.themes);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER event_themes_update AFTER UPDATE OF themes, starts_at ON events BEGIN
    DELETE FROM event_themes WHERE starts_at = old.starts_at AND event_id = old.id
        AND theme IN (SELECT value FROM json_each(old.themes));
    INSERT OR IGNORE INTO event_themes (theme, starts_at, event_id)
        SELECT value, new.starts_at, new.id FROM json_each(new.themes);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER event_themes_delete AFTER DELETE ON events BEGIN
    DELETE FROM event_themes WHERE starts_at = old.starts_at AND event_id = old.id
        AND theme IN (SELECT value FROM json_each(old.themes));
END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER event_themes_delete;
DROP TRIGGER event_themes_update;
DROP TRIGGER event_themes_insert;
DROP TABLE event_themes;
DROP INDEX events_series;
CREATE INDEX events_series ON events (series_id, starts_at) WHERE series_id != '';
DROP INDEX events_public;
DROP INDEX events_proposer;
DROP INDEX events_status_start;
DROP INDEX events_programme;
DROP INDEX events_length;
DROP INDEX events_room_length;
