package idempotency

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"plein.dev/gateway/migrations"
	"plein.dev/platform/testkit"
)

// newTestStore returns a Store on a fresh gateway database.
func newTestStore(t *testing.T) *Store {
	t.Helper()
	return New(testkit.DB(t, migrations.FS), testkit.Logger(t), time.Now)
}

func problem(w http.ResponseWriter, status int, detail string) {
	w.Header().Set("Content-Type", "application/problem+json")
	w.WriteHeader(status)
	fmt.Fprintf(w, `{"status":%d,"detail":%q}`, status, detail)
}

func anyone(*http.Request) string { return "addr:192.0.2.1" }

// send posts body with key to h.
func send(h http.Handler, key, body string) *httptest.ResponseRecorder {
	r := httptest.NewRequest(http.MethodPost, "/api/v1/events/e1/registrations", strings.NewReader(body))
	r.Header.Set(Header, key)
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

// TestOnlyFinalAnswersAreKept: the first answer under a key is replayed
// when it is final (2xx, an ordinary 4xx); a temporary one (408, 425, 429,
// 499, 5xx) gives the key up, so that sending it again acts.
func TestOnlyFinalAnswersAreKept(t *testing.T) {
	t.Parallel()
	s := newTestStore(t)
	for _, tc := range []struct {
		first int
		kept  bool
	}{
		{http.StatusCreated, true},
		{http.StatusOK, true},
		{http.StatusNoContent, true},
		{http.StatusBadRequest, true},
		{http.StatusNotFound, true},
		{http.StatusConflict, true},
		{http.StatusUnprocessableEntity, true},
		{http.StatusRequestTimeout, false},
		{http.StatusTooEarly, false},
		{http.StatusTooManyRequests, false},
		{499, false},
		{http.StatusInternalServerError, false},
		{http.StatusServiceUnavailable, false},
		{http.StatusGatewayTimeout, false},
	} {
		t.Run(fmt.Sprint(tc.first), func(t *testing.T) {
			t.Parallel()
			var calls atomic.Int32
			h := s.Middleware(anyone, problem, http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
				if calls.Add(1) == 1 {
					problem(w, tc.first, "first")
					return
				}
				w.WriteHeader(http.StatusCreated)
				_, _ = w.Write([]byte(`{"id":"r1"}`))
			}))
			key := fmt.Sprintf("key-%d", tc.first)
			if w := send(h, key, `{}`); w.Code != tc.first {
				t.Fatalf("first answer %d", w.Code)
			}
			w := send(h, key, `{}`)
			want := http.StatusCreated
			if tc.kept {
				want = tc.first
			}
			if w.Code != want {
				t.Fatalf("again: %d, want %d (%s)", w.Code, want, w.Body)
			}
			if replayed := w.Header().Get("Idempotent-Replayed") == "true"; replayed != tc.kept {
				t.Errorf("replayed %v, want %v", replayed, tc.kept)
			}
		})
	}
}

// TestPanicGivesTheKeyUp: a handler that panics leaves no answer behind —
// neither a pending claim nor "200, empty body" — and the panic goes on to
// the caller's recovery.
func TestPanicGivesTheKeyUp(t *testing.T) {
	t.Parallel()
	s := newTestStore(t)
	var calls atomic.Int32
	h := s.Middleware(anyone, problem, http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		if calls.Add(1) == 1 {
			panic("boom")
		}
		w.WriteHeader(http.StatusCreated)
	}))
	func() {
		defer func() {
			if p := recover(); p != "boom" {
				t.Errorf("recovered %v, want the handler's panic", p)
			}
		}()
		send(h, "k", `{}`)
	}()
	if w := send(h, "k", `{}`); w.Code != http.StatusCreated || w.Header().Get("Idempotent-Replayed") != "" {
		t.Fatalf("after the panic: %d, replayed %q; want the handler to run again", w.Code, w.Header().Get("Idempotent-Replayed"))
	}
	if calls.Load() != 2 {
		t.Fatalf("handler ran %d times", calls.Load())
	}
}

// TestReplayRepeatsTheHeaders: a replay carries the first answer's
// Location, ETag, Retry-After, Content-Type and API-Version, and marks
// itself as a replay.
func TestReplayRepeatsTheHeaders(t *testing.T) {
	t.Parallel()
	s := newTestStore(t)
	want := map[string]string{
		"Content-Type":     "application/json",
		"Content-Language": "nl",
		"Location":         "/api/v1/registrations/r1",
		"ETag":             `"v3"`,
		"Retry-After":      "30",
		"API-Version":      "1.0.0",
	}
	var claimed bool
	h := s.Middleware(anyone, problem, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		claimed = Claimed(r.Context())
		for k, v := range want {
			w.Header().Set(k, v)
		}
		w.Header().Set("Set-Cookie", "not=replayed")
		w.WriteHeader(http.StatusAccepted)
		_, _ = w.Write([]byte(`{"id":"r1"}`))
	}))
	send(h, "k", `{"a":1}`)
	if !claimed {
		t.Error("the handler's context does not say its key was claimed")
	}
	w := send(h, "k", `{"a":1}`)
	if w.Code != http.StatusAccepted || w.Body.String() != `{"id":"r1"}` || w.Header().Get("Idempotent-Replayed") != "true" {
		t.Fatalf("replay %d %q %v", w.Code, w.Body, w.Header())
	}
	for k, v := range want {
		if got := w.Header().Get(k); got != v {
			t.Errorf("replayed %s %q, want %q", k, got, v)
		}
	}
	if got := w.Header().Get("Set-Cookie"); got != "" {
		t.Errorf("replayed Set-Cookie %q", got)
	}
	if w := send(h, "k", `{"a":2}`); w.Code != http.StatusUnprocessableEntity {
		t.Errorf("another body under the key: %d, want 422", w.Code)
	}
}
