package httpapi

import (
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"plein.dev/gateway/internal/accounts"
	"plein.dev/gateway/internal/idempotency"
	"plein.dev/gateway/migrations"
	"plein.dev/platform/testkit"
)

// TestRateLimitedRequestKeepsItsKey: a registration refused by the rate
// limit (429) does not claim its Idempotency-Key, so the same request sent
// once the limit allows it is served, not answered 429 again for 24 hours.
func TestRateLimitedRequestKeepsItsKey(t *testing.T) {
	t.Parallel()
	db := testkit.DB(t, migrations.FS)
	accts, err := accounts.New(db, time.Now, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	backend := &recordingBackend{}
	srv, err := New(context.Background(), Options{Accounts: accts, Log: testkit.Logger(t), RegistrationRate: 1,
		Idempotency: idempotency.New(db, testkit.Logger(t), time.Now),
		Backends:    Backends{Events: backend, Registrations: backend, Ambassadors: backend, Notifications: backend}})
	if err != nil {
		t.Fatal(err)
	}
	token := bearer(t, accts, "org@example.nl", "organiser")
	register := func(addr, key string) *httptest.ResponseRecorder {
		r := httptest.NewRequest(http.MethodPost, "/api/v1/events/e1/registrations",
			strings.NewReader(`{"name":"Anna","email":"anna@example.nl","consent":true}`))
		r.RemoteAddr = addr
		r.Header.Set("Authorization", "Bearer "+token)
		r.Header.Set("Content-Type", "application/json")
		r.Header.Set(idempotency.Header, key)
		w := httptest.NewRecorder()
		srv.ServeHTTP(w, r)
		return w
	}
	if w := register("192.0.2.1:1000", "first"); w.Code != http.StatusCreated {
		t.Fatalf("first registration: %d %s", w.Code, w.Body)
	}
	w := register("192.0.2.1:1001", "second")
	if w.Code != http.StatusTooManyRequests || w.Header().Get("Retry-After") == "" {
		t.Fatalf("second from the same address: %d, Retry-After %q; want 429", w.Code, w.Header().Get("Retry-After"))
	}
	backend.take()
	// The same caller (the key's scope is the account) from an address
	// the limit allows.
	w = register("198.51.100.7:1000", "second")
	if w.Code != http.StatusCreated || w.Header().Get("Idempotent-Replayed") != "" {
		t.Fatalf("the refused request again: %d, replayed %q: %s", w.Code, w.Header().Get("Idempotent-Replayed"), w.Body)
	}
	if calls := backend.take(); len(calls) != 1 {
		t.Fatalf("the service got %v, want the registration once", calls)
	}
}

// TestPanicAnswers500: a handler's panic is answered as a 500 problem and
// logged; one that struck after the answer began cuts the connection.
func TestPanicAnswers500(t *testing.T) {
	t.Parallel()
	log := slog.New(slog.DiscardHandler)
	h := recoverPanics(log, http.HandlerFunc(func(http.ResponseWriter, *http.Request) { panic("boom") }))
	w := httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest(http.MethodPost, "/api/v1/x", nil))
	var p Problem
	if err := json.Unmarshal(w.Body.Bytes(), &p); err != nil || w.Code != http.StatusInternalServerError ||
		p.Status != http.StatusInternalServerError || w.Header().Get("Content-Type") != "application/problem+json" {
		t.Fatalf("%d %q %s (%v)", w.Code, w.Header().Get("Content-Type"), w.Body, err)
	}

	late := recoverPanics(log, http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(http.StatusCreated)
		panic("boom")
	}))
	defer func() {
		if p := recover(); p != http.ErrAbortHandler {
			t.Errorf("a panic after the answer began: recovered %v, want http.ErrAbortHandler", p)
		}
	}()
	late.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodPost, "/api/v1/x", nil))
}
