package sqlite_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/prometheus/client_golang/prometheus"
	dto "github.com/prometheus/client_model/go"

	"plein.dev/platform/testkit"
)

// One group commit is observed once, with the calls it committed; a batch
// whose every call failed commits nothing and is not observed.
func TestMetricsObserveEachGroupCommit(t *testing.T) {
	t.Parallel()
	db := testkit.DB(t, migrations)
	db.SetBatchLimits(1000, time.Hour)
	reg := prometheus.NewRegistry()
	if err := db.RegisterMetrics(reg); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()

	release := hold(t, db)
	results := []<-chan error{
		queue(t, db, ctx, insert("a")),
		queue(t, db, ctx, insert("b")),
		queue(t, db, ctx, func(*sqlx.Tx) error { return errors.New("refused") }),
	}
	if err := release(); err != nil {
		t.Fatal(err)
	}
	for _, r := range results {
		<-r
	}
	if err := db.InTx(ctx, func(*sqlx.Tx) error { return errors.New("refused") }); err == nil {
		t.Fatal("a failing call succeeded")
	}

	size, took := histograms(t, reg)
	if size.GetSampleCount() != 1 || size.GetSampleSum() != 3 {
		t.Errorf("group size: %d commits holding %v calls, want 1 holding 3 (gate, a, b)", size.GetSampleCount(), size.GetSampleSum())
	}
	if took.GetSampleCount() != 1 || took.GetSampleSum() <= 0 {
		t.Errorf("transaction time: %d observations summing %v s, want 1 above 0", took.GetSampleCount(), took.GetSampleSum())
	}
}

func histograms(t *testing.T, reg *prometheus.Registry) (size, took *dto.Histogram) {
	t.Helper()
	mfs, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, mf := range mfs {
		switch mf.GetName() {
		case "plein_sqlite_group_size":
			size = mf.GetMetric()[0].GetHistogram()
		case "plein_sqlite_tx_duration_seconds":
			took = mf.GetMetric()[0].GetHistogram()
		}
	}
	if size == nil || took == nil {
		t.Fatalf("metrics missing: %v", mfs)
	}
	return size, took
}

// BenchmarkInTx measures one InTx call (one insert, committed alone) with
// and without the writer's metrics.
func BenchmarkInTx(b *testing.B) {
	for _, measured := range []bool{false, true} {
		name := "plain"
		if measured {
			name = "metrics"
		}
		b.Run(name, func(b *testing.B) {
			db := testkit.DB(b, migrations)
			if measured {
				if err := db.RegisterMetrics(prometheus.NewRegistry()); err != nil {
					b.Fatal(err)
				}
			}
			ctx := context.Background()
			b.ReportAllocs()
			for b.Loop() {
				if err := db.InTx(ctx, func(tx *sqlx.Tx) error {
					_, err := tx.Exec(`INSERT INTO items (name) VALUES (hex(randomblob(8)))`)
					return err
				}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
