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

	"plein.dev/platform/messaging"
	"plein.dev/platform/sqlite"
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

	msgs chan jetstream.Msg
	// quit tells the worker to finish what it has and stop; gone is
	// closed once it stopped.
	quit, gone chan struct{}
}

func newConsumer(db *sqlite.DB, spec Spec, h Handler, log *slog.Logger) *consumer {
	return &consumer{
		db: db, durable: spec.Durable, stream: spec.Stream, h: h, log: log,
		msgs: make(chan jetstream.Msg, pullBatch),
		quit: make(chan struct{}),
		gone: make(chan struct{}),
	}
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

// handle applies msgs in one transaction, then acknowledges each applied
// (or skipped) message and naks or terminates each failed one.
func (c *consumer) handle(ctx context.Context, msgs []jetstream.Msg) {
	batch := make([]Message, len(msgs))
	delivered := make([]uint64, len(msgs))
	errs := make([]error, len(msgs))
	for i, msg := range msgs {
		batch[i], delivered[i], errs[i] = decode(c.stream, msg)
	}
	results := make([]Result, len(msgs))
	err := c.db.InTx(ctx, func(tx *sqlx.Tx) error {
		for i, m := range batch {
			if errs[i] == nil {
				results[i], errs[i] = applyInSavepoint(ctx, tx, c.durable, c.h, m)
			}
		}
		return nil
	})
	for i, msg := range msgs {
		if err != nil && errs[i] == nil {
			// The transaction did not commit: nothing of the batch holds.
			errs[i] = err
		}
		c.settle(msg, batch[i], results[i], delivered[i], errs[i])
	}
}

// settle acknowledges, naks or terminates msg after its transaction.
func (c *consumer) settle(msg jetstream.Msg, m Message, res Result, delivered uint64, err error) {
	log := c.log.With(slog.String("subject", msg.Subject()), slog.String("msg_id", m.ID))
	switch {
	case err == nil:
		switch res {
		case Stale:
			log.Debug("stale message skipped", slog.String("aggregate", m.Aggregate), slog.Int64("version", m.Version))
		case Duplicate:
			log.Debug("duplicate message skipped")
		}
		if err := msg.Ack(); err != nil {
			// Redelivered later and recognised as a duplicate.
			log.Warn("ack failed", slog.Any("err", err))
		}
	case errors.Is(err, ErrPermanent):
		log.Error("message terminated", slog.Any("err", err))
		if err := msg.Term(); err != nil {
			log.Warn("term failed", slog.Any("err", err))
		}
	default:
		delay := nakDelay(delivered)
		log.Warn("message failed, will be redelivered", slog.Any("err", err),
			slog.Uint64("delivered", delivered), slog.Duration("delay", delay))
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

func decode(stream string, msg jetstream.Msg) (Message, uint64, error) {
	m := Message{Subject: msg.Subject(), Data: msg.Data()}
	var delivered uint64 = 1
	meta, metaErr := msg.Metadata()
	if metaErr == nil {
		delivered = meta.NumDelivered
	}
	h := msg.Headers()
	m.ID = h.Get(jetstream.MsgIDHeader)
	if m.ID == "" {
		if metaErr != nil {
			return m, delivered, fmt.Errorf("message without id or metadata: %w: %w", ErrPermanent, metaErr)
		}
		m.ID = stream + ":" + strconv.FormatUint(meta.Sequence.Stream, 10)
	}
	m.Aggregate = h.Get(messaging.HeaderAggregate)
	if v := h.Get(messaging.HeaderVersion); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return m, delivered, fmt.Errorf("header %s %q: %w", messaging.HeaderVersion, v, ErrPermanent)
		}
		m.Version = n
	}
	return m, delivered, nil
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
		n, err = res.RowsAffected()
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
