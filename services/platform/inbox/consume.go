package inbox

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/prometheus/client_golang/prometheus"
	"go.opentelemetry.io/otel/trace"

	"plein.dev/platform/messaging"
	"plein.dev/platform/sqlite"
	"plein.dev/platform/tracing"
)

// consumer applies the messages of one durable consumer: the JetStream
// callback hands them to a worker, which applies what has arrived together
// in one transaction and then settles each message.
type consumer struct {
	db      *sqlite.DB
	durable string
	stream  string
	h       Handler
	log     *slog.Logger
	// attempts is how many deliveries of a message fail before it is
	// given up (Spec.Attempts).
	attempts int
	// redelivered counts deliveries after the first; nil: not counted.
	redelivered prometheus.Counter
	// tracer starts a span per message; nil: traces off.
	tracer trace.Tracer

	msgs chan jetstream.Msg
	// quit tells the worker to finish what it has and stop; gone is
	// closed once it stopped.
	quit, gone chan struct{}
}

func newConsumer(db *sqlite.DB, spec Spec, h Handler, log *slog.Logger) *consumer {
	c := &consumer{
		db: db, durable: spec.Durable, stream: spec.Stream, h: h, log: log, attempts: spec.attempts(),
		redelivered: spec.Redeliveries, msgs: make(chan jetstream.Msg, pullBatch),
		quit: make(chan struct{}),
		gone: make(chan struct{}),
	}
	if spec.Traces != nil {
		c.tracer = spec.Traces.Tracer("plein.dev/platform/inbox")
	}
	return c
}

// receive is the JetStream callback. A message that arrives after the
// worker stopped stays unacknowledged and is redelivered after AckWait.
func (c *consumer) receive(msg jetstream.Msg) {
	select {
	case <-c.gone:
		return
	default:
	}
	select {
	case c.msgs <- msg:
	case <-c.gone:
	}
}

// work applies messages until stop: each time, those that have arrived,
// up to pullBatch, in one transaction.
func (c *consumer) work(ctx context.Context) {
	defer close(c.gone)
	batch := make([]jetstream.Msg, 0, pullBatch)
	for {
		quitting := false
		select {
		case msg := <-c.msgs:
			batch = append(batch, msg)
		case <-c.quit:
			// The callback has stopped: apply what it handed over.
			quitting = true
		}
		batch = c.gather(batch)
		if len(batch) > 0 {
			c.handle(ctx, batch)
			clear(batch)
			batch = batch[:0]
		}
		if quitting {
			return
		}
	}
}

// gather adds the messages already waiting to batch, up to pullBatch.
func (c *consumer) gather(batch []jetstream.Msg) []jetstream.Msg {
	for len(batch) < pullBatch {
		select {
		case msg := <-c.msgs:
			batch = append(batch, msg)
		default:
			return batch
		}
	}
	return batch
}

// stop makes the worker apply what it holds and waits for it to stop.
func (c *consumer) stop() {
	close(c.quit)
	<-c.gone
}

// delivery is a received message as the consumer reads it.
type delivery struct {
	msg Message
	// seq is the stream sequence, delivered how many times it has been
	// delivered (1 the first time).
	seq, delivered uint64
	// err is why it failed, if it did.
	err error
	res Result
	// buried: moved to the dead letters, to be terminated.
	buried bool
	// traceParent is the trace context the message carries, or "".
	traceParent string
}

// handle applies msgs in one transaction, then acknowledges each applied
// (or skipped) message, naks each failed one, and terminates each moved
// to the dead letters in that same transaction.
func (c *consumer) handle(ctx context.Context, msgs []jetstream.Msg) {
	ds := make([]delivery, len(msgs))
	// The context each message's handler runs in, with its span.
	ctxs := make([]context.Context, len(msgs))
	spans := make([]trace.Span, len(msgs))
	for i, msg := range msgs {
		ds[i] = decode(c.stream, msg)
		if ds[i].delivered > 1 && c.redelivered != nil {
			c.redelivered.Inc()
		}
		ctxs[i], spans[i] = c.processSpan(ctx, &ds[i])
	}
	err := c.db.InTx(ctx, func(tx *sqlx.Tx) error {
		now := time.Now()
		for i := range ds {
			d := &ds[i]
			if d.err == nil {
				d.res, d.err = applyInSavepoint(ctxs[i], tx, c.durable, c.h, d.msg)
			}
			if d.err == nil {
				continue
			}
			if errors.Is(d.err, ErrPermanent) || d.delivered >= uint64(c.attempts) {
				dl := DeadLetter{Consumer: c.durable, Stream: c.stream, StreamSeq: d.seq, Subject: d.msg.Subject,
					MsgID: d.msg.ID, Aggregate: d.msg.Aggregate, Version: d.msg.Version, Payload: d.msg.Data,
					Attempts: int(d.delivered)}
				if err := bury(ctx, tx, dl, d.err, now); err != nil {
					return err
				}
				d.buried = true
				continue
			}
			if err := noteFailure(ctx, tx, c.durable, d.msg, now); err != nil {
				return err
			}
		}
		return nil
	})
	for i, msg := range msgs {
		if err != nil {
			// The transaction did not commit: nothing of the batch
			// holds, not even a dead letter.
			ds[i].err, ds[i].buried = errors.Join(ds[i].err, err), false
		}
		c.settle(msg, ds[i])
		endProcessSpan(spans[i], ds[i])
	}
}

