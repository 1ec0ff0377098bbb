package httpapi

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/grpc-ecosystem/grpc-gateway/v2/runtime"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"plein.dev/gateway/internal/httplog"
	"plein.dev/gateway/internal/httptrace"
)

// metrics counts requests and their latencies per route.
type metrics struct {
	registry *prometheus.Registry
	requests *prometheus.CounterVec
	latency  *prometheus.HistogramVec
	// served is what /metrics serves: registry and, if set, more.
	served prometheus.Gatherer
}

func newMetrics(more prometheus.Gatherer) *metrics {
	m := &metrics{
		registry: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "plein_http_requests_total",
			Help: "HTTP requests answered, by method, route and status.",
		}, []string{"method", "route", "code"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "plein_http_request_duration_seconds",
			Help:    "Time to answer an HTTP request, by method and route.",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5},
		}, []string{"method", "route"}),
	}
	m.registry.MustRegister(m.requests, m.latency,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	m.served = m.registry
	if more != nil {
		m.served = prometheus.Gatherers{m.registry, more}
	}
	return m
}

// handler serves the metrics; a gathering error (a series reported twice)
// fails the scrape, so that it is noticed.
func (m *metrics) handler() http.Handler {
	return promhttp.HandlerFor(m.served, promhttp.HandlerOpts{Registry: m.registry})
}

// routeLabel holds the route pattern a request was served by; the router
// that matches it fills it in.
type routeLabel struct{ pattern string }

type routeKey struct{}

// recordRoute names the route of a services' path, e.g.
// /api/v1/events/{event_id}, from the context grpc-gateway gives its answer
// and error handlers.
func recordRoute(ctx context.Context) {
	if rt, ok := ctx.Value(routeKey{}).(*routeLabel); ok {
		if p, ok := runtime.HTTPPathPattern(ctx); ok {
			rt.pattern = p
		}
	}
}

// observe wraps the whole API: it counts each request under its route,
// which mux names unless grpc-gateway already has.
func (m *metrics) observe(mux *http.ServeMux, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rt := &routeLabel{}
		rec := &httplog.Recorder{ResponseWriter: w}
		next.ServeHTTP(rec, r.WithContext(context.WithValue(r.Context(), routeKey{}, rt)))
		if rt.pattern == "" {
			if _, p := mux.Handler(r); p != "" && p != "/" && p != "/api/v1/" {
				rt.pattern = p
			} else {
				rt.pattern = "unmatched"
			}
		}
		httptrace.Route(r, rt.pattern)
		status := rec.Status
		if status == 0 {
			status = http.StatusOK
		}
		m.requests.WithLabelValues(r.Method, rt.pattern, strconv.Itoa(status)).Inc()
		m.latency.WithLabelValues(r.Method, rt.pattern).Observe(time.Since(start).Seconds())
	})
}

// Metrics is what /metrics serves, for a process that serves it on its
// metrics address too.
func (s *Server) Metrics() prometheus.Gatherer { return s.metrics.served }
