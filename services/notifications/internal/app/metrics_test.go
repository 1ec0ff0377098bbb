package app_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"
)

// The queue is counted at each scrape; every attempt is counted by its
// result, a retried failure as soon as it failed.
func TestMetricsCountTheQueueAndEachAttempt(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	c := &clock{t: time.Date(2026, 3, 3, 12, 0, 0, 0, time.UTC)}
	sender := &flakySender{errs: []error{refused}}
	a, db := newApp(t, c.now, sender)
	reg := prometheus.NewPedanticRegistry()
	if err := a.RegisterMetrics(reg); err != nil {
		t.Fatal(err)
	}
	want := func(queued, sent, failed string) {
		t.Helper()
		expected := `
# HELP plein_mail_queue E-mails waiting to be sent.
# TYPE plein_mail_queue gauge
plein_mail_queue ` + queued + `
# HELP plein_mail_sent_total Attempts to send an e-mail, by result: "sent" (handed to the mail server) or "failed".
# TYPE plein_mail_sent_total counter
plein_mail_sent_total{result="failed"} ` + failed + `
plein_mail_sent_total{result="sent"} ` + sent + `
`
		if err := testutil.GatherAndCompare(reg, strings.NewReader(expected)); err != nil {
			t.Error(err)
		}
	}
	want("0", "0", "0")
	queue(t, db, "e1", c.now())
	queue(t, db, "e2", c.now())
	want("2", "0", "0")

	if err := a.Deliver(ctx); err != nil {
		t.Fatal(err)
	}
	want("1", "1", "1")
	c.advance(time.Minute)
	if err := a.Deliver(ctx); err != nil {
		t.Fatal(err)
	}
	want("0", "2", "1")
}
