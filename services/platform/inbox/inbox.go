// Package inbox consumes another service's stream idempotently: each message
// is applied and its id recorded in the inbox table in one transaction, then
// acknowledged. Redeliveries and re-publications are recognised by message
// id; messages older than the aggregate version already applied are skipped.
package inbox

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/nats-io/nats.go/jetstream"
	"github.com/prometheus/client_golang/prometheus"
	"go.opentelemetry.io/otel/trace"

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
	// Attempts is how many deliveries of a message may fail before the
	// consumer gives it up and keeps it as a dead letter; 0 means
	// DefaultAttempts.
	Attempts int
	// FromCreation starts a consumer that does not exist yet at the time
	// it is created, instead of at the stream's first message: for a
	// consumer with effects outside Plein (e-mails, webhooks), which must
	// not replay history. A consumer that exists keeps where it is.
	FromCreation bool
	// Declared, if set, is called once the consumer is declared: from
	// then on it receives every new message.
	Declared func()
	// Redeliveries, if set, counts the messages delivered again
	// (Metrics.Redeliveries).
	Redeliveries prometheus.Counter
	// Traces, if set, traces each message: a span "process <subject>",
	// the child of the context its traceparent header carries, in which
	// the handler runs.
	Traces trace.TracerProvider
}

// DefaultAttempts is how many deliveries of a message may fail unless
// Spec.Attempts says otherwise: with the redelivery delays doubling from
// nakMinDelay, the last attempt is about 100 s after the first.
const DefaultAttempts = 10

func (s Spec) attempts() int {
	if s.Attempts <= 0 {
		return DefaultAttempts
	}
	return s.Attempts
}

const (
	ackWait       = 30 * time.Second
	maxAckPending = 256
	// pullBatch is how many messages a pull asks for, and at most how
	// many are applied in one transaction.
	pullBatch     = 64
	nakMinDelay   = 200 * time.Millisecond
	nakMaxDelay   = time.Minute
	retention     = 7 * 24 * time.Hour
	pruneInterval = time.Hour
	setupMinWait  = 100 * time.Millisecond
	setupMaxWait  = 5 * time.Second
	stopTimeout   = 10 * time.Second
)

// Run joins the stream (messaging.JoinStream), declares a durable pull
// consumer, then applies messages with h until ctx is done. While NATS is
// unreachable it keeps retrying the declaration; an error the JetStream API
// answers (e.g. an invalid configuration) is returned. On ctx done it stops
// fetching, finishes the messages already received and returns nil.
//
// Messages received together are applied in one transaction, each in its
// own savepoint (see ApplyBatch), and acknowledged only after it committed.
// A handler error naks the message with a growing delay; once it failed
// Spec.Attempts deliveries, or at once for an error wrapping ErrPermanent,
// it is moved to the dead letters (see DeadLetters, Retry) in the
// transaction of its batch and terminated after the commit.
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

	if spec.Declared != nil {
		spec.Declared()
	}
	c := newConsumer(db, spec, h, log)
	// Messages already received are finished after ctx ends, so that their
	// effects are not rolled back half-way; Run waits for them.
	go c.work(context.WithoutCancel(ctx))
	cc, err := cons.Consume(c.receive,
		jetstream.PullMaxMessages(pullBatch),
		jetstream.ConsumeErrHandler(func(_ jetstream.ConsumeContext, err error) {
			log.Debug("consume", slog.Any("err", err))
		}),
	)
	if err != nil {
		c.stop()
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
	c.stop()
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
		Durable:       spec.Durable,
		Description:   "plein consumer " + spec.Durable + " of " + spec.Stream,
		DeliverPolicy: jetstream.DeliverAllPolicy,
		AckPolicy:     jetstream.AckExplicitPolicy,
		AckWait:       ackWait,
		// The consumer gives a message up itself after spec.Attempts, once
		// its dead letter committed; the server's bound is only a
		// backstop far behind, so that nothing is dropped unrecorded.
		MaxDeliver:     4 * spec.attempts(),
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
	if _, err := messaging.JoinStream(ctx, js, spec.Stream, spec.Replicas); err != nil {
		return nil, fmt.Errorf("inbox %s/%s: %w", spec.Stream, spec.Durable, err)
	}
	stream := messaging.StreamName(spec.Stream)
	// Where a consumer starts is fixed at its creation and cannot be
	// updated: an existing one keeps its own.
	existing, err := js.Consumer(ctx, stream, spec.Durable)
	switch {
	case err == nil:
		was := existing.CachedInfo().Config
		cfg.DeliverPolicy, cfg.OptStartTime, cfg.OptStartSeq = was.DeliverPolicy, was.OptStartTime, was.OptStartSeq
	case !errors.Is(err, jetstream.ErrConsumerNotFound):
		return nil, fmt.Errorf("inbox %s/%s: read consumer: %w", spec.Stream, spec.Durable, err)
	case spec.FromCreation:
		cfg.DeliverPolicy = jetstream.DeliverNewPolicy
	}
	cons, err := js.CreateOrUpdateConsumer(ctx, stream, cfg)
	if err != nil {
		return nil, fmt.Errorf("inbox %s/%s: declare consumer: %w", spec.Stream, spec.Durable, err)
	}
	return cons, nil
}
