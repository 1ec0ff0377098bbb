-- +goose Up
-- Each event's host ambassadors (a JSON array on events) as rows, kept by
-- triggers, so that an ambassador's hosted events are an index lookup.
CREATE TABLE event_hosts (
    ambassador_id TEXT NOT NULL,
    event_id      TEXT NOT NULL,
    PRIMARY KEY (ambassador_id, event_id)
) WITHOUT ROWID;
INSERT OR IGNORE INTO event_hosts (ambassador_id, event_id)
    SELECT j.value, e.id FROM events e, json_each(e.host_ambassador_ids) j;
-- +goose StatementBegin
CREATE TRIGGER event_hosts_insert AFTER INSERT ON events BEGIN
    INSERT OR IGNORE INTO event_hosts (ambassador_id, event_id)
        SELECT value, new.id FROM json_each(new.host_ambassador_ids);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER event_hosts_update AFTER UPDATE OF host_ambassador_ids ON events BEGIN
    DELETE FROM event_hosts WHERE event_id = old.id
        AND ambassador_id IN (SELECT value FROM json_each(old.host_ambassador_ids));
    INSERT OR IGNORE INTO event_hosts (ambassador_id, event_id)
        SELECT value, new.id FROM json_each(new.host_ambassador_ids);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER event_hosts_delete AFTER DELETE ON events BEGIN
    DELETE FROM event_hosts WHERE event_id = old.id
        AND ambassador_id IN (SELECT value FROM json_each(old.host_ambassador_ids));
END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER event_hosts_delete;
DROP TRIGGER event_hosts_update;
DROP TRIGGER event_hosts_insert;
DROP TABLE event_hosts;
