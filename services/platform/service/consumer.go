package service

import (
	"context"
	"fmt"
	"slices"

	"go.opentelemetry.io/otel/trace"

	"plein.dev/platform/inbox"
	"plein.dev/platform/sqlite"
	"plein.dev/proto/subject"
)

// Consumer is a durable subscription to another service's stream. It
// decides, for every verb of each aggregate it follows, whether to handle it
// or to leave it: Handle maps a subject to what applies it, Ignore names the
// subjects left on purpose. Only handled subjects are delivered.
//
// Run refuses to start a consumer that leaves a published verb undecided
// (see Undecided), so a producer adding a verb makes every consumer of that
// aggregate choose.
type Consumer struct {
	// Stream is the producing service's name, e.g. subject.StreamEvents.
	Stream string
	// Durable names the durable consumer and keys the inbox rows; by
	// convention the consuming service's name, with a suffix when it has
	// more than one consumer of a stream.
	Durable string
	Handle  map[subject.Subject]inbox.Handler
	Ignore  []subject.Subject
	// Start says where the consumer begins when it is first created; it
	// must be set. A consumer that exists goes on where it is.
	Start Start
}

// Start is where a newly created consumer begins in its stream.
type Start int

const (
	// FromFirstMessage: the whole stream, for a projection, which must
	// hold every aggregate there is.
	FromFirstMessage Start = iota + 1
	// FromCreation: only messages published after the consumer was
	// created, for a consumer with effects outside Plein (e-mails,
	// webhooks): a service added years later must not mail about all
	// that happened before it.
	FromCreation
)

func (s Start) String() string {
	switch s {
	case FromFirstMessage:
		return "from the first message"
	case FromCreation:
		return "from its creation"
	}
	return "undecided"
}

// Undecided returns the subjects the producer of c.Stream publishes for an
// aggregate c follows (one it handles or ignores a verb of) that c neither
// handles nor ignores, and the decided subjects the producer does not
// publish at all (a typo, or a verb that was removed).
func (c Consumer) Undecided() []subject.Subject {
	published := subject.Published(c.Stream)
	aggregates := map[string]bool{}
	decided := map[subject.Subject]bool{}
	for s := range c.Handle {
		aggregates[s.Aggregate()] = true
		decided[s] = true
	}
	for _, s := range c.Ignore {
		aggregates[s.Aggregate()] = true
		decided[s] = true
	}
	var out []subject.Subject
	for _, s := range published {
		if aggregates[s.Aggregate()] && !decided[s] {
			out = append(out, s)
		}
	}
	for s := range decided {
		if !slices.Contains(published, s) {
			out = append(out, s)
		}
	}
	slices.Sort(out)
	return out
}

// check returns an error naming what c leaves undecided.
func (c Consumer) check() error {
	if len(c.Handle) == 0 {
		return fmt.Errorf("consumer %s of %s handles no subject", c.Durable, c.Stream)
	}
	if c.Start != FromFirstMessage && c.Start != FromCreation {
		return fmt.Errorf("consumer %s of %s: no Start (FromFirstMessage for a projection, FromCreation for effects)", c.Durable, c.Stream)
	}
	if u := c.Undecided(); len(u) > 0 {
		return fmt.Errorf("consumer %s of %s: no decision (handle or ignore) for %v", c.Durable, c.Stream, u)
	}
	return nil
}

func (c Consumer) spec(replicas, attempts int, traces trace.TracerProvider) inbox.Spec {
	filter := make([]string, 0, len(c.Handle))
	for s := range c.Handle {
		filter = append(filter, string(s))
	}
	slices.Sort(filter)
	return inbox.Spec{Stream: c.Stream, Durable: c.Durable, FilterSubjects: filter, Replicas: replicas,
		Attempts: attempts, FromCreation: c.Start == FromCreation, Traces: traces}
}

// handler dispatches a message to the handler of its subject. A subject
// without one can only arrive from a durable consumer declared by an older
// version with a wider filter; it is terminated.
func (c Consumer) handler() inbox.Handler {
	return func(ctx context.Context, tx sqlite.Tx, m inbox.Message) error {
		h, ok := c.Handle[subject.Subject(m.Subject)]
		if !ok {
			return fmt.Errorf("consumer %s: no handler for %s: %w", c.Durable, m.Subject, inbox.ErrPermanent)
		}
		return h(ctx, tx, m)
	}
}
