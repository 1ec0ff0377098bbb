package httpapi

import (
	"crypto/sha256"
	"slices"
	"strings"
	"sync"
	"time"
)

// signInThrottle limits sign-in attempts. An attempt is counted in the
// same step that checks the limits, before its password is hashed, so
// attempts sent in parallel cannot pass a limit together; a success takes
// its attempt back. Three limits apply:
//
//   - per account and address: 5 in 15 minutes — the lockout;
//   - per address, whatever the accounts: 20 in 15 minutes;
//   - per account, from anywhere: 30 an hour. That is more than one address
//     can reach under its own limit (20 an hour), so a stranger alone
//     cannot lock an account, and it does not apply from an address the
//     account signed in from within 30 days, so that not even many
//     strangers together lock its holder out.
//
// An address that has no account is treated exactly like one that has,
// so the answers reveal nothing about which accounts exist.
type signInThrottle struct {
	pair, address, account limitRule
	// knownFor is how long a successful sign-in makes its address known.
	knownFor time.Duration
	now      func() time.Time

	mu       sync.Mutex
	attempts *bounded[[]time.Time] // by limitRule.prefix + key
	known    *bounded[time.Time]   // account+address -> last success
}

// limitRule is "at most limit attempts in window".
type limitRule struct {
	prefix string
	limit  int
	window time.Duration
}

// counted is a key counted under a rule.
type counted struct {
	rule limitRule
	key  string
}

// maxThrottled bounds the keys the throttle tracks; past it, the least
// recently used is forgotten.
const maxThrottled = 100_000

func newSignInThrottle(now func() time.Time) *signInThrottle {
	return &signInThrottle{
		pair:     limitRule{"pair:", 5, 15 * time.Minute},
		address:  limitRule{"address:", 20, 15 * time.Minute},
		account:  limitRule{"account:", 30, time.Hour},
		knownFor: 30 * 24 * time.Hour,
		now:      now,
		attempts: newBounded[[]time.Time](maxThrottled),
		known:    newBounded[time.Time](maxThrottled),
	}
}

// signInAttempt is a counted attempt, to take back when it succeeds.
type signInAttempt struct {
	account, addr string
	at            time.Time
}

// accountKey is what the throttle counts an account by: a hash of the
// address as typed, trimmed and in lower case — the same size whatever a
// client sends as its address (a megabyte of it would otherwise be kept
// per attempt), and no address held in memory.
func accountKey(email string) string {
	h := sha256.Sum256([]byte(strings.ToLower(strings.TrimSpace(email))))
	return string(h[:])
}

func pairKey(account, addr string) string { return account + "\x00" + addr }

// attempt counts an attempt to sign in as email from addr, unless a limit
// refuses it: then nothing is counted and wait says how long until it
// would not.
func (s *signInThrottle) attempt(email, addr string) (a signInAttempt, wait time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	account := accountKey(email)
	all := []counted{{s.pair, pairKey(account, addr)}, {s.address, addr}, {s.account, account}}
	checks := all
	if seen, ok := s.known.get(pairKey(account, addr)); ok && now.Sub(seen) <= s.knownFor {
		checks = all[:2] // the account's global limit spares its known addresses
	}
	for _, c := range checks {
		if recent := s.recent(c.rule, c.key, now); len(recent) >= c.rule.limit {
			wait = max(wait, recent[len(recent)-c.rule.limit].Add(c.rule.window).Sub(now))
		}
	}
	if wait > 0 {
		return signInAttempt{}, wait
	}
	for _, c := range all {
		recent := append(s.recent(c.rule, c.key, now), now)
		// Only the latest limit attempts decide a wait.
		s.attempts.put(c.rule.prefix+c.key, recent[max(0, len(recent)-c.rule.limit):])
	}
	return signInAttempt{account: account, addr: addr, at: now}, 0
}

// succeeded takes a successful attempt back: the account and address
// counts lose it, the account+address count is cleared, and the address
// becomes known for the account.
func (s *signInThrottle) succeeded(a signInAttempt) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.attempts.delete(s.pair.prefix + pairKey(a.account, a.addr))
	s.takeBack(s.address, a.addr, a.at)
	s.takeBack(s.account, a.account, a.at)
	s.known.put(pairKey(a.account, a.addr), s.now())
}

// abandoned takes back an attempt whose password was never checked.
func (s *signInThrottle) abandoned(a signInAttempt) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.takeBack(s.pair, pairKey(a.account, a.addr), a.at)
	s.takeBack(s.address, a.addr, a.at)
	s.takeBack(s.account, a.account, a.at)
}

func (s *signInThrottle) takeBack(rule limitRule, key string, at time.Time) {
	ts, ok := s.attempts.get(rule.prefix + key)
	if !ok {
		return
	}
	if i := slices.IndexFunc(ts, at.Equal); i >= 0 {
		ts = slices.Delete(slices.Clone(ts), i, i+1)
	}
	if len(ts) == 0 {
		s.attempts.delete(rule.prefix + key)
		return
	}
	s.attempts.put(rule.prefix+key, ts)
}

// recent returns the attempts under key within the rule's window.
func (s *signInThrottle) recent(rule limitRule, key string, now time.Time) []time.Time {
	ts, _ := s.attempts.get(rule.prefix + key)
	i := 0
	for i < len(ts) && now.Sub(ts[i]) >= rule.window {
		i++
	}
	return ts[i:]
}
