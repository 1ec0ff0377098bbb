// Package outbox implements the transactional outbox: a service writes its
// domain events into the outbox table in the same transaction as the state
// change (Add), and a Relay publishes them to JetStream and deletes them
// once JetStream has acknowledged them.
package outbox

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/jmoiron/sqlx"

	"plein.dev/platform/tracing"
)

// Message is a domain event to publish.
type Message struct {
	// Subject, e.g. "plein.events.event.published".
	Subject string
	// Aggregate the event is about, e.g. "event:0193...". Consumers keep the
	// last version applied per aggregate.
	Aggregate string
	// Version of the aggregate after the change; 0 means unversioned.
	Version int64
	// Payload is the encoded (protobuf) event.
	Payload []byte
}

const insertSQL = `INSERT INTO outbox (id, subject, aggregate, version, payload, created_at, trace_parent)
VALUES (?, ?, ?, ?, ?, ?, ?)`

// Add writes m to the outbox within tx and returns its id, a UUIDv7 that
// becomes the message's Nats-Msg-Id. The message is published only if tx
// commits. The trace context of ctx goes with it: the relay publishes it
// in that trace.
func Add(ctx context.Context, tx *sqlx.Tx, m Message) (string, error) {
	if m.Subject == "" {
		return "", errors.New("outbox add: empty subject")
	}
	id, err := uuid.NewV7()
	if err != nil {
		return "", fmt.Errorf("outbox add: new id: %w", err)
	}
	payload := m.Payload
	if payload == nil {
		payload = []byte{}
	}
	if _, err := tx.ExecContext(ctx, insertSQL, id.String(), m.Subject, m.Aggregate, m.Version,
		payload, time.Now().UnixMilli(), tracing.Parent(ctx)); err != nil {
		return "", fmt.Errorf("outbox add %s: %w", m.Subject, err)
	}
	return id.String(), nil
}