// settle acknowledges, naks or terminates msg after its transaction.
func (c *consumer) settle(msg jetstream.Msg, d delivery) {
	log := c.log.With(slog.String("subject", msg.Subject()), slog.String("msg_id", d.msg.ID))
	switch {
	case d.err == nil:
		switch d.res {
		case Stale:
			log.Debug("stale message skipped", slog.String("aggregate", d.msg.Aggregate), slog.Int64("version", d.msg.Version))
		case Duplicate:
			log.Debug("duplicate message skipped")
		}
		if err := msg.Ack(); err != nil {
			// Redelivered later and recognised as a duplicate.
			log.Warn("ack failed", slog.Any("err", err))
		}
	case d.buried:
		log.Error("message given up, kept as a dead letter", slog.Any("err", d.err),
			slog.Uint64("delivered", d.delivered), slog.Uint64("stream_seq", d.seq))
		if err := msg.Term(); err != nil {
			// Redelivered, then buried again (one attempt more).
			log.Warn("term failed", slog.Any("err", err))
		}
	default:
		delay := nakDelay(d.delivered)
		log.Warn("message failed, will be redelivered", slog.Any("err", d.err),
			slog.Uint64("delivered", d.delivered), slog.Int("attempts", c.attempts), slog.Duration("delay", delay))
		if err := msg.NakWithDelay(delay); err != nil {
			log.Warn("nak failed", slog.Any("err", err))
		}
	}
}

// nakDelay doubles with each delivery, from nakMinDelay up to nakMaxDelay.
func nakDelay(delivered uint64) time.Duration {
	d := nakMinDelay
	for i := uint64(1); i < delivered && d < nakMaxDelay; i++ {
		d *= 2
	}
	return min(d, nakMaxDelay)
}

func decode(stream string, msg jetstream.Msg) delivery {
	d := delivery{msg: Message{Subject: msg.Subject(), Data: msg.Data()}, delivered: 1}
	meta, metaErr := msg.Metadata()
	if metaErr == nil {
		d.delivered, d.seq = meta.NumDelivered, meta.Sequence.Stream
	}
	h := msg.Headers()
	d.traceParent = h.Get(tracing.Header)
	d.msg.ID = h.Get(jetstream.MsgIDHeader)
	if d.msg.ID == "" {
		if metaErr != nil {
			d.err = fmt.Errorf("message without id or metadata: %w: %w", ErrPermanent, metaErr)
			return d
		}
		d.msg.ID = stream + ":" + strconv.FormatUint(meta.Sequence.Stream, 10)
	}
	d.msg.Aggregate = h.Get(messaging.HeaderAggregate)
	if v := h.Get(messaging.HeaderVersion); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			d.err = fmt.Errorf("header %s %q: %w", messaging.HeaderVersion, v, ErrPermanent)
			return d
		}
		d.msg.Version = n
	}
	return d
}

const pruneSQL = `DELETE FROM inbox WHERE consumer = ? AND received_at < ?`

// prune deletes inbox records older than the retention period. JetStream
// redelivers and de-duplicates within far shorter windows.
func (c *consumer) prune(ctx context.Context) {
	cutoff := time.Now().Add(-retention).UnixMilli()
	var n int64
	err := c.db.InTx(ctx, func(tx *sqlx.Tx) error {
		res, err := tx.ExecContext(ctx, pruneSQL, c.durable, cutoff)
		if err != nil {
			return err
		}
		if n, err = res.RowsAffected(); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, pruneFailuresSQL, c.durable, cutoff)
		return err
	})
	if err != nil {
		if ctx.Err() == nil {
			c.log.Warn("prune inbox", slog.Any("err", err))
		}
		return
	}
	if n > 0 {
		c.log.Debug("pruned inbox", slog.Int64("rows", n))
	}
}
