package bench

import (
	"context"
	"encoding/json"
	"errors"
	"sync"
	"testing"
	"time"
)

func TestPercentile(t *testing.T) {
	t.Parallel()
	var lat []time.Duration
	for i := 1; i <= 100; i++ {
		lat = append(lat, time.Duration(i)*time.Millisecond)
	}
	for _, c := range []struct {
		p    float64
		want time.Duration
	}{{50, 50 * time.Millisecond}, {99, 99 * time.Millisecond}, {100, 100 * time.Millisecond}, {0, time.Millisecond}} {
		if got := percentile(lat, c.p); got != c.want {
			t.Errorf("p%v = %v, want %v", c.p, got, c.want)
		}
	}
	if got := percentile(nil, 50); got != 0 {
		t.Errorf("p50 of nothing = %v", got)
	}
}

func TestRunLoadCountsEveryRequestOnce(t *testing.T) {
	t.Parallel()
	var (
		mu   sync.Mutex
		seen = map[[2]int]bool{}
	)
	s := runLoad(context.Background(), load{clients: 8, count: 500}, func(_ context.Context, w, seq int) error {
		mu.Lock()
		defer mu.Unlock()
		if seen[[2]int{w, seq}] {
			t.Errorf("request %d of worker %d twice", seq, w)
		}
		seen[[2]int{w, seq}] = true
		switch {
		case seq%100 == 7:
			return &statusError{code: 409}
		case seq%100 == 8:
			return errors.New("connection reset")
		}
		return nil
	})
	if s.OK+s.Failed != 500 || s.Failed != 10 {
		t.Errorf("ok %d, failed %d; want 490 and 10", s.OK, s.Failed)
	}
	if s.Failures["409"] != 5 || s.Failures["transport"] != 5 {
		t.Errorf("failures %v", s.Failures)
	}
}

func TestRunLoadStopsAfterDuration(t *testing.T) {
	t.Parallel()
	start := time.Now()
	s := runLoad(context.Background(), load{clients: 4, duration: 100 * time.Millisecond}, func(context.Context, int, int) error {
		time.Sleep(time.Millisecond)
		return nil
	})
	if took := time.Since(start); took > 5*time.Second || s.OK == 0 || s.PerSecond <= 0 {
		t.Errorf("took %v for %d requests (%v/s)", took, s.OK, s.PerSecond)
	}
}

func TestRegistrationBodies(t *testing.T) {
	t.Parallel()
	emails := map[string]bool{}
	for w := range 3 {
		for seq := range 3 {
			var body struct {
				Name    string `json:"name"`
				Email   string `json:"email"`
				Consent bool   `json:"consent"`
			}
			if err := json.Unmarshal(registrationBody("run1", w, seq), &body); err != nil {
				t.Fatal(err)
			}
			if body.Name == "" || !body.Consent || emails[body.Email] {
				t.Errorf("body %+v (emails so far %v)", body, emails)
			}
			emails[body.Email] = true
		}
	}
}

func TestProblems(t *testing.T) {
	t.Parallel()
	ok := Summary{OK: 10}
	r := &Results{
		Registration: Registration{Plein: ok, BareNormal: ok, BareFull: ok},
		Propagation:  Propagation{Samples: 3},
		Cost:         []Cost{{Existing: 10, Registrations: 5}, {Existing: 100, Registrations: 5}},
	}
	if p := r.Problems(); len(p) != 0 {
		t.Errorf("problems of a clean run: %v", p)
	}
	r.Registration.Plein = Summary{OK: 9, Failed: 1, Failures: map[string]int{"504": 1}}
	r.Propagation.TimedOut = 1
	if p := r.Problems(); len(p) != 2 {
		t.Errorf("problems %v, want the failed request and the timed-out probe", p)
	}
}
