package tracing_test

import (
	"context"
	"testing"
	"time"

	"go.opentelemetry.io/otel/trace"

	"plein.dev/platform/tracing"
)

func TestFromEnv(t *testing.T) {
	tests := []struct {
		name string
		env  map[string]string
		want tracing.Settings
	}{
		{"nothing set: off", nil, tracing.Settings{ServiceName: "plein"}},
		{"endpoint", map[string]string{"OTEL_EXPORTER_OTLP_ENDPOINT": "http://collector:4318"},
			tracing.Settings{Enabled: true, ServiceName: "plein"}},
		{"traces endpoint, grpc, service name", map[string]string{"OTEL_EXPORTER_OTLP_TRACES_ENDPOINT": "http://c:4317",
			"OTEL_EXPORTER_OTLP_PROTOCOL": "grpc", "OTEL_SERVICE_NAME": "plein-test"},
			tracing.Settings{Enabled: true, Protocol: "grpc", ServiceName: "plein-test"}},
		{"the traces protocol wins", map[string]string{"OTEL_EXPORTER_OTLP_ENDPOINT": "http://c:4317",
			"OTEL_EXPORTER_OTLP_PROTOCOL": "grpc", "OTEL_EXPORTER_OTLP_TRACES_PROTOCOL": "http/protobuf"},
			tracing.Settings{Enabled: true, Protocol: "http/protobuf", ServiceName: "plein"}},
		{"blank endpoint: off", map[string]string{"OTEL_EXPORTER_OTLP_ENDPOINT": "  "}, tracing.Settings{ServiceName: "plein"}},
		{"SDK disabled", map[string]string{"OTEL_EXPORTER_OTLP_ENDPOINT": "http://c:4318", "OTEL_SDK_DISABLED": "true"},
			tracing.Settings{ServiceName: "plein"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tracing.FromEnv("plein", func(k string) (string, bool) { v, ok := tt.env[k]; return v, ok })
			if got != tt.want {
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
		})
	}
}

// TestStart: off gives no provider; on, a provider whose spans record
// (exported to an endpoint that is not there: shutdown gives up in time).
func TestStart(t *testing.T) {
	ctx := context.Background()
	tp, stop, err := tracing.Start(ctx, tracing.Settings{})
	if err != nil || tp != nil {
		t.Fatalf("off: %v, %v", tp, err)
	}
	if err := stop(ctx); err != nil {
		t.Fatal(err)
	}
	if _, _, err := tracing.Start(ctx, tracing.Settings{Enabled: true, Protocol: "carrier-pigeon"}); err == nil {
		t.Error("an unknown protocol was accepted")
	}
	for _, protocol := range []string{"", "grpc"} {
		t.Setenv("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:1")
		tp, stop, err := tracing.Start(ctx, tracing.Settings{Enabled: true, Protocol: protocol, ServiceName: "test"})
		if err != nil {
			t.Fatalf("%q: %v", protocol, err)
		}
		_, span := tp.Tracer("test").Start(ctx, "x")
		if !span.IsRecording() || !span.SpanContext().IsValid() {
			t.Errorf("%q: the span does not record", protocol)
		}
		span.End()
		sctx, cancel := context.WithTimeout(ctx, 2*time.Second)
		_ = stop(sctx) // the collector is not there
		cancel()
	}
}

func TestParentRoundTrip(t *testing.T) {
	ctx := context.Background()
	if p := tracing.Parent(ctx); p != "" {
		t.Errorf("no span: %q", p)
	}
	if got := tracing.WithParent(ctx, "not a traceparent"); trace.SpanContextFromContext(got).IsValid() {
		t.Error("an invalid traceparent gave a span context")
	}
	const tp = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"
	if got := tracing.Parent(tracing.WithParent(ctx, tp)); got != tp {
		t.Errorf("round trip: %q", got)
	}
}

// BenchmarkParentOutsideTrace is what outbox.Add pays per message with
// traces off.
func BenchmarkParentOutsideTrace(b *testing.B) {
	ctx := context.WithValue(context.Background(), benchKey{}, 1)
	b.ReportAllocs()
	for b.Loop() {
		if tracing.Parent(ctx) != "" {
			b.Fatal("a traceparent outside a trace")
		}
	}
}

type benchKey struct{}
