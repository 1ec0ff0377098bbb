package app

import (
	"context"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/trace"

	"plein.dev/notifications/internal/domain"
)

// kindKey is the kind of e-mail a span writes or sends.
const kindKey attribute.Key = "plein.email.kind"

// composeSpan starts the span of writing an e-mail of kind, the child of
// the span in ctx (the consumer's, for mail a message causes) and made by
// that span's provider: without traces it records nothing.
func composeSpan(ctx context.Context, kind domain.Kind) (context.Context, trace.Span) {
	return trace.SpanFromContext(ctx).TracerProvider().Tracer("plein.dev/notifications").
		Start(ctx, "compose e-mail", trace.WithAttributes(kindKey.String(string(kind))))
}

// endSpan ends span with err, if any.
func endSpan(span trace.Span, err error) {
	if err != nil {
		span.RecordError(err)
		span.SetStatus(codes.Error, "failed")
	}
	span.End()
}
