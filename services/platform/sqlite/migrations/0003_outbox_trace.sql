-- The trace context (W3C traceparent) of the transaction that wrote each
-- outbox row, so that the relay publishes the message in that trace; ''
-- for a row written outside a trace (traces off, a background loop).

-- +goose Up
ALTER TABLE outbox ADD COLUMN trace_parent TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE outbox DROP COLUMN trace_parent;
