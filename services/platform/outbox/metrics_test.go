package outbox_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"

	"plein.dev/platform/outbox"
	"plein.dev/platform/testkit"
)

func TestCollectorReportsTheBacklogAndItsAge(t *testing.T) {
	db := testkit.DB(t, nil)
	c := outbox.NewCollector(db, testkit.Logger(t))
	gauge := func(name string) float64 {
		t.Helper()
		reg := prometheus.NewPedanticRegistry()
		reg.MustRegister(c)
		mfs, err := reg.Gather()
		if err != nil {
			t.Fatal(err)
		}
		for _, mf := range mfs {
			if mf.GetName() == name {
				return mf.GetMetric()[0].GetGauge().GetValue()
			}
		}
		t.Fatalf("%s not collected", name)
		return 0
	}
	empty := `
# HELP plein_outbox_backlog Outbox messages written and not yet published.
# TYPE plein_outbox_backlog gauge
plein_outbox_backlog 0
# HELP plein_outbox_oldest_age_seconds Age of the oldest outbox message not yet published; 0 when none waits.
# TYPE plein_outbox_oldest_age_seconds gauge
plein_outbox_oldest_age_seconds 0
`
	if err := testutil.CollectAndCompare(c, strings.NewReader(empty)); err != nil {
		t.Error(err)
	}

	add(t, db, outbox.Message{Subject: "plein.events.event.published"})
	time.Sleep(100 * time.Millisecond)
	add(t, db, outbox.Message{Subject: "plein.events.event.published"})
	if n := gauge("plein_outbox_backlog"); n != 2 {
		t.Errorf("backlog = %v, want 2", n)
	}
	// The first message's age, not the last's.
	if age := gauge("plein_outbox_oldest_age_seconds"); age < 0.1 || age > 30 {
		t.Errorf("oldest age = %v s, want at least 0.1 s", age)
	}

	if err := db.InTx(context.Background(), func(tx *sqlx.Tx) error {
		_, err := tx.Exec(`DELETE FROM outbox`)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if err := testutil.CollectAndCompare(c, strings.NewReader(empty)); err != nil {
		t.Errorf("after publishing: %v", err)
	}
}
