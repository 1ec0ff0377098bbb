package service

import (
	"fmt"
	"log/slog"

	"github.com/nats-io/nats.go/jetstream"
	"github.com/prometheus/client_golang/prometheus"

	"plein.dev/platform/deadletters"
	"plein.dev/platform/grpcserver"
	"plein.dev/platform/inbox"
	"plein.dev/platform/metrics"
	"plein.dev/platform/outbox"
	"plein.dev/platform/sqlite"
)

// instruments are a service's metrics, every one labelled with the
// service's name: its gRPC calls, its database's group commits, its
// outbox, its consumers, and — when it reports on its own — its dead
// letters.
type instruments struct {
	// reg registers with the service label.
	reg prometheus.Registerer
	// own: the service has a registry of its own (Spec.Metrics unset).
	own       bool
	calls     *grpcserver.Metrics
	consumers *inbox.Metrics
	server    *metrics.Server
}

// newInstruments registers the metrics of the service's database, outbox
// and gRPC calls, and serves them on spec.MetricsAddr when the service has
// a registry of its own and that is set.
func newInstruments(spec Spec, db *sqlite.DB, log *slog.Logger) (*instruments, error) {
	base := spec.Metrics
	var own *prometheus.Registry
	if base == nil {
		own = metrics.ProcessRegistry()
		base = own
	}
	in := &instruments{reg: prometheus.WrapRegistererWith(prometheus.Labels{"service": spec.Name}, base), own: own != nil}
	if err := db.RegisterMetrics(in.reg); err != nil {
		return nil, fmt.Errorf("metrics: %w", err)
	}
	if err := in.reg.Register(outbox.NewCollector(db, log)); err != nil {
		return nil, fmt.Errorf("metrics: %w", err)
	}
	calls, err := grpcserver.NewMetrics(in.reg)
	if err != nil {
		return nil, fmt.Errorf("metrics: %w", err)
	}
	in.calls = calls
	if own != nil && spec.MetricsAddr != "" {
		if in.server, err = metrics.Serve(spec.MetricsAddr, own, log); err != nil {
			return nil, err
		}
		log.Info("serving metrics", "addr", in.server.Addr().String())
	}
	return in, nil
}

// watch registers the metrics of the service's consumers.
func (in *instruments) watch(js jetstream.JetStream, consumers []Consumer, log *slog.Logger) error {
	specs := make([]inbox.Spec, len(consumers))
	for i, c := range consumers {
		specs[i] = inbox.Spec{Stream: c.Stream, Durable: c.Durable}
	}
	in.consumers = inbox.NewMetrics(js, specs, log)
	if err := in.reg.Register(in.consumers); err != nil {
		return fmt.Errorf("metrics: %w", err)
	}
	return nil
}

// deadLetters registers the collector of the service's dead letters when
// the service reports on its own; in a process that gathers several
// services' metrics (the all-in-one) the gateway reports them all.
func (in *instruments) deadLetters(s *deadletters.Server) error {
	if !in.own {
		return nil
	}
	if err := in.reg.Register(s.Collector()); err != nil {
		return fmt.Errorf("metrics: %w", err)
	}
	return nil
}

// close stops serving the metrics.
func (in *instruments) close(log *slog.Logger) {
	if in.server == nil {
		return
	}
	if err := in.server.Close(); err != nil {
		log.Warn("stop serving metrics", "err", err)
	}
}
