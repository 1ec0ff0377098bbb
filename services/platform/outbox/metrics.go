package outbox

import (
	"context"
	"log/slog"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"plein.dev/platform/sqlite"
)

// Collector reports db's outbox at each scrape: plein_outbox_backlog, the
// messages written and not yet published, and
// plein_outbox_oldest_age_seconds, how long the oldest of them has waited
// (0 when none waits). Rows leave the outbox once published, so the table
// is small while the relay keeps up and both are read cheaply (a count and
// the first row by primary key).
type Collector struct {
	db     *sqlite.DB
	log    *slog.Logger
	now    func() time.Time
	count  *prometheus.Desc
	oldest *prometheus.Desc
}

// NewCollector returns the collector of db's outbox.
func NewCollector(db *sqlite.DB, log *slog.Logger) *Collector {
	return &Collector{db: db, log: log, now: time.Now,
		count:  prometheus.NewDesc("plein_outbox_backlog", "Outbox messages written and not yet published.", nil, nil),
		oldest: prometheus.NewDesc("plein_outbox_oldest_age_seconds", "Age of the oldest outbox message not yet published; 0 when none waits.", nil, nil),
	}
}

// scrapeTimeout bounds the query of one scrape.
const scrapeTimeout = 2 * time.Second

const backlogSQL = `SELECT (SELECT count(*) FROM outbox), coalesce((SELECT created_at FROM outbox ORDER BY seq LIMIT 1), 0)`

// Describe is part of prometheus.Collector.
func (c *Collector) Describe(ch chan<- *prometheus.Desc) {
	ch <- c.count
	ch <- c.oldest
}

// Collect is part of prometheus.Collector. A failed query leaves both out
// of the scrape (and is logged).
func (c *Collector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), scrapeTimeout)
	defer cancel()
	var n, created int64
	if err := c.db.R.QueryRowContext(ctx, backlogSQL).Scan(&n, &created); err != nil {
		c.log.Warn("read the outbox backlog for metrics", slog.Any("err", err))
		return
	}
	age := 0.0
	if n > 0 {
		age = max(c.now().Sub(time.UnixMilli(created)).Seconds(), 0)
	}
	ch <- prometheus.MustNewConstMetric(c.count, prometheus.GaugeValue, float64(n))
	ch <- prometheus.MustNewConstMetric(c.oldest, prometheus.GaugeValue, age)
}
