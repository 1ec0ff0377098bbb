// Package metrics serves a process's Prometheus metrics on the address
// PLEIN_METRICS_ADDR names, at /metrics. Each part of Plein registers its
// metrics in a registry of its own (never the global one); a process
// serves the registries of the parts it runs.
package metrics

import (
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// ProcessRegistry returns a registry holding the Go runtime's and the
// process's metrics (go_*, process_*), which a process reports once
// whatever parts it runs.
func ProcessRegistry() *prometheus.Registry {
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return reg
}

// Handler answers a scrape with the metrics of g. A gathering error (two
// parts reporting the same series) fails the scrape with 500, so that it
// is noticed rather than half-reported.
func Handler(g prometheus.Gatherer, log *slog.Logger) http.Handler {
	return promhttp.HandlerFor(g, promhttp.HandlerOpts{
		ErrorLog: slog.NewLogLogger(log.Handler(), slog.LevelError),
	})
}

// Server serves /metrics.
type Server struct {
	srv    *http.Server
	lis    net.Listener
	served chan error
}

// Serve serves the metrics of g at /metrics on addr.
func Serve(addr string, g prometheus.Gatherer, log *slog.Logger) (*Server, error) {
	lis, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("metrics: listen on %s: %w", addr, err)
	}
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", Handler(g, log))
	s := &Server{
		srv: &http.Server{
			Handler:           mux,
			ReadHeaderTimeout: 10 * time.Second,
			WriteTimeout:      30 * time.Second,
			ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
		},
		lis:    lis,
		served: make(chan error, 1),
	}
	go func() { s.served <- s.srv.Serve(lis) }()
	return s, nil
}

// Addr is the address the metrics are served on.
func (s *Server) Addr() net.Addr { return s.lis.Addr() }

// Close stops serving; a scrape in progress is cut short.
func (s *Server) Close() error {
	err := s.srv.Close()
	if serr := <-s.served; !errors.Is(serr, http.ErrServerClosed) {
		err = errors.Join(err, serr)
	}
	return err
}
