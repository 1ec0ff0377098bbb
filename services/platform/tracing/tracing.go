// Package tracing sets up OpenTelemetry traces for a Plein process and
// carries a trace's context where gRPC does not: in outbox rows and NATS
// headers, as a W3C traceparent.
//
// Traces are off unless the process's main finds an OTLP endpoint in the
// standard variables (Settings, FromEnv); then Start builds a
// TracerProvider exporting there. Everything else takes a
// trace.TracerProvider, nil meaning off: no span is started, no
// traceparent written, no gRPC stats handler installed.
package tracing

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"go.opentelemetry.io/otel/exporters/otlp/otlptrace"
	"go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracegrpc"
	"go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracehttp"
	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/sdk/resource"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	semconv "go.opentelemetry.io/otel/semconv/v1.43.0"
	"go.opentelemetry.io/otel/trace"
	"go.opentelemetry.io/otel/trace/noop"
)

// Settings say whether and how a process exports traces.
type Settings struct {
	// Enabled: export spans over OTLP. FromEnv sets it when
	// OTEL_EXPORTER_OTLP_ENDPOINT or OTEL_EXPORTER_OTLP_TRACES_ENDPOINT is
	// set.
	Enabled bool
	// Protocol is "grpc" or "http/protobuf" (the default, as the
	// specification has it).
	Protocol string
	// ServiceName is the resource's service.name: the binary's name
	// ("plein" for the all-in-one), unless OTEL_SERVICE_NAME says
	// otherwise.
	ServiceName string
}

// FromEnv reads the settings from the standard OpenTelemetry variables
// through lookupEnv (os.LookupEnv, given by main; nil reads none). The exporter and the SDK
// read their other standard variables themselves (OTEL_EXPORTER_OTLP_HEADERS,
// _TIMEOUT, _CERTIFICATE, OTEL_TRACES_SAMPLER, OTEL_RESOURCE_ATTRIBUTES,
// ...), and only when Enabled.
func FromEnv(service string, lookupEnv func(string) (string, bool)) Settings {
	get := func(names ...string) string {
		if lookupEnv == nil {
			return ""
		}
		for _, n := range names {
			if v, ok := lookupEnv(n); ok && strings.TrimSpace(v) != "" {
				return strings.TrimSpace(v)
			}
		}
		return ""
	}
	s := Settings{
		Enabled:     get("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "OTEL_EXPORTER_OTLP_ENDPOINT") != "",
		Protocol:    get("OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", "OTEL_EXPORTER_OTLP_PROTOCOL"),
		ServiceName: get("OTEL_SERVICE_NAME"),
	}
	if s.ServiceName == "" {
		s.ServiceName = service
	}
	// OTEL_SDK_DISABLED=true turns the SDK off whatever else is set.
	if strings.EqualFold(get("OTEL_SDK_DISABLED"), "true") {
		s.Enabled = false
	}
	return s
}

// Start returns the TracerProvider of s and the function that flushes and
// stops it; with tracing off, a nil provider and a shutdown that does
// nothing. Spans are batched and exported over OTLP; the sampler is the
// SDK's (parent-based, always on; OTEL_TRACES_SAMPLER changes it).
func Start(ctx context.Context, s Settings) (trace.TracerProvider, func(context.Context) error, error) {
	if !s.Enabled {
		return nil, func(context.Context) error { return nil }, nil
	}
	var (
		exp *otlptrace.Exporter
		err error
	)
	switch s.Protocol {
	case "", "http/protobuf":
		exp, err = otlptracehttp.New(ctx)
	case "grpc":
		exp, err = otlptracegrpc.New(ctx)
	default:
		return nil, nil, fmt.Errorf("OTEL_EXPORTER_OTLP_PROTOCOL %q: want grpc or http/protobuf", s.Protocol)
	}
	if err != nil {
		return nil, nil, fmt.Errorf("traces: OTLP exporter: %w", err)
	}
	res, err := resource.New(ctx,
		resource.WithAttributes(semconv.ServiceName(s.ServiceName)),
		resource.WithFromEnv(),
		resource.WithTelemetrySDK())
	if err != nil && !errors.Is(err, resource.ErrPartialResource) {
		return nil, nil, fmt.Errorf("traces: resource: %w", err)
	}
	tp := sdktrace.NewTracerProvider(sdktrace.WithBatcher(exp, sdktrace.WithBatchTimeout(2*time.Second)),
		sdktrace.WithResource(res))
	return tp, tp.Shutdown, nil
}

// Or returns tp, or a provider of spans that record nothing when tp is nil.
func Or(tp trace.TracerProvider) trace.TracerProvider {
	if tp == nil {
		return noop.NewTracerProvider()
	}
	return tp
}

// Propagator is how Plein carries a trace's context between processes:
// W3C tracecontext only (no baggage, which could carry what a trace must
// not).
var Propagator propagation.TextMapPropagator = propagation.TraceContext{}

// Header is the name of the W3C header (and NATS header) carrying the
// context.
const Header = "traceparent"

// Parent returns the traceparent of the span in ctx, or "" when ctx holds
// no valid span context.
func Parent(ctx context.Context) string {
	if !trace.SpanContextFromContext(ctx).IsValid() {
		return ""
	}
	var c carrier
	Propagator.Inject(ctx, &c)
	return c.parent
}

// WithParent returns ctx holding the remote span context of traceparent;
// ctx itself when traceparent is empty or invalid.
func WithParent(ctx context.Context, traceparent string) context.Context {
	if traceparent == "" {
		return ctx
	}
	return Propagator.Extract(ctx, &carrier{parent: traceparent})
}

// carrier holds one traceparent for the propagator.
type carrier struct{ parent string }

func (c *carrier) Get(key string) string {
	if key == Header {
		return c.parent
	}
	return ""
}

func (c *carrier) Set(key, value string) {
	if key == Header {
		c.parent = value
	}
}

func (c *carrier) Keys() []string { return []string{Header} }
