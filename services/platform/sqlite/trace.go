package sqlite

import (
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	semconv "go.opentelemetry.io/otel/semconv/v1.43.0"
	"go.opentelemetry.io/otel/trace"
)

// Trace makes every InTx call made within a trace (its ctx holds a valid
// span context) a span "sqlite transaction", from the call to its answer:
// the wait for the writer, the function, and the group commit that made it
// durable, with an event when the function started and the number of calls
// committed together. Calls outside a trace (relay rounds, consumers'
// batches, loops) start none. tp nil leaves traces off.
func (db *DB) Trace(tp trace.TracerProvider) {
	if tp == nil {
		db.w.tracer.Store(nil)
		return
	}
	t := tp.Tracer("plein.dev/platform/sqlite")
	db.w.tracer.Store(&t)
}

// groupKey is how many InTx calls the commit of a call's change held.
const groupKey attribute.Key = "plein.sqlite.group_size"

// startSpan starts the span of c and puts it in c's context, or returns
// nil when c is not traced.
func (w *writer) startSpan(c *call) trace.Span {
	t := w.tracer.Load()
	if t == nil || !trace.SpanContextFromContext(c.ctx).IsValid() {
		return nil
	}
	ctx, span := (*t).Start(c.ctx, "sqlite transaction",
		trace.WithSpanKind(trace.SpanKindClient),
		trace.WithAttributes(semconv.DBSystemNameSQLite, semconv.DBOperationName("transaction")))
	if !span.IsRecording() {
		return nil
	}
	c.ctx, c.traced = ctx, true
	return span
}

// endSpan ends c's span with its outcome.
func endSpan(span trace.Span, c *call, err error) {
	if !c.ran.IsZero() {
		span.AddEvent("function started", trace.WithTimestamp(c.ran))
	}
	if c.group > 0 {
		span.SetAttributes(groupKey.Int(c.group))
	}
	switch {
	case c.panicked:
		span.SetStatus(codes.Error, "the function panicked")
	case err != nil:
		span.RecordError(err)
		span.SetStatus(codes.Error, "not committed")
	}
	span.End()
}
