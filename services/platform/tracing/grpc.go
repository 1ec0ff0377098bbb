package tracing

import (
	"go.opentelemetry.io/contrib/instrumentation/google.golang.org/grpc/otelgrpc"
	metricnoop "go.opentelemetry.io/otel/metric/noop"
	"go.opentelemetry.io/otel/trace"
	"google.golang.org/grpc"
)

// ServerOption makes a gRPC server start a span for every call, the child
// of the caller's span its metadata carries (otelgrpc). With tp nil it adds
// nothing, so a server without traces pays nothing per call.
func ServerOption(tp trace.TracerProvider) grpc.ServerOption {
	if tp == nil {
		return grpc.EmptyServerOption{}
	}
	return grpc.StatsHandler(otelgrpc.NewServerHandler(options(tp)...))
}

// DialOption makes a gRPC client start a span for every call and send its
// context in the call's metadata (otelgrpc). With tp nil it adds nothing.
func DialOption(tp trace.TracerProvider) grpc.DialOption {
	if tp == nil {
		return grpc.EmptyDialOption{}
	}
	return grpc.WithStatsHandler(otelgrpc.NewClientHandler(options(tp)...))
}

// options: our provider and propagator, never the global ones; no
// OpenTelemetry metrics (the services' metrics are Prometheus').
func options(tp trace.TracerProvider) []otelgrpc.Option {
	return []otelgrpc.Option{
		otelgrpc.WithTracerProvider(tp),
		otelgrpc.WithPropagators(Propagator),
		otelgrpc.WithMeterProvider(metricnoop.NewMeterProvider()),
	}
}
