package inbox

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/nats-io/nats.go/jetstream"
	"github.com/prometheus/client_golang/prometheus"

	"plein.dev/platform/messaging"
)

// Metrics are a service's consumer metrics: plein_consumer_pending
// {consumer}, the messages a consumer has still to apply (JetStream's
// pending and unacknowledged counts, read at scrape time), and
// plein_consumer_redeliveries_total{consumer}, the messages delivered
// again after a failure or a lost acknowledgement. Consumers of several
// streams with one durable name are counted together, as their inbox and
// dead letters are.
type Metrics struct {
	js           jetstream.JetStream
	log          *slog.Logger
	consumers    []Spec
	pending      *prometheus.Desc
	redeliveries *prometheus.CounterVec

	// The last pending counts read, kept cacheFor: scrapes from
	// several Prometheus servers cost JetStream one request per
	// consumer between them.
	mu     sync.Mutex
	read   time.Time
	cached map[string]uint64
}

const (
	// infoTimeout bounds reading every consumer's info in one scrape.
	infoTimeout = 2 * time.Second
	cacheFor    = 5 * time.Second
)

// NewMetrics returns the metrics of the consumers in specs, read through js.
// Register it, and pass Redeliveries(durable) in each consumer's Spec.
func NewMetrics(js jetstream.JetStream, specs []Spec, log *slog.Logger) *Metrics {
	m := &Metrics{js: js, log: log, consumers: specs,
		pending: prometheus.NewDesc("plein_consumer_pending",
			"Messages a consumer has still to apply: pending in its stream plus delivered and not yet acknowledged.",
			[]string{"consumer"}, nil),
		redeliveries: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "plein_consumer_redeliveries_total",
			Help: "Messages delivered to a consumer again (after a failure, or an acknowledgement that did not arrive).",
		}, []string{"consumer"}),
	}
	for _, s := range specs {
		m.redeliveries.WithLabelValues(s.Durable) // at zero from the start
	}
	return m
}

// Redeliveries is the counter of durable's redelivered messages.
func (m *Metrics) Redeliveries(durable string) prometheus.Counter {
	return m.redeliveries.WithLabelValues(durable)
}

// Describe is part of prometheus.Collector.
func (m *Metrics) Describe(ch chan<- *prometheus.Desc) {
	ch <- m.pending
	m.redeliveries.Describe(ch)
}

// Collect is part of prometheus.Collector. A consumer whose info JetStream
// does not give within infoTimeout (NATS down, the consumer not declared
// yet) is left out of plein_consumer_pending for that scrape.
func (m *Metrics) Collect(ch chan<- prometheus.Metric) {
	for durable, n := range m.pendingCounts() {
		ch <- prometheus.MustNewConstMetric(m.pending, prometheus.GaugeValue, float64(n), durable)
	}
	m.redeliveries.Collect(ch)
}

func (m *Metrics) pendingCounts() map[string]uint64 {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.cached != nil && time.Since(m.read) < cacheFor {
		return m.cached
	}
	ctx, cancel := context.WithTimeout(context.Background(), infoTimeout)
	defer cancel()
	counts := map[string]uint64{}
	missing := map[string]bool{}
	for _, s := range m.consumers {
		c, err := m.js.Consumer(ctx, messaging.StreamName(s.Stream), s.Durable)
		if err != nil {
			m.log.Debug("read consumer info for metrics", slog.String("stream", s.Stream),
				slog.String("consumer", s.Durable), slog.Any("err", err))
			missing[s.Durable] = true
			continue
		}
		info := c.CachedInfo()
		counts[s.Durable] += info.NumPending + uint64(info.NumAckPending)
	}
	// A durable with a consumer unread is left out rather than reported
	// too low.
	for d := range missing {
		delete(counts, d)
	}
	m.cached, m.read = counts, time.Now()
	return counts
}
