package tracing_test

import (
	"context"
	"testing"
	"time"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"

	"plein.dev/platform/inbox"
	"plein.dev/platform/outbox"
	"plein.dev/platform/sqlite"
	"plein.dev/platform/testkit"
	"plein.dev/platform/tracing"
)

const (
	producer = "tracer"
	subject  = "plein.tracer.thing.done"
	onward   = "plein.sink.thing.noted"
)

// TestTraceCrossesTheBus: a message written to the outbox within a trace
// is published in a span that is the child of the writer's span, with its
// context in the traceparent header; the consumer processes it in a span
// that is the child of the publishing span, and the message its handler
// writes to its own outbox continues the same trace.
func TestTraceCrossesTheBus(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	exp := tracetest.NewInMemoryExporter()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSyncer(exp))
	srv := testkit.NATS(t)
	_, js := testkit.Conn(t, srv.ClientURL())
	log := testkit.Logger(t)

	// The producer writes the message in a request's trace.
	src := testkit.DB(t, nil)
	src.Trace(tp)
	reqCtx, req := tp.Tracer("test").Start(ctx, "request")
	if err := src.InTx(reqCtx, func(tx sqlite.Tx) error {
		_, err := outbox.Add(reqCtx, tx, outbox.Message{Subject: subject, Aggregate: "thing:1", Version: 1})
		return err
	}); err != nil {
		t.Fatal(err)
	}
	req.End()
	if err := outbox.NewRelay(src, js, log, outbox.WithStream(producer, 1), outbox.WithTracing(tp)).Flush(ctx); err != nil {
		t.Fatal(err)
	}

	// The consumer notes it in its own outbox.
	dst := testkit.DB(t, nil)
	handled := make(chan trace.SpanContext, 1)
	consumeCtx, stopConsuming := context.WithCancel(ctx)
	consumed := make(chan error, 1)
	go func() {
		consumed <- inbox.Run(consumeCtx, js, dst, inbox.Spec{Stream: producer, Durable: "sink", Traces: tp},
			func(ctx context.Context, tx sqlite.Tx, m inbox.Message) error {
				handled <- trace.SpanContextFromContext(ctx)
				_, err := outbox.Add(ctx, tx, outbox.Message{Subject: onward})
				return err
			}, log)
	}()
	var inHandler trace.SpanContext
	select {
	case inHandler = <-handled:
	case <-ctx.Done():
		t.Fatal("the message was not consumed")
	}
	testkit.Consumed(t, js, producer, "sink")
	stopConsuming()
	if err := <-consumed; err != nil {
		t.Fatal(err)
	}

	spans := map[string]tracetest.SpanStub{}
	for _, s := range exp.GetSpans() {
		spans[s.Name] = s
	}
	request, tx := spans["request"], spans["sqlite transaction"]
	publish, process := spans["publish "+subject], spans["process "+subject]
	for name, s := range map[string]tracetest.SpanStub{"sqlite transaction": tx, "publish": publish, "process": process} {
		if !s.SpanContext.IsValid() {
			t.Fatalf("no %s span among %v", name, names(exp.GetSpans()))
		}
		if s.SpanContext.TraceID() != request.SpanContext.TraceID() {
			t.Errorf("%s span in trace %s, want the request's %s", name, s.SpanContext.TraceID(), request.SpanContext.TraceID())
		}
	}
	if tx.Parent.SpanID() != request.SpanContext.SpanID() {
		t.Error("the transaction's span is not the request's child")
	}
	if publish.Parent.SpanID() != request.SpanContext.SpanID() || publish.SpanKind != trace.SpanKindProducer {
		t.Errorf("publish span: parent %s kind %s, want the request's child, a producer", publish.Parent.SpanID(), publish.SpanKind)
	}
	if process.Parent.SpanID() != publish.SpanContext.SpanID() || !process.Parent.IsRemote() || process.SpanKind != trace.SpanKindConsumer {
		t.Errorf("process span: parent %s (remote %t) kind %s, want the publish span's remote child, a consumer",
			process.Parent.SpanID(), process.Parent.IsRemote(), process.SpanKind)
	}
	if inHandler.SpanID() != process.SpanContext.SpanID() {
		t.Error("the handler did not run in the process span")
	}

	// The consumer's own message carries the process span's context.
	var parent string
	if err := dst.R.GetContext(ctx, &parent, `SELECT trace_parent FROM outbox WHERE subject = ?`, onward); err != nil {
		t.Fatal(err)
	}
	if got := trace.SpanContextFromContext(tracing.WithParent(ctx, parent)); got.SpanID() != process.SpanContext.SpanID() ||
		got.TraceID() != request.SpanContext.TraceID() {
		t.Errorf("the consumer's outbox row holds %q, want the process span's context", parent)
	}
}

// TestNoTraceNoContext: with no span in the context the outbox row holds
// no trace context, and a relay without tracing publishes no traceparent.
func TestNoTraceNoContext(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	srv := testkit.NATS(t)
	_, js := testkit.Conn(t, srv.ClientURL())
	db := testkit.DB(t, nil)
	if err := db.InTx(ctx, func(tx sqlite.Tx) error {
		_, err := outbox.Add(ctx, tx, outbox.Message{Subject: subject})
		return err
	}); err != nil {
		t.Fatal(err)
	}
	var parent string
	if err := db.R.GetContext(ctx, &parent, `SELECT trace_parent FROM outbox`); err != nil {
		t.Fatal(err)
	}
	if parent != "" {
		t.Errorf("trace_parent %q outside a trace", parent)
	}
	if err := outbox.NewRelay(db, js, testkit.Logger(t), outbox.WithStream(producer, 1)).Flush(ctx); err != nil {
		t.Fatal(err)
	}
	s, err := js.Stream(ctx, "PLEIN_TRACER")
	if err != nil {
		t.Fatal(err)
	}
	m, err := s.GetMsg(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	if h := m.Header.Get(tracing.Header); h != "" {
		t.Errorf("published with traceparent %q", h)
	}
}

func names(spans tracetest.SpanStubs) []string {
	out := make([]string, len(spans))
	for i, s := range spans {
		out[i] = s.Name
	}
	return out
}
