// Package outbox implements the transactional outbox: a service writes its
// domain events into the outbox table in the same transaction as the state
// change (Add), and a Relay publishes them to JetStream and deletes them
// once JetStream has acknowledged them.
package outbox

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"sync"
	"time"

	"github.com/google/uuid"
	"github.com/jmoiron/sqlx"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"plein.dev/platform/messaging"
	"plein.dev/platform/sqlite"
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

const insertSQL = `INSERT INTO outbox (id, subject, aggregate, version, payload, created_at)
VALUES (?, ?, ?, ?, ?, ?)`

// Add writes m to the outbox within tx and returns its id, a UUIDv7 that
// becomes the message's Nats-Msg-Id. The message is published only if tx
// commits.
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
		payload, time.Now().UnixMilli()); err != nil {
		return "", fmt.Errorf("outbox add %s: %w", m.Subject, err)
	}
	return id.String(), nil
}

const (
	batchSize      = 100
	pollInterval   = time.Second
	publishTimeout = 5 * time.Second
	minBackoff     = 50 * time.Millisecond
	maxBackoff     = 2 * time.Second
)

// Option configures a Relay.
type Option func(*Relay)

// WithStream makes the relay declare the stream of service (see
// messaging.EnsureStream) when JetStream reports that no stream takes a
// subject, e.g. because NATS was down when the service started.
func WithStream(service string, replicas int) Option {
	return func(r *Relay) {
		r.service = service
		r.replicas = replicas
	}
}

// Relay publishes outbox rows in the order they were written.
type Relay struct {
	db  *sqlite.DB
	js  jetstream.JetStream
	log *slog.Logger

	service  string
	replicas int

	wake chan struct{}
	// mu serialises publishing, so that Run and Flush never publish the
	// same rows concurrently or out of order.
	mu sync.Mutex
}

// NewRelay returns a relay for db's outbox. It registers Notify as a commit
// hook of db, so every committed transaction wakes it.
func NewRelay(db *sqlite.DB, js jetstream.JetStream, log *slog.Logger, opts ...Option) *Relay {
	r := &Relay{
		db:   db,
		js:   js,
		log:  log.With(slog.String("component", "outbox")),
		wake: make(chan struct{}, 1),
	}
	for _, o := range opts {
		o(r)
	}
	db.OnCommit(r.Notify)
	return r
}

// Notify wakes the relay without blocking.
func (r *Relay) Notify() {
	select {
	case r.wake <- struct{}{}:
	default:
	}
}

// Run publishes pending messages whenever notified, and at least every
// second, until ctx is done; then it returns nil. When publishing fails it
// keeps the rows and retries with a capped exponential back-off.
func (r *Relay) Run(ctx context.Context) error {
	ticker := time.NewTicker(pollInterval)
	defer ticker.Stop()
	var (
		backoff  time.Duration
		failures int
	)
	for {
		err := r.publishPending(ctx)
		if ctx.Err() != nil {
			return nil
		}
		if err != nil {
			failures++
			backoff = min(max(2*backoff, minBackoff), maxBackoff)
			if failures == 1 || failures%30 == 0 {
				r.log.Warn("outbox publish failed, retrying", slog.Int("failures", failures), slog.Any("err", err))
			} else {
				r.log.Debug("outbox publish failed, retrying", slog.Int("failures", failures), slog.Any("err", err))
			}
			t := time.NewTimer(backoff)
			select {
			case <-ctx.Done():
				t.Stop()
				return nil
			case <-t.C:
			}
			continue
		}
		if failures > 0 {
			r.log.Info("outbox publishing again", slog.Int("failures", failures))
		}
		failures, backoff = 0, 0
		select {
		case <-ctx.Done():
			return nil
		case <-r.wake:
		case <-ticker.C:
		}
	}
}

// Flush publishes everything pending now and returns an error if some
// message could not be published (it stays in the outbox).
func (r *Relay) Flush(ctx context.Context) error {
	if err := r.publishPending(ctx); err != nil {
		return fmt.Errorf("flush outbox: %w", err)
	}
	return nil
}

