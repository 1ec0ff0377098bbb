package outbox

import (
	"context"

	"go.opentelemetry.io/otel/codes"
	semconv "go.opentelemetry.io/otel/semconv/v1.43.0"
	"go.opentelemetry.io/otel/trace"

	"plein.dev/platform/tracing"
)

// WithTracing makes the relay publish each message that was written in a
// trace within a span "publish <subject>", the child of the span that wrote
// it, and send that span's context in the message's traceparent header,
// for the consumers to continue. tp nil leaves traces off.
func WithTracing(tp trace.TracerProvider) Option {
	return func(r *Relay) {
		if tp != nil {
			r.tracer = tp.Tracer("plein.dev/platform/outbox")
		}
	}
}

// noSpan is the span of a message published outside a trace.
var noSpan = trace.SpanFromContext(context.Background())

// publishSpan starts the span publishing rw and returns it with the
// traceparent the message carries; noSpan and "" when rw was written
// outside a trace or traces are off.
func (r *Relay) publishSpan(ctx context.Context, rw row) (trace.Span, string) {
	if r.tracer == nil || rw.TraceParent == "" {
		return noSpan, ""
	}
	ctx = tracing.WithParent(ctx, rw.TraceParent)
	if !trace.SpanContextFromContext(ctx).IsValid() {
		return noSpan, ""
	}
	ctx, span := r.tracer.Start(ctx, "publish "+rw.Subject,
		trace.WithSpanKind(trace.SpanKindProducer),
		trace.WithAttributes(
			semconv.MessagingSystemKey.String("nats"),
			semconv.MessagingOperationTypeSend,
			semconv.MessagingDestinationName(rw.Subject),
			semconv.MessagingMessageID(rw.ID),
		))
	return span, tracing.Parent(ctx)
}

// endSpan ends a publishing span with the outcome of the publish.
func endSpan(span trace.Span, err error) {
	if err != nil {
		span.RecordError(err)
		span.SetStatus(codes.Error, "not published")
	}
	span.End()
}
