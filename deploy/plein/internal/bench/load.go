package bench

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
)

// Summary is what one load phase measured.
type Summary struct {
	OK        int     `json:"ok"`
	Failed    int     `json:"failed"`
	Seconds   float64 `json:"seconds"`
	PerSecond float64 `json:"perSecond"`
	P50Ms     float64 `json:"p50Ms"`
	P99Ms     float64 `json:"p99Ms"`
	MaxMs     float64 `json:"maxMs"`
	// Failures counts failed requests by HTTP status ("409") or "transport".
	Failures map[string]int `json:"failures,omitempty"`
}

// request does the seq-th request of worker; nil means it succeeded.
type request func(ctx context.Context, worker, seq int) error

// load is how many clients send requests back to back, for how long or
// how many requests in all (whichever is set).
type load struct {
	clients  int
	duration time.Duration
	count    int
}

// statusError is an unexpected HTTP status.
type statusError struct {
	code int
	body string
}

func (e *statusError) Error() string { return fmt.Sprintf("HTTP %d: %s", e.code, e.body) }

// runLoad drives do with l.clients concurrent workers. Requests started before
// the end are finished and counted; none is cancelled half-way.
func runLoad(ctx context.Context, l load, do request) Summary {
	var (
		claimed  atomic.Int64
		wg       sync.WaitGroup
		mu       sync.Mutex
		lat      []time.Duration
		failures = map[string]int{}
	)
	start := time.Now()
	end := start.Add(l.duration)
	more := func() (int, bool) {
		if ctx.Err() != nil {
			return 0, false
		}
		if l.count > 0 {
			n := claimed.Add(1)
			return int(n - 1), n <= int64(l.count)
		}
		return int(claimed.Add(1) - 1), time.Now().Before(end)
	}
	for w := range l.clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var mine []time.Duration
			fails := map[string]int{}
			for {
				seq, ok := more()
				if !ok {
					break
				}
				t0 := time.Now()
				err := do(context.WithoutCancel(ctx), w, seq)
				if err != nil {
					fails[failureKey(err)]++
					continue
				}
				mine = append(mine, time.Since(t0))
			}
			mu.Lock()
			defer mu.Unlock()
			lat = append(lat, mine...)
			for k, n := range fails {
				failures[k] += n
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	s := summarise(lat, elapsed)
	for _, n := range failures {
		s.Failed += n
	}
	if s.Failed > 0 {
		s.Failures = failures
	}
	return s
}

func failureKey(err error) string {
	var se *statusError
	if errors.As(err, &se) {
		return strconv.Itoa(se.code)
	}
	return "transport"
}

func summarise(lat []time.Duration, elapsed time.Duration) Summary {
	slices.Sort(lat)
	s := Summary{OK: len(lat), Seconds: round(elapsed.Seconds(), 3)}
	if elapsed > 0 {
		s.PerSecond = round(float64(len(lat))/elapsed.Seconds(), 1)
	}
	if len(lat) > 0 {
		s.P50Ms = ms(percentile(lat, 50))
		s.P99Ms = ms(percentile(lat, 99))
		s.MaxMs = ms(lat[len(lat)-1])
	}
	return s
}

// percentile returns the nearest-rank p-th percentile of sorted.
func percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := int(math.Ceil(p/100*float64(len(sorted)))) - 1
	return sorted[min(max(i, 0), len(sorted)-1)]
}

func ms(d time.Duration) float64 { return round(float64(d)/float64(time.Millisecond), 2) }

func round(x float64, digits int) float64 {
	p := math.Pow(10, float64(digits))
	return math.Round(x*p) / p
}
