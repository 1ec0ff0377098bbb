package grpcserver

import (
	"context"

	"github.com/prometheus/client_golang/prometheus"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/stats"
	"google.golang.org/grpc/status"
)

// Metrics counts and times the calls a server answers:
// plein_grpc_server_requests_total{method,code} and
// plein_grpc_server_request_duration_seconds{method}. It is a
// stats.Handler (grpc.StatsHandler), so it sees every call's final status,
// whatever the interceptors did: a validation refusal, a recovered panic
// (Internal).
type Metrics struct {
	requests *prometheus.CounterVec
	duration *prometheus.HistogramVec
	// methods holds each registered method's series, filled by Prepare
	// before the server serves and only read afterwards.
	methods map[string]*methodMetrics
	unknown *methodMetrics
}

// methodMetrics are one method's series, looked up once per call.
type methodMetrics struct {
	name     string
	ok       prometheus.Counter
	duration prometheus.Observer
}

// unknownMethod is the method label of calls to methods the server does
// not have, so that a client cannot make up label values.
const unknownMethod = "unknown"

// DurationBuckets are the histogram buckets of the call durations, in
// seconds.
var DurationBuckets = []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10}

// NewMetrics registers a server's call metrics with reg.
func NewMetrics(reg prometheus.Registerer) (*Metrics, error) {
	m := &Metrics{
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "plein_grpc_server_requests_total",
			Help: "gRPC calls answered, by method and status code.",
		}, []string{"method", "code"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "plein_grpc_server_request_duration_seconds",
			Help:    "Time to answer a gRPC call, by method.",
			Buckets: DurationBuckets,
		}, []string{"method"}),
		methods: map[string]*methodMetrics{},
	}
	for _, c := range []prometheus.Collector{m.requests, m.duration} {
		if err := reg.Register(c); err != nil {
			return nil, err
		}
	}
	m.unknown = m.series(unknownMethod)
	return m, nil
}

// Prepare creates the series of every method registered on s, so that each
// is scraped (at zero) before its first call and a call finds its series
// without a lock. Call it after registering the services, before serving.
func (m *Metrics) Prepare(s *grpc.Server) {
	for svc, info := range s.GetServiceInfo() {
		for _, meth := range info.Methods {
			name := "/" + svc + "/" + meth.Name
			m.methods[name] = m.series(name)
		}
	}
}

func (m *Metrics) series(method string) *methodMetrics {
	return &methodMetrics{
		name:     method,
		ok:       m.requests.WithLabelValues(method, codes.OK.String()),
		duration: m.duration.WithLabelValues(method),
	}
}

type methodKey struct{}

// TagRPC finds the call's series.
func (m *Metrics) TagRPC(ctx context.Context, info *stats.RPCTagInfo) context.Context {
	mm, ok := m.methods[info.FullMethodName]
	if !ok {
		mm = m.unknown
	}
	return context.WithValue(ctx, methodKey{}, mm)
}

// HandleRPC counts and times a call when it ends.
func (m *Metrics) HandleRPC(ctx context.Context, s stats.RPCStats) {
	end, ok := s.(*stats.End)
	if !ok || end.Client {
		return
	}
	mm, ok := ctx.Value(methodKey{}).(*methodMetrics)
	if !ok {
		return
	}
	mm.duration.Observe(end.EndTime.Sub(end.BeginTime).Seconds())
	if end.Error == nil {
		mm.ok.Inc()
		return
	}
	m.requests.WithLabelValues(mm.name, status.Code(end.Error).String()).Inc()
}

// TagConn is part of stats.Handler; connections are not measured.
func (m *Metrics) TagConn(ctx context.Context, _ *stats.ConnTagInfo) context.Context { return ctx }

// HandleConn is part of stats.Handler; connections are not measured.
func (m *Metrics) HandleConn(context.Context, stats.ConnStats) {}

var _ stats.Handler = (*Metrics)(nil)
