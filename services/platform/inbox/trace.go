package inbox

import (
	"context"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	semconv "go.opentelemetry.io/otel/semconv/v1.43.0"
	"go.opentelemetry.io/otel/trace"

	"plein.dev/platform/tracing"
)

// processSpan starts the span of consuming d, the child of the publishing
// span whose context the message carries (a trace of its own for a message
// without one), and returns the context its handler runs in: an outbox
// message the handler writes continues the trace. With traces off it
// returns ctx and a span that records nothing.
func (c *consumer) processSpan(ctx context.Context, d *delivery) (context.Context, trace.Span) {
	if c.tracer == nil {
		return ctx, trace.SpanFromContext(ctx)
	}
	return c.tracer.Start(tracing.WithParent(ctx, d.traceParent), "process "+d.msg.Subject,
		trace.WithSpanKind(trace.SpanKindConsumer),
		trace.WithAttributes(
			semconv.MessagingSystemKey.String("nats"),
			semconv.MessagingOperationTypeProcess,
			semconv.MessagingDestinationName(d.msg.Subject),
			semconv.MessagingMessageID(d.msg.ID),
			semconv.MessagingConsumerGroupName(c.durable),
		))
}

// endProcessSpan ends the span of d once it is settled.
func endProcessSpan(span trace.Span, d delivery) {
	if !span.IsRecording() {
		return
	}
	switch {
	case d.buried:
		span.RecordError(d.err)
		span.SetStatus(codes.Error, "given up: kept as a dead letter")
	case d.err != nil:
		span.RecordError(d.err)
		span.SetStatus(codes.Error, "failed: redelivered later")
	default:
		span.SetAttributes(resultKey.String(d.res.String()))
	}
	span.End()
}

// resultKey says what the consumer did with a message: applied, duplicate
// or stale.
const resultKey attribute.Key = "plein.inbox.result"
