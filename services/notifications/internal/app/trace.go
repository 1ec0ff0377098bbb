package app

import (
	"context"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/trace"

	"plein.dev/notifications/internal/domain"
	"plein.dev/notifications/internal/store"
	"plein.dev/platform/tracing"
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

// sendSpans starts a span "send e-mail" for each mail of due written within
// a trace, the child of its "compose e-mail" span; nil when traces are off
// or none was.
func (s *App) sendSpans(ctx context.Context, due []store.Queued) []trace.Span {
	if s.mail.Traces == nil {
		return nil
	}
	var spans []trace.Span
	for i, q := range due {
		parent := tracing.WithParent(ctx, q.Letter.Trace)
		if !trace.SpanContextFromContext(parent).IsValid() {
			continue
		}
		if spans == nil {
			spans = make([]trace.Span, len(due))
		}
		_, spans[i] = s.mail.Traces.Tracer("plein.dev/notifications").Start(parent, "send e-mail",
			trace.WithAttributes(kindKey.String(string(q.Letter.Kind)), attemptKey.Int(q.Attempts+1)))
	}
	return spans
}

// attemptKey is which attempt to send an e-mail a span is.
const attemptKey attribute.Key = "plein.email.attempt"

// endSendSpans ends each span with the outcome of its mail.
func endSendSpans(spans []trace.Span, outcome []error) {
	for i, span := range spans {
		if span != nil {
			endSpan(span, outcome[i])
		}
	}
}
