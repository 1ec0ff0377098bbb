package app_test

import (
	"fmt"
	"sync"
	"sync/atomic"
	"testing"

	"plein.dev/registrations/internal/app"
)

// BenchmarkRegister registers attendees for one event from many goroutines,
// as the gRPC server's handlers do, through the group commit into a real
// SQLite file: what one registration costs the registrations service
// (ns/op is wall time per registration at the benchmark's parallelism).
// With -existing, the event holds that many registrations first.
func BenchmarkRegister(b *testing.B) {
	for _, existing := range []int{1000, 50000} {
		b.Run(fmt.Sprintf("existing=%d", existing), func(b *testing.B) {
			a, db := setup(b)
			ev := publish(b, a, db, "ev-bench", 10_000_000)
			var n atomic.Int64
			register := func() {
				i := n.Add(1)
				if _, _, err := a.Register(anon, app.RegisterRequest{EventID: ev.ID, Name: "Deelnemer",
					Email: fmt.Sprintf("d%d@example.nl", i), Organisation: "Bakkerij"}); err != nil {
					b.Fatal(err)
				}
			}
			fillParallel(existing, register)
			b.SetParallelism(32)
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					register()
				}
			})
		})
	}
}

// fillParallel calls register n times from 32 goroutines.
func fillParallel(n int, register func()) {
	var wg sync.WaitGroup
	var left atomic.Int64
	left.Store(int64(n))
	for range 32 {
		wg.Go(func() {
			for left.Add(-1) >= 0 {
				register()
			}
		})
	}
	wg.Wait()
}
