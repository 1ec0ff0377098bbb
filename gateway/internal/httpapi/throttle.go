package httpapi

import (
	"strings"
	"sync"
	"time"
)

// signInThrottle counts failed sign-ins per account and per client address
// within a window. It treats an address that has no account exactly like
// one that has, so its answers reveal nothing about which accounts exist.
type signInThrottle struct {
	window     time.Duration
	perAccount int
	perAddress int
	now        func() time.Time

	mu       sync.Mutex
	failures map[string][]time.Time
}

func newSignInThrottle(now func() time.Time) *signInThrottle {
	return &signInThrottle{window: 15 * time.Minute, perAccount: 5, perAddress: 20, now: now,
		failures: map[string][]time.Time{}}
}

func accountKey(email string) string { return "account:" + strings.ToLower(strings.TrimSpace(email)) }
func addressKey(addr string) string  { return "address:" + addr }

// blocked reports whether a sign-in for email from addr must wait, and how
// long.
func (s *signInThrottle) blocked(email, addr string) (bool, time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	var wait time.Duration
	for key, limit := range map[string]int{accountKey(email): s.perAccount, addressKey(addr): s.perAddress} {
		recent := s.recent(key, now)
		if len(recent) >= limit {
			wait = max(wait, recent[len(recent)-limit].Add(s.window).Sub(now))
		}
	}
	return wait > 0, wait
}

// failed records a failed sign-in.
func (s *signInThrottle) failed(email, addr string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	for _, key := range []string{accountKey(email), addressKey(addr)} {
		s.failures[key] = append(s.recent(key, now), now)
	}
	if len(s.failures) > 100_000 {
		s.sweep(now)
	}
}

// succeeded forgets the account's failures; the address keeps its own.
func (s *signInThrottle) succeeded(email string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.failures, accountKey(email))
}

func (s *signInThrottle) recent(key string, now time.Time) []time.Time {
	ts := s.failures[key]
	i := 0
	for i < len(ts) && now.Sub(ts[i]) >= s.window {
		i++
	}
	if i == len(ts) {
		delete(s.failures, key)
		return nil
	}
	return ts[i:]
}

func (s *signInThrottle) sweep(now time.Time) {
	for key := range s.failures {
		s.recent(key, now)
	}
}