// Pending returns the number of messages not yet published.
func (r *Relay) Pending(ctx context.Context) (int, error) {
	var n int
	if err := r.db.R.GetContext(ctx, &n, `SELECT count(*) FROM outbox`); err != nil {
		return 0, fmt.Errorf("count outbox: %w", err)
	}
	return n, nil
}

type row struct {
	Seq       int64  `db:"seq"`
	ID        string `db:"id"`
	Subject   string `db:"subject"`
	Aggregate string `db:"aggregate"`
	Version   int64  `db:"version"`
	Payload   []byte `db:"payload"`
}

const selectSQL = `SELECT seq, id, subject, aggregate, version, payload
FROM outbox ORDER BY seq LIMIT ?`

const deleteSQL = `DELETE FROM outbox WHERE seq IN (?)`

// publishPending publishes batches until the outbox is empty or a publish
// fails. Messages are published one at a time, each waiting for its ack, so
// the stream holds them in outbox order; after a failure nothing later is
// published before the failed message.
func (r *Relay) publishPending(ctx context.Context) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	for {
		var rows []row
		if err := r.db.R.SelectContext(ctx, &rows, selectSQL, batchSize); err != nil {
			return fmt.Errorf("read outbox: %w", err)
		}
		if len(rows) == 0 {
			return nil
		}
		done := make([]int64, 0, len(rows))
		var pubErr error
		for _, rw := range rows {
			if err := r.publish(ctx, rw); err != nil {
				pubErr = err
				break
			}
			done = append(done, rw.Seq)
		}
		if err := r.delete(ctx, done); err != nil {
			// Published but still in the outbox: published again later and
			// dropped by JetStream's duplicate window (Nats-Msg-Id).
			return errors.Join(pubErr, err)
		}
		if pubErr != nil {
			return pubErr
		}
		if len(rows) < batchSize {
			return nil
		}
	}
}

func (r *Relay) publish(ctx context.Context, rw row) error {
	msg := &nats.Msg{
		Subject: rw.Subject,
		Data:    rw.Payload,
		Header:  nats.Header{},
	}
	if rw.Aggregate != "" {
		msg.Header.Set(messaging.HeaderAggregate, rw.Aggregate)
	}
	if rw.Version != 0 {
		msg.Header.Set(messaging.HeaderVersion, strconv.FormatInt(rw.Version, 10))
	}
	ctx, cancel := context.WithTimeout(ctx, publishTimeout)
	defer cancel()
	_, err := r.js.PublishMsg(ctx, msg, jetstream.WithMsgID(rw.ID))
	if errors.Is(err, jetstream.ErrNoStreamResponse) && r.service != "" {
		if _, serr := messaging.EnsureStream(ctx, r.js, r.service, r.replicas); serr != nil {
			return fmt.Errorf("publish %s (%s): %w", rw.Subject, rw.ID, errors.Join(err, serr))
		}
		r.log.Info("declared stream", slog.String("stream", messaging.StreamName(r.service)))
		_, err = r.js.PublishMsg(ctx, msg, jetstream.WithMsgID(rw.ID))
	}
	if err != nil {
		return fmt.Errorf("publish %s (%s): %w", rw.Subject, rw.ID, err)
	}
	return nil
}

func (r *Relay) delete(ctx context.Context, seqs []int64) error {
	if len(seqs) == 0 {
		return nil
	}
	query, args, err := sqlx.In(deleteSQL, seqs)
	if err != nil {
		return fmt.Errorf("delete published outbox rows: %w", err)
	}
	// The messages are acknowledged: delete them even if ctx just ended.
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), publishTimeout)
	defer cancel()
	if _, err := r.db.W.ExecContext(ctx, query, args...); err != nil {
		return fmt.Errorf("delete published outbox rows: %w", err)
	}
	return nil
}
