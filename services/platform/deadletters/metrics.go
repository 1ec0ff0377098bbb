package deadletters

import (
	"context"
	"log/slog"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// Collector reports the service's dead letters at each scrape, by
// consumer: plein_dead_letters (waiting) and plein_dead_letters_total
// (ever given up). The gateway reports the same for every service over
// gRPC (CountDeadLetters); a service process with its own metrics address
// reports its own too, so they are there when the gateway is not. The
// all-in-one leaves this collector out: its gateway reports them.
func (s *Server) Collector() prometheus.Collector {
	labels := []string{"consumer"}
	return &collector{s: s,
		waiting: prometheus.NewDesc("plein_dead_letters", "Dead letters waiting for a retry, by consumer.", labels, nil),
		total:   prometheus.NewDesc("plein_dead_letters_total", "Messages a consumer gave up on (kept as dead letters), by consumer.", labels, nil),
	}
}

type collector struct {
	s              *Server
	waiting, total *prometheus.Desc
}

const scrapeTimeout = 2 * time.Second

func (c *collector) Describe(ch chan<- *prometheus.Desc) {
	ch <- c.waiting
	ch <- c.total
}

func (c *collector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), scrapeTimeout)
	defer cancel()
	counts, err := c.s.counts(ctx)
	if err != nil {
		c.s.log.Warn("count dead letters for metrics", slog.Any("err", err))
		return
	}
	for _, k := range counts {
		ch <- prometheus.MustNewConstMetric(c.waiting, prometheus.GaugeValue, float64(k.Waiting), k.Consumer)
		ch <- prometheus.MustNewConstMetric(c.total, prometheus.CounterValue, float64(k.Total), k.Consumer)
	}
}
