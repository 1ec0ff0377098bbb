package httpapi

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"plein.dev/gateway/internal/accounts"
	"plein.dev/gateway/internal/clientaddr"
	"plein.dev/gateway/migrations"
	"plein.dev/platform/testkit"
)

func TestLimiterPerAddress(t *testing.T) {
	now := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	l := newLimiter(3, func() time.Time { return now })
	h := l.limit(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusCreated) }))
	do := func(addr string) *httptest.ResponseRecorder {
		r := httptest.NewRequest("POST", "/api/v1/events/e/registrations", nil)
		r.RemoteAddr = addr
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		return w
	}
	for i := range 3 {
		if w := do("192.0.2.1:4000"); w.Code != http.StatusCreated {
			t.Fatalf("request %d: %d", i, w.Code)
		}
	}
	w := do("192.0.2.1:4001")
	if w.Code != http.StatusTooManyRequests || w.Header().Get("Retry-After") != "20" {
		t.Fatalf("fourth request: %d, Retry-After %q; want 429 after 20 s", w.Code, w.Header().Get("Retry-After"))
	}
	if w := do("198.51.100.7:4000"); w.Code != http.StatusCreated {
		t.Fatalf("another address: %d", w.Code)
	}
	now = now.Add(20 * time.Second)
	if w := do("192.0.2.1:4000"); w.Code != http.StatusCreated {
		t.Fatalf("after 20 s: %d", w.Code)
	}
	if w := do("192.0.2.1:4000"); w.Code != http.StatusTooManyRequests {
		t.Fatalf("again right after: %d", w.Code)
	}
}

func TestLimiterOff(t *testing.T) {
	l := newLimiter(0, time.Now)
	h := l.limit(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusCreated) }))
	for range 100 {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, httptest.NewRequest("POST", "/", nil))
		if w.Code != http.StatusCreated {
			t.Fatalf("limit 0 refused a request: %d", w.Code)
		}
	}
}

// TestLimiterForgetsBeyondItsCap: however many addresses are tried, the
// limiter tracks at most its cap, forgetting the one seen least recently.
func TestLimiterForgetsBeyondItsCap(t *testing.T) {
	now := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	l := newLimiter(1, func() time.Time { return now })
	l.clients.max = 3
	for i := range 1000 {
		l.allow(fmt.Sprintf("2001:db8:%x::/64", i))
		if n := l.clients.len(); n > 3 {
			t.Fatalf("after %d addresses the limiter tracks %d", i+1, n)
		}
	}
	// The most recent ones are still limited; the oldest was forgotten.
	if ok, _ := l.allow("2001:db8:3e7::/64"); ok {
		t.Error("the latest address is no longer limited")
	}
	if ok, _ := l.allow("2001:db8:0::/64"); !ok {
		t.Error("the first address is still tracked")
	}
}

// TestClientsBehindATrustedProxy: behind a proxy in PLEIN_TRUSTED_PROXIES
// each client has its own registration limit, named by X-Forwarded-For; a
// client talking directly cannot pick another address with the header;
// addresses of one IPv6 /64 share a limit.
func TestClientsBehindATrustedProxy(t *testing.T) {
	t.Parallel()
	trusted, err := clientaddr.ParsePrefixes("10.0.0.0/8")
	if err != nil {
		t.Fatal(err)
	}
	db := testkit.DB(t, migrations.FS)
	accts, err := accounts.New(db, time.Now, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	backend := &recordingBackend{}
	srv, err := New(context.Background(), Options{Accounts: accts, Log: testkit.Logger(t), RegistrationRate: 1,
		TrustedProxies: trusted,
		Backends:       Backends{Events: backend, Registrations: backend, Ambassadors: backend, Notifications: backend}})
	if err != nil {
		t.Fatal(err)
	}
	register := func(peer, forwardedFor string) int {
		r := httptest.NewRequest(http.MethodPost, "/api/v1/events/e1/registrations",
			strings.NewReader(`{"name":"Anna","email":"anna@example.nl","consent":true}`))
		r.RemoteAddr = peer
		if forwardedFor != "" {
			r.Header.Set("X-Forwarded-For", forwardedFor)
		}
		r.Header.Set("Content-Type", "application/json")
		w := httptest.NewRecorder()
		srv.ServeHTTP(w, r)
		return w.Code
	}
	for _, tc := range []struct {
		peer, xff string
		want      int
	}{
		{"10.0.0.1:1000", "203.0.113.1", 201},
		{"10.0.0.1:1001", "203.0.113.2", 201},               // another client of the same proxy
		{"10.0.0.2:1000", "198.51.100.9, 203.0.113.1", 429}, // the first again, through another proxy
		{"192.0.2.7:1000", "203.0.113.3", 201},              // a direct client...
		{"192.0.2.7:1001", "203.0.113.4", 429},              // ...cannot pass for another
		{"[2001:db8:1:2::1]:1000", "", 201},                 // IPv6
		{"[2001:db8:1:2:ffff::9]:1000", "", 429},            // the same /64
		{"[2001:db8:1:3::1]:1000", "", 201},                 // another /64
		{"10.0.0.1:1002", "[2001:db8:1:2::77]:5555", 429},   // the same /64, forwarded
	} {
		if got := register(tc.peer, tc.xff); got != tc.want {
			t.Errorf("from %s for %q: %d, want %d", tc.peer, tc.xff, got, tc.want)
		}
	}
}
