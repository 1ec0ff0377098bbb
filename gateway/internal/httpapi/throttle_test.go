package httpapi

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"plein.dev/gateway/internal/accounts"
	"plein.dev/gateway/migrations"
	"plein.dev/platform/testkit"
)

func TestSignInThrottle(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	s := newSignInThrottle(func() time.Time { return now })
	for i := range 5 {
		if _, wait := s.attempt("Anna@example.nl", "192.0.2.1"); wait > 0 {
			t.Fatalf("attempt %d refused", i+1)
		}
		now = now.Add(time.Minute)
	}
	// Locked for this account from this address, in any spelling...
	if _, wait := s.attempt(" ANNA@example.nl", "192.0.2.1"); wait != 10*time.Minute {
		t.Fatalf("a sixth attempt: wait %v, want 10m", wait)
	}
	// ...but not from another address, nor for another account.
	if _, wait := s.attempt("anna@example.nl", "198.51.100.9"); wait > 0 {
		t.Fatal("the account is locked from another address")
	}
	if _, wait := s.attempt("bram@example.nl", "192.0.2.1"); wait > 0 {
		t.Fatal("another account is locked")
	}
	now = now.Add(10 * time.Minute)
	if _, wait := s.attempt("anna@example.nl", "192.0.2.1"); wait > 0 {
		t.Fatal("still locked after the window")
	}

	// Twenty attempts from one address on different accounts block the
	// address.
	for i := range 20 {
		if _, wait := s.attempt(fmt.Sprintf("%d@example.nl", i), "203.0.113.5"); wait > 0 {
			t.Fatalf("attempt %d from the address refused", i+1)
		}
	}
	if _, wait := s.attempt("new@example.nl", "203.0.113.5"); wait == 0 {
		t.Fatal("address not blocked after twenty attempts")
	}
	if _, wait := s.attempt("new@example.nl", "203.0.113.6"); wait > 0 {
		t.Fatal("another address blocked")
	}

	// A success takes its attempt back.
	for range 4 {
		s.attempt("cas@example.nl", "192.0.2.44")
	}
	a, _ := s.attempt("cas@example.nl", "192.0.2.44")
	s.succeeded(a)
	for i := range 5 {
		if _, wait := s.attempt("cas@example.nl", "192.0.2.44"); wait > 0 {
			t.Fatalf("after a success, attempt %d refused", i+1)
		}
	}
}

// TestStrangersCannotLockOutTheHolder: strangers trying a known account
// from many addresses trip its global limit for every unknown address, but
// not for the address its holder signs in from.
func TestStrangersCannotLockOutTheHolder(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	s := newSignInThrottle(func() time.Time { return now })
	a, _ := s.attempt("admin@example.nl", "192.0.2.1")
	s.succeeded(a)
	now = now.Add(time.Hour)

	// One stranger alone runs into its own limits, not the account's.
	for range 4 {
		for range 5 {
			s.attempt("admin@example.nl", "203.0.113.9")
		}
		now = now.Add(15 * time.Minute)
	}
	if _, wait := s.attempt("admin@example.nl", "198.51.100.1"); wait > 0 {
		t.Fatal("one stranger locked the account out for a new address")
	}
	// Many strangers together trip the account's limit...
	for i := range 8 {
		for range 5 {
			s.attempt("admin@example.nl", fmt.Sprintf("203.0.113.%d", 100+i))
		}
	}
	if _, wait := s.attempt("admin@example.nl", "198.51.100.2"); wait == 0 {
		t.Fatal("forty attempts in an hour from many addresses did not trip the account's limit")
	}
	// ...but its holder, from a known address, still signs in.
	if _, wait := s.attempt("admin@example.nl", "192.0.2.1"); wait > 0 {
		t.Fatalf("the holder is locked out for %v", wait)
	}
}

// TestSignInThrottleIsBounded: however many accounts and addresses are
// tried, the throttle tracks at most its cap of keys.
func TestSignInThrottleIsBounded(t *testing.T) {
	t.Parallel()
	s := newSignInThrottle(time.Now)
	s.attempts.max = 50
	for i := range 1000 {
		s.attempt(fmt.Sprintf("%d@example.nl", i), fmt.Sprintf("2001:db8:%x::/64", i))
		if n := s.attempts.len(); n > 50 {
			t.Fatalf("after %d attempts the throttle tracks %d keys", i+1, n)
		}
	}
}

// TestParallelSignInsPassNoLimit fires many wrong sign-ins for one account
// at once from one address: no more than the limit (5) get their password
// checked; the rest are refused 429 before hashing. (It failed before the
// attempt was counted ahead of the hash: all 30 were checked.)
func TestParallelSignInsPassNoLimit(t *testing.T) {
	t.Parallel()
	accts, err := accounts.New(testkit.DB(t, migrations.FS), time.Now, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := accts.Create(context.Background(), accounts.NewUser{Email: "admin@example.nl", Name: "Admin",
		Password: "a long enough password"}); err != nil {
		t.Fatal(err)
	}
	srv, err := New(context.Background(), Options{Accounts: accts, Log: testkit.Logger(t), Backends: Backends{
		Events: &recordingBackend{}, Registrations: &recordingBackend{}, Ambassadors: &recordingBackend{}, Notifications: &recordingBackend{}}})
	if err != nil {
		t.Fatal(err)
	}
	const n = 30
	codes := make(chan int, n)
	var wg sync.WaitGroup
	start := make(chan struct{})
	for range n {
		wg.Go(func() {
			<-start
			r := httptest.NewRequest(http.MethodPost, "/api/v1/sessions",
				strings.NewReader(`{"email":"admin@example.nl","password":"wrong guess"}`))
			r.RemoteAddr = "203.0.113.9:4000"
			r.Header.Set("Content-Type", "application/json")
			w := httptest.NewRecorder()
			srv.ServeHTTP(w, r)
			codes <- w.Code
		})
	}
	close(start)
	wg.Wait()
	close(codes)
	count := map[int]int{}
	for c := range codes {
		count[c]++
	}
	// A machine too busy to hash within a second answers some 503 (the
	// hash gate), which counts no attempt either.
	if count[http.StatusUnauthorized] > 5 ||
		count[http.StatusUnauthorized]+count[http.StatusTooManyRequests]+count[http.StatusServiceUnavailable] != n {
		t.Fatalf("answers %v: want at most 5 checked (401), the rest 429 (or 503)", count)
	}
}

// TestSignInThrottleKeepsNoAddress: what the throttle keeps of an attempt
// is the same size whatever address was sent — a megabyte of it is not
// kept — and holds no address in clear.
func TestSignInThrottleKeepsNoAddress(t *testing.T) {
	t.Parallel()
	s := newSignInThrottle(time.Now)
	huge := strings.Repeat("a", 1<<20) + "@example.nl"
	s.attempt(huge, "192.0.2.1")
	s.attempt("anna@example.nl", "192.0.2.1")
	for key := range s.attempts.items {
		if len(key) > 100 {
			t.Errorf("a key of %d bytes", len(key))
		}
		if strings.Contains(key, "example.nl") {
			t.Errorf("a key holds an address: %q", key)
		}
	}
}
