package httpapi

import (
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
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
