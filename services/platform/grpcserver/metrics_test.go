package grpcserver_test

import (
	"context"
	"net"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/emptypb"
	"google.golang.org/protobuf/types/known/wrapperspb"

	"plein.dev/platform/grpcserver"
	"plein.dev/platform/testkit"
)

// startMeasured serves the test service with call metrics registered in
// reg (none when reg is nil), and returns a client connection.
func startMeasured(t testing.TB, reg *prometheus.Registry) *grpc.ClientConn {
	t.Helper()
	var opts []grpc.ServerOption
	var m *grpcserver.Metrics
	if reg != nil {
		var err error
		if m, err = grpcserver.NewMetrics(reg); err != nil {
			t.Fatal(err)
		}
		opts = append(opts, grpc.StatsHandler(m))
	}
	s, _ := grpcserver.New(testkit.Logger(t), opts...)
	s.RegisterService(&desc, impl{})
	if m != nil {
		m.Prepare(s)
	}
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- grpcserver.Serve(ctx, s, lis, time.Second) }()
	t.Cleanup(func() {
		cancel()
		if err := <-served; err != nil {
			t.Errorf("Serve = %v", err)
		}
	})
	conn, err := grpc.NewClient(lis.Addr().String(), grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	return conn
}

func TestMetricsCountEveryCallByMethodAndCode(t *testing.T) {
	reg := prometheus.NewRegistry()
	conn := startMeasured(t, reg)
	const whoAmI, panics = "/plein.test.v1.Test/WhoAmI", "/plein.test.v1.Test/Panic"
	requests := func(method, code string) float64 {
		t.Helper()
		return gathered(t, reg, "plein_grpc_server_requests_total", map[string]string{"method": method, "code": code})
	}
	// Every method is there before its first call.
	if got := requests(panics, "OK"); got != 0 {
		t.Errorf("Panic OK before any call = %v, want 0", got)
	}

	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	for range 2 {
		if err := conn.Invoke(ctx, whoAmI, &emptypb.Empty{}, new(wrapperspb.StringValue)); err != nil {
			t.Fatal(err)
		}
	}
	if err := conn.Invoke(ctx, panics, &emptypb.Empty{}, &emptypb.Empty{}); status.Code(err) != codes.Internal {
		t.Fatalf("Panic = %v, want Internal", err)
	}

	if got := requests(whoAmI, "OK"); got != 2 {
		t.Errorf("WhoAmI OK = %v, want 2", got)
	}
	// The recovered panic is counted with the code the caller got.
	if got := requests(panics, "Internal"); got != 1 {
		t.Errorf("Panic Internal = %v, want 1", got)
	}
	if got := gathered(t, reg, "plein_grpc_server_request_duration_seconds", map[string]string{"method": whoAmI}); got != 2 {
		t.Errorf("WhoAmI durations observed = %v, want 2", got)
	}
	if n, err := testutil.GatherAndCount(reg, "plein_grpc_server_requests_total"); err != nil || n < 4 {
		// WhoAmI OK, Panic OK, Panic Internal, unknown OK, and the
		// health and reflection methods.
		t.Errorf("requests series = %d, %v", n, err)
	}
}

// gathered returns the value of the series of name with labels in reg (a
// histogram's count), or -1 when there is none.
func gathered(t testing.TB, reg prometheus.Gatherer, name string, labels map[string]string) float64 {
	t.Helper()
	mfs, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, mf := range mfs {
		if mf.GetName() != name {
			continue
		}
	metrics:
		for _, m := range mf.GetMetric() {
			for _, lp := range m.GetLabel() {
				if want, ok := labels[lp.GetName()]; ok && want != lp.GetValue() {
					continue metrics
				}
			}
			switch {
			case m.GetCounter() != nil:
				return m.GetCounter().GetValue()
			case m.GetHistogram() != nil:
				return float64(m.GetHistogram().GetSampleCount())
			case m.GetGauge() != nil:
				return m.GetGauge().GetValue()
			}
		}
	}
	return -1
}

// BenchmarkCall measures a unary call over loopback with and without the
// call metrics.
func BenchmarkCall(b *testing.B) {
	for _, measured := range []bool{false, true} {
		name := "plain"
		if measured {
			name = "metrics"
		}
		b.Run(name, func(b *testing.B) {
			var reg *prometheus.Registry
			if measured {
				reg = prometheus.NewRegistry()
			}
			conn := startMeasured(b, reg)
			ctx := context.Background()
			out := new(wrapperspb.StringValue)
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				if err := conn.Invoke(ctx, "/plein.test.v1.Test/WhoAmI", &emptypb.Empty{}, out); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
