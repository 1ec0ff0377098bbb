package inbox_test

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"

	"plein.dev/platform/inbox"
	"plein.dev/platform/messaging"
	"plein.dev/platform/testkit"
)

// The pending count is what the consumer holds unapplied, read from
// JetStream; every delivery after the first is counted as a redelivery.
func TestMetricsPendingAndRedeliveries(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	srv := testkit.NATS(t)
	_, js := testkit.Conn(t, srv.ClientURL())
	db := testkit.DB(t, migrations)
	log := testkit.Logger(t)
	if _, err := messaging.EnsureStream(ctx, js, "events", 1); err != nil {
		t.Fatal(err)
	}
	spec := inbox.Spec{Stream: "events", Durable: "registrations"}
	// A fresh Metrics for every reading: one keeps its reading a few
	// seconds.
	pending := func() float64 {
		t.Helper()
		m := inbox.NewMetrics(js, []inbox.Spec{spec}, log)
		if n := testutil.CollectAndCount(m, "plein_consumer_pending"); n != 1 {
			t.Fatalf("%d pending series, want 1", n)
		}
		reg := prometheus.NewPedanticRegistry()
		reg.MustRegister(m)
		mfs, err := reg.Gather()
		if err != nil {
			t.Fatal(err)
		}
		for _, mf := range mfs {
			if mf.GetName() == "plein_consumer_pending" {
				return mf.GetMetric()[0].GetGauge().GetValue()
			}
		}
		return -1
	}

	gate := make(chan struct{})
	var flaky atomic.Int32
	h := func(ctx context.Context, tx *sqlx.Tx, m inbox.Message) error {
		<-gate
		if string(m.Data) == "flaky" && flaky.Add(1) < 3 {
			return errNotYet
		}
		return record(ctx, tx, m)
	}
	publish(t, js, "plein.events.event.updated", "m1", "event:a", "1", "one")
	publish(t, js, "plein.events.event.updated", "m2", "event:b", "1", "flaky")
	publish(t, js, "plein.events.event.updated", "m3", "event:a", "2", "two")

	metrics := inbox.NewMetrics(js, []inbox.Spec{spec}, log)
	spec.Redeliveries = metrics.Redeliveries(spec.Durable)
	declared := make(chan struct{})
	spec.Declared = func() { close(declared) }
	runCtx, stop := context.WithCancel(ctx)
	ran := make(chan error, 1)
	go func() { ran <- inbox.Run(runCtx, js, db, spec, h, log) }()
	<-declared
	// Delivered or not, none is applied while the handler waits.
	if n := pending(); n != 3 {
		t.Errorf("pending while the handler waits = %v, want 3", n)
	}
	close(gate)
	waitEffects(ctx, t, db, "[one two flaky]")
	stop()
	if err := <-ran; err != nil {
		t.Fatal(err)
	}
	if n := pending(); n != 0 {
		t.Errorf("pending once applied = %v, want 0", n)
	}
	if n := testutil.ToFloat64(spec.Redeliveries); n != 2 {
		t.Errorf("redeliveries = %v, want 2 (the flaky message's second and third)", n)
	}
}
