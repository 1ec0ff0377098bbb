package app

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"plein.dev/notifications/internal/delivery"
	"plein.dev/notifications/internal/store"
)

// mailMetrics count what became of the attempts to send.
type mailMetrics struct {
	sent, failed prometheus.Counter
}

// RegisterMetrics registers the e-mail metrics with reg, and counts every
// attempt from then on: plein_mail_queue, the e-mails waiting to be sent
// (read at each scrape), and plein_mail_sent_total{result}, the attempts
// that handed an e-mail over ("sent") or failed ("failed": each failed
// attempt, the retried ones too, so that a mail server that refuses shows
// at once and not a day later, when the e-mails are given up). Call it
// before the delivery loop runs.
func (s *App) RegisterMetrics(reg prometheus.Registerer) error {
	attempts := prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "plein_mail_sent_total",
		Help: `Attempts to send an e-mail, by result: "sent" (handed to the mail server) or "failed".`,
	}, []string{"result"})
	queue := &queueCollector{app: s, desc: prometheus.NewDesc("plein_mail_queue", "E-mails waiting to be sent.", nil, nil)}
	for _, c := range []prometheus.Collector{attempts, queue} {
		if err := reg.Register(c); err != nil {
			return err
		}
	}
	s.metrics = &mailMetrics{sent: attempts.WithLabelValues("sent"), failed: attempts.WithLabelValues("failed")}
	return nil
}

// countOutcome counts one recorded attempt; one not tried is not counted.
func (s *App) countOutcome(err error) {
	switch m := s.metrics; {
	case m == nil || errors.Is(err, delivery.ErrNotTried):
	case err == nil:
		m.sent.Inc()
	default:
		m.failed.Inc()
	}
}

// queueCollector reads the length of the mail queue at each scrape.
type queueCollector struct {
	app  *App
	desc *prometheus.Desc
}

func (c *queueCollector) Describe(ch chan<- *prometheus.Desc) { ch <- c.desc }

func (c *queueCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	n, err := store.QueueLength(ctx, c.app.db.R)
	if err != nil {
		c.app.log.Warn("read the mail queue for metrics", slog.Any("err", err))
		return
	}
	ch <- prometheus.MustNewConstMetric(c.desc, prometheus.GaugeValue, float64(n))
}
