package sqlite

import (
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// writerMetrics observe each group commit.
type writerMetrics struct {
	duration, size prometheus.Observer
}

func (m *writerMetrics) observe(took time.Duration, calls int) {
	m.duration.Observe(took.Seconds())
	m.size.Observe(float64(calls))
}

// RegisterMetrics registers the writer's metrics with reg and observes
// every commit of InTx from then on: plein_sqlite_tx_duration_seconds,
// how long a group commit's transaction took from its start to its
// durable commit, and plein_sqlite_group_size, how many InTx calls it
// committed together. Call it once.
func (db *DB) RegisterMetrics(reg prometheus.Registerer) error {
	duration := prometheus.NewHistogram(prometheus.HistogramOpts{
		Name:    "plein_sqlite_tx_duration_seconds",
		Help:    "Time from the start of a group commit's transaction to its durable commit.",
		Buckets: []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5},
	})
	size := prometheus.NewHistogram(prometheus.HistogramOpts{
		Name:    "plein_sqlite_group_size",
		Help:    "Transactions (InTx calls) committed together by one group commit.",
		Buckets: prometheus.ExponentialBuckets(1, 2, 8), // 1 … maxBatch
	})
	for _, c := range []prometheus.Collector{duration, size} {
		if err := reg.Register(c); err != nil {
			return err
		}
	}
	db.w.metrics.Store(&writerMetrics{duration: duration, size: size})
	return nil
}
