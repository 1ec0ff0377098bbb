package outbox

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"sync"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"go.opentelemetry.io/otel/trace"

	"plein.dev/platform/messaging"
	"plein.dev/platform/sqlite"
	"plein.dev/platform/tracing"
)

const (
	// window is how many rows a round reads and publishes without waiting
	// for their acks; the acks are then awaited together and the rows
	// deleted in one statement.
	window         = 256
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

// WithConflated makes the relay publish only the newest unpublished
// message of each aggregate on these subjects: for messages that each
// carry the aggregate's whole state under a new version (an event's seat
// counts), which consumers take in place of the one before. Under load a
// group commit holds many such messages for one event; publishing the last
// one saves the stream and every consumer the rest.
func WithConflated(subjects ...string) Option {
	return func(r *Relay) {
		if r.conflated == nil {
			r.conflated = map[string]bool{}
		}
		for _, s := range subjects {
			r.conflated[s] = true
		}
	}
}

// Relay publishes outbox rows in the order they were written.
//
// A message of a subject the relay conflates (WithConflated) that a later
// unpublished message of the same subject and aggregate replaces is not
// published at all: it is deleted with the round's published rows.
//
// A round publishes up to window rows asynchronously and awaits their acks
// together. Each message is published expecting the stream's last sequence
// to be that of the message before it (Nats-Expected-Last-Sequence), so
// JetStream refuses every message after one it did not store: the stream
// holds the messages in outbox order, and a failed message is retried
// before anything written after it reaches the stream. This holds as long
// as the relay is its stream's only publisher, as every service's is; a
// foreign publish only makes a round fail and the next one start afresh.
type Relay struct {
	db *sqlite.DB
	js jetstream.JetStream
	// pub publishes asynchronously, with a timeout on every ack.
	pub jetstream.JetStream
	log *slog.Logger

	service  string
	replicas int
	// conflated are the subjects whose messages are snapshots: the newest
	// of an aggregate replaces every older one not yet published.
	conflated map[string]bool
	// tracer starts the publishing spans; nil: traces off (WithTracing).
	tracer trace.Tracer

	wake chan struct{}
	// mu serialises publishing, so that Run and Flush never publish the
	// same rows concurrently or out of order.
	mu sync.Mutex
	// last is the stream sequence of the last message the relay published,
	// or 0 when it does not know it (at start, after a failure).
	last uint64
}

// NewRelay returns a relay for db's outbox. It registers Notify as a commit
// hook of db, so every committed transaction wakes it.
func NewRelay(db *sqlite.DB, js jetstream.JetStream, log *slog.Logger, opts ...Option) *Relay {
	r := &Relay{
		db:   db,
		js:   js,
		pub:  js,
		log:  log.With(slog.String("component", "outbox")),
		wake: make(chan struct{}, 1),
	}
	// Its own publishing context, so that every ack has a deadline and
	// the pending acks are the relay's alone.
	if nc := js.Conn(); nc != nil {
		pub, err := jetstream.New(nc,
			jetstream.WithPublishAsyncTimeout(publishTimeout),
			jetstream.WithPublishAsyncMaxPending(2*window))
		if err != nil {
			r.log.Warn("no async publisher of its own; acks without deadline", slog.Any("err", err))
		} else {
			r.pub = pub
		}
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
	// TraceParent is the trace context the row was written in, or "".
	TraceParent string `db:"trace_parent"`
}

const selectSQL = `SELECT seq, id, subject, aggregate, version, payload, trace_parent
FROM outbox ORDER BY seq LIMIT ?`

const deleteSQL = `DELETE FROM outbox WHERE seq IN (?)`

// publishPending publishes rounds until the outbox is empty or a round
// fails.
func (r *Relay) publishPending(ctx context.Context) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	declared := false
	for {
		var rows []row
		if err := r.db.R.SelectContext(ctx, &rows, selectSQL, window); err != nil {
			return fmt.Errorf("read outbox: %w", err)
		}
		if len(rows) == 0 {
			return nil
		}
		publish, replaced := r.conflate(rows)
		stored, pubErr := r.round(ctx, publish)
		// A replaced message goes whether or not the round got through:
		// the message replacing it stays in the outbox until it is stored.
		if err := r.delete(ctx, append(stored, replaced...)); err != nil {
			// Published but still in the outbox: published again later and
			// dropped by JetStream's duplicate window (Nats-Msg-Id).
			return errors.Join(pubErr, err)
		}
		if errors.Is(pubErr, jetstream.ErrNoStreamResponse) && r.service != "" && !declared {
			if _, err := messaging.EnsureStream(ctx, r.js, r.service, r.replicas); err != nil {
				return errors.Join(pubErr, err)
			}
			r.log.Info("declared stream", slog.String("stream", messaging.StreamName(r.service)))
			declared = true
			continue
		}
		if pubErr != nil {
			return pubErr
		}
		if len(rows) < window {
			return nil
		}
	}
}

// conflate returns the rows to publish, in order, and the seqs of those
// a later row of the same conflated subject and aggregate replaces.
func (r *Relay) conflate(rows []row) (publish []row, replaced []int64) {
	if len(r.conflated) == 0 {
		return rows, nil
	}
	type key struct{ subject, aggregate string }
	newest := map[key]int64{}
	for _, rw := range rows {
		if r.conflated[rw.Subject] && rw.Aggregate != "" {
			newest[key{rw.Subject, rw.Aggregate}] = rw.Seq
		}
	}
	if len(newest) == 0 {
		return rows, nil
	}
	publish = make([]row, 0, len(rows))
	for _, rw := range rows {
		if seq, ok := newest[key{rw.Subject, rw.Aggregate}]; ok && seq != rw.Seq {
			replaced = append(replaced, rw.Seq)
			continue
		}
		publish = append(publish, rw)
	}
	return publish, replaced
}

// round publishes rows in order and returns the seqs of those the stream
// now holds (stored, or found to be duplicates of stored ones).
func (r *Relay) round(ctx context.Context, rows []row) ([]int64, error) {
	stored := make([]int64, 0, len(rows))
	if r.last == 0 {
		// The stream's last sequence is unknown: publish the first
		// message alone and learn it from the ack.
		ack, err := r.publishOne(ctx, rows[0])
		if err != nil {
			return nil, err
		}
		stored = append(stored, rows[0].Seq)
		if ack.Duplicate {
			// The stream's last sequence is still unknown.
			return stored, nil
		}
		r.last = ack.Sequence
		rows = rows[1:]
	}

	futures := make([]jetstream.PubAckFuture, 0, len(rows))
	// The publishing span of each future, ended with its ack.
	spans := make([]trace.Span, 0, len(rows))
	awaited := 0
	defer func() {
		for _, span := range spans[awaited:] {
			endSpan(span, errNoAck)
		}
	}()
	var sendErr error
	for i, rw := range rows {
		span, parent := r.publishSpan(ctx, rw)
		f, err := r.pub.PublishMsgAsync(message(rw, parent), jetstream.WithMsgID(rw.ID),
			jetstream.WithExpectLastSequence(r.last+uint64(i)))
		if err != nil {
			sendErr = fmt.Errorf("publish %s (%s): %w", rw.Subject, rw.ID, err)
			endSpan(span, sendErr)
			break
		}
		futures = append(futures, f)
		spans = append(spans, span)
	}

	// Await every ack, even after a failure: a later message may have
	// been stored (when the failed one was, but its ack got lost).
	var ackErr error
	next, inOrder := r.last, sendErr == nil
	// Every ack has its own deadline; this one is for the case it was lost.
	deadline := time.NewTimer(2 * publishTimeout)
	defer deadline.Stop()
	for i, f := range futures {
		rw := rows[i]
		select {
		case ack := <-f.Ok():
			endSpan(spans[i], nil)
			awaited = i + 1
			stored = append(stored, rw.Seq)
			if inOrder && !ack.Duplicate && ack.Sequence == next+1 {
				next = ack.Sequence
			} else {
				inOrder = false
			}
		case err := <-f.Err():
			endSpan(spans[i], err)
			awaited = i + 1
			inOrder = false
			if ackErr == nil {
				ackErr = fmt.Errorf("publish %s (%s): %w", rw.Subject, rw.ID, err)
			}
		case <-ctx.Done():
			r.last = 0
			return stored, errors.Join(sendErr, ackErr, ctx.Err())
		case <-deadline.C:
			r.last = 0
			return stored, errors.Join(sendErr, ackErr, fmt.Errorf("publish %s (%s): no ack within %s", rw.Subject, rw.ID, 2*publishTimeout))
		}
	}
	if inOrder {
		r.last = next
	} else {
		r.last = 0
	}
	return stored, errors.Join(sendErr, ackErr)
}

// publishOne publishes rw and waits for its ack.
func (r *Relay) publishOne(ctx context.Context, rw row) (*jetstream.PubAck, error) {
	span, parent := r.publishSpan(ctx, rw)
	ctx, cancel := context.WithTimeout(ctx, publishTimeout)
	defer cancel()
	ack, err := r.js.PublishMsg(ctx, message(rw, parent), jetstream.WithMsgID(rw.ID))
	endSpan(span, err)
	if err != nil {
		return nil, fmt.Errorf("publish %s (%s): %w", rw.Subject, rw.ID, err)
	}
	return ack, nil
}

// errNoAck ends the span of a message whose ack the relay stopped waiting
// for.
var errNoAck = errors.New("no ack awaited")

// message is the NATS message of rw; traceparent, if set, is the context
// of its publishing span.
func message(rw row, traceparent string) *nats.Msg {
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
	if traceparent != "" {
		msg.Header.Set(tracing.Header, traceparent)
	}
	return msg
}

// delete removes the published rows in one transaction, which joins the
// service's group commit.
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
	if err := r.db.InTx(ctx, func(tx *sqlx.Tx) error {
		_, err := tx.ExecContext(ctx, query, args...)
		return err
	}); err != nil {
		return fmt.Errorf("delete published outbox rows: %w", err)
	}
	return nil
}
