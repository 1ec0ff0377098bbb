package gateway

import (
	"fmt"
	"log/slog"

	"github.com/prometheus/client_golang/prometheus"

	"plein.dev/platform/metrics"
	"plein.dev/platform/outbox"
	"plein.dev/platform/sqlite"
)

// metricsOf returns the metrics the gateway serves beside its API's
// (requests, dead letters, the process's): its database's group commits and
// its outbox, labelled service="gateway", and the services' of the same
// process, if any (Config.ServiceMetrics).
func metricsOf(cfg Config, db *sqlite.DB, log *slog.Logger) (prometheus.Gatherer, error) {
	own := prometheus.NewRegistry()
	reg := prometheus.WrapRegistererWith(prometheus.Labels{"service": "gateway"}, own)
	if err := db.RegisterMetrics(reg); err != nil {
		return nil, fmt.Errorf("metrics: %w", err)
	}
	if err := reg.Register(outbox.NewCollector(db, log)); err != nil {
		return nil, fmt.Errorf("metrics: %w", err)
	}
	if cfg.ServiceMetrics == nil {
		return own, nil
	}
	return prometheus.Gatherers{own, cfg.ServiceMetrics}, nil
}

// serveMetrics serves g on cfg.MetricsAddr, if set; stop stops it.
func serveMetrics(cfg Config, g prometheus.Gatherer, log *slog.Logger) (stop func(), err error) {
	if cfg.MetricsAddr == "" {
		return func() {}, nil
	}
	s, err := metrics.Serve(cfg.MetricsAddr, g, log)
	if err != nil {
		return nil, err
	}
	log.Info("serving metrics", "addr", s.Addr().String())
	return func() {
		if err := s.Close(); err != nil {
			log.Warn("stop serving metrics", "err", err)
		}
	}, nil
}
