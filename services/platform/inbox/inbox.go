// Package inbox consumes another service's stream idempotently: each message
// is applied and its id recorded in the inbox table in one transaction, then
// acknowledged. Redeliveries and re-publications are recognised by message
// id; messages older than the aggregate version already applied are skipped.
package inbox

import (
	"context"
	"database/sql"
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

// Message is a received domain event.
type Message struct {
	// ID is the Nats-Msg-Id header (the producer's outbox id), or
	// "<stream>:<sequence>" for a message published without one.
	ID        string
	Subject   string
	Aggregate string
	// Version of the aggregate, 0 when the message carries none.
	Version int64
	Data    []byte
}

// Handler applies a message within tx. Returning an error rolls tx back and
// the message is redelivered later, unless the error wraps ErrPermanent.
type Handler func(ctx context.Context, tx sqlite.Tx, m Message) error

// ErrPermanent marks a message that can never be applied (undecodable,
// invalid). A handler returns an error wrapping it; the message is then
// terminated (not redelivered) and logged.
var ErrPermanent = errors.New("permanent message failure")

// Spec names what to consume.
type Spec struct {
	// Stream is the producing service's name, e.g. "events".
	Stream string
	// Durable is the consuming service's name, e.g. "registrations"; it
	// names the durable consumer and keys the inbox rows.
	Durable string
	// FilterSubjects limits the subjects consumed; empty means all of the
	// stream.
	FilterSubjects []string
	// Replicas of the stream if this consumer creates it; 0 means 1.
	Replicas int
}

const (
	ackWait       = 30 * time.Second
	maxAckPending = 256
	pullBatch     = 64
	nakMinDelay   = 200 * time.Millisecond
	nakMaxDelay   = time.Minute
	retention     = 7 * 24 * time.Hour
	pruneInterval = time.Hour
	setupMinWait  = 100 * time.Millisecond
	setupMaxWait  = 5 * time.Second
	stopTimeout   = 10 * time.Second
)

// Run declares the stream (messaging.EnsureStream) and a durable pull
// consumer, then applies messages with h until ctx is done. While NATS is
// unreachable it keeps retrying the declaration; an error the JetStream API
// answers (e.g. an invalid configuration) is returned. On ctx done it stops
// fetching, finishes the messages already received and returns nil.
//
// Messages are acknowledged only after their transaction committed. A
// handler error naks the message with a growing delay (it is redelivered,
// without limit); an error wrapping ErrPermanent terminates it.
func Run(ctx context.Context, js jetstream.JetStream, db *sqlite.DB, spec Spec, h Handler, log *slog.Logger) error {
	if spec.Stream == "" || spec.Durable == "" {
		return fmt.Errorf("inbox: stream %q and durable %q must be set", spec.Stream, spec.Durable)
	}
	log = log.With(slog.String("component", "inbox"), slog.String("stream", spec.Stream),
		slog.String("consumer", spec.Durable))

	cons, err := setup(ctx, js, spec, log)
	if err != nil {
		if ctx.Err() != nil {
			return nil
		}
		return err
	}

	c := &consumer{db: db, durable: spec.Durable, stream: spec.Stream, h: h, log: log}
	// Messages already received are finished after ctx ends, so that their
	// effects are not rolled back half-way; Run waits for them.
	workCtx := context.WithoutCancel(ctx)
	cc, err := cons.Consume(func(msg jetstream.Msg) { c.handle(workCtx, msg) },
		jetstream.PullMaxMessages(pullBatch),
		jetstream.ConsumeErrHandler(func(_ jetstream.ConsumeContext, err error) {
			log.Debug("consume", slog.Any("err", err))
		}),
	)
	if err != nil {
		return fmt.Errorf("inbox %s/%s: consume: %w", spec.Stream, spec.Durable, err)
	}
	log.Info("consuming")

	prune := time.NewTicker(pruneInterval)
	defer prune.Stop()
	c.prune(ctx)
	for done := false; !done; {
		select {
		case <-ctx.Done():
			done = true
		case <-prune.C:
			c.prune(ctx)
		}
	}

	cc.Drain()
	if !waitClosed(cc) {
		log.Warn("consumer drain timed out, stopping")
		cc.Stop()
		if !waitClosed(cc) {
			log.Error("consumer did not stop; a handler may be stuck")
			return nil
		}
	}
	log.Info("stopped consuming")
	return nil
}

func waitClosed(cc jetstream.ConsumeContext) bool {
	t := time.NewTimer(stopTimeout)
	defer t.Stop()
	select {
	case <-cc.Closed():
		return true
	case <-t.C:
		return false
	}
}

// setup declares the stream and the consumer, retrying while NATS does not
// answer.
func setup(ctx context.Context, js jetstream.JetStream, spec Spec, log *slog.Logger) (jetstream.Consumer, error) {
	cfg := jetstream.ConsumerConfig{
		Durable:        spec.Durable,
		Description:    "plein consumer " + spec.Durable + " of " + spec.Stream,
		DeliverPolicy:  jetstream.DeliverAllPolicy,
		AckPolicy:      jetstream.AckExplicitPolicy,
		AckWait:        ackWait,
		MaxDeliver:     -1, // never drop a message; see ErrPermanent
		MaxAckPending:  maxAckPending,
		FilterSubjects: spec.FilterSubjects,
	}
	wait := setupMinWait
	for attempt := 1; ; attempt++ {
		cons, err := declare(ctx, js, spec, cfg)
		if err == nil {
			return cons, nil
		}
		var apiErr *jetstream.APIError
		if errors.As(err, &apiErr) || ctx.Err() != nil {
			return nil, err
		}
		if attempt == 1 || attempt%20 == 0 {
			log.Warn("declaring consumer failed, retrying", slog.Int("attempt", attempt), slog.Any("err", err))
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return nil, ctx.Err()
		case <-t.C:
		}
		wait = min(2*wait, setupMaxWait)
	}
}

func declare(ctx context.Context, js jetstream.JetStream, spec Spec, cfg jetstream.ConsumerConfig) (jetstream.Consumer, error) {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if _, err := messaging.EnsureStream(ctx, js, spec.Stream, spec.Replicas); err != nil {
		return nil, fmt.Errorf("inbox %s/%s: %w", spec.Stream, spec.Durable, err)
	}
	cons, err := js.CreateOrUpdateConsumer(ctx, messaging.StreamName(spec.Stream), cfg)
	if err != nil {
		return nil, fmt.Errorf("inbox %s/%s: declare consumer: %w", spec.Stream, spec.Durable, err)
	}
	return cons, nil
}

type consumer struct {
	db      *sqlite.DB
	durable string
	stream  string
	h       Handler
	log     *slog.Logger
}

func (c *consumer) handle(ctx context.Context, msg jetstream.Msg) {
	m, numDelivered, err := decode(c.stream, msg)
	log := c.log.With(slog.String("subject", msg.Subject()), slog.String("msg_id", m.ID))
	if err == nil {
		var res Result
		res, err = Apply(ctx, c.db, c.durable, c.h, m)
		if err == nil {
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
			return
		}
	}
	if errors.Is(err, ErrPermanent) {
		log.Error("message terminated", slog.Any("err", err))
		if err := msg.Term(); err != nil {
			log.Warn("term failed", slog.Any("err", err))
		}
		return
	}
	delay := nakDelay(numDelivered)
	log.Warn("message failed, will be redelivered", slog.Any("err", err),
		slog.Uint64("delivered", numDelivered), slog.Duration("delay", delay))
	if err := msg.NakWithDelay(delay); err != nil {
		log.Warn("nak failed", slog.Any("err", err))
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

// Result tells what Apply did with a message.
type Result int

// Results of Apply.
const (
	// Applied: the handler ran and its transaction committed.
	Applied Result = iota + 1
	// Duplicate: the message id was already recorded; nothing done.
	Duplicate
	// Stale: the aggregate's version applied is at least the message's;
	// only the id was recorded.
	Stale
)

func (r Result) String() string {
	switch r {
	case Applied:
		return "applied"
	case Duplicate:
		return "duplicate"
	case Stale:
		return "stale"
	}
	return "unknown"
}

const (
	seenSQL    = `SELECT 1 FROM inbox WHERE consumer = ? AND msg_id = ?`
	versionSQL = `SELECT version FROM inbox_versions WHERE consumer = ? AND aggregate = ?`
	recordSQL  = `INSERT INTO inbox (consumer, msg_id, received_at) VALUES (?, ?, ?)`
	upsertSQL  = `INSERT INTO inbox_versions (consumer, aggregate, version) VALUES (?, ?, ?)
ON CONFLICT (consumer, aggregate) DO UPDATE SET version = excluded.version
WHERE excluded.version > inbox_versions.version`
)

// Apply processes m for consumer in one transaction of db: a message id
// already recorded is skipped; a versioned message (Aggregate set,
// Version > 0) not newer than the version applied for its aggregate is only
// recorded; otherwise h runs, the aggregate's version is raised and the id
// recorded. A handler error rolls everything back and is returned.
//
// Run calls Apply for every message; tests of handlers may call it directly.
func Apply(ctx context.Context, db *sqlite.DB, consumer string, h Handler, m Message) (Result, error) {
	var res Result
	err := db.InTx(ctx, func(tx *sqlx.Tx) error {
		var one int
		err := tx.GetContext(ctx, &one, seenSQL, consumer, m.ID)
		switch {
		case err == nil:
			res = Duplicate
			return nil
		case !errors.Is(err, sql.ErrNoRows):
			return fmt.Errorf("read inbox: %w", err)
		}
		versioned := m.Aggregate != "" && m.Version > 0
		res = Applied
		if versioned {
			var stored int64
			err := tx.GetContext(ctx, &stored, versionSQL, consumer, m.Aggregate)
			switch {
			case err == nil && m.Version <= stored:
				res = Stale
			case err != nil && !errors.Is(err, sql.ErrNoRows):
				return fmt.Errorf("read aggregate version: %w", err)
			}
		}
		if res == Applied {
			if err := h(ctx, tx, m); err != nil {
				return fmt.Errorf("handle %s (%s): %w", m.Subject, m.ID, err)
			}
			if versioned {
				if _, err := tx.ExecContext(ctx, upsertSQL, consumer, m.Aggregate, m.Version); err != nil {
					return fmt.Errorf("store aggregate version: %w", err)
				}
			}
		}
		if _, err := tx.ExecContext(ctx, recordSQL, consumer, m.ID, time.Now().UnixMilli()); err != nil {
			return fmt.Errorf("record message id: %w", err)
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	return res, nil
}

const pruneSQL = `DELETE FROM inbox WHERE consumer = ? AND received_at < ?`

// prune deletes inbox records older than the retention period. JetStream
// redelivers and de-duplicates within far shorter windows.
func (c *consumer) prune(ctx context.Context) {
	cutoff := time.Now().Add(-retention).UnixMilli()
	res, err := c.db.W.ExecContext(ctx, pruneSQL, c.durable, cutoff)
	if err != nil {
		if ctx.Err() == nil {
			c.log.Warn("prune inbox", slog.Any("err", err))
		}
		return
	}
	if n, err := res.RowsAffected(); err == nil && n > 0 {
		c.log.Debug("pruned inbox", slog.Int64("rows", n))
	}
}
