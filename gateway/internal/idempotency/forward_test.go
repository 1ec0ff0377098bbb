package idempotency

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"google.golang.org/grpc"
	"google.golang.org/grpc/metadata"

	"plein.dev/platform/requestkey"
)

// TestForwardKey: every call a claimed request makes carries the request
// key; the same caller, key and request give the same one, the key reused
// for another request or by another caller another; a request without a
// key sends none.
func TestForwardKey(t *testing.T) {
	t.Parallel()
	s := newTestStore(t)
	// sent calls ForwardKey as a service client would and returns the
	// request key the call carried.
	var sent string
	call := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		invoker := func(ctx context.Context, _ string, _, _ any, _ *grpc.ClientConn, _ ...grpc.CallOption) error {
			md, _ := metadata.FromOutgoingContext(ctx)
			sent = requestkey.FromIncoming(metadata.NewIncomingContext(ctx, md))
			return nil
		}
		if err := ForwardKey(r.Context(), "/svc/Method", nil, nil, nil, invoker); err != nil {
			t.Error(err)
		}
		w.WriteHeader(http.StatusInternalServerError) // not kept: the key may be sent again
	})
	scoped := func(scope string) http.Handler {
		return s.Middleware(func(*http.Request) string { return scope }, problem, call)
	}
	send(scoped("addr:192.0.2.1"), "k1", `{}`)
	first := sent
	if len(first) != 64 {
		t.Fatalf("request key %q, want 64 hex digits", first)
	}
	send(scoped("addr:192.0.2.1"), "k1", `{}`)
	if sent != first {
		t.Errorf("the same caller and key sent %q, then %q", first, sent)
	}
	send(scoped("addr:192.0.2.1"), "k1", `{"email":"other@example.nl"}`)
	if sent == first || sent == "" {
		t.Errorf("the key reused for another body sent %q, want another key", sent)
	}
	send(scoped("user:u2"), "k1", `{}`)
	if sent == first || sent == "" {
		t.Errorf("another caller's same key sent %q, want another key", sent)
	}
	r := httptest.NewRequest(http.MethodPost, "/api/v1/events", strings.NewReader(`{}`))
	scoped("addr:192.0.2.1").ServeHTTP(httptest.NewRecorder(), r)
	if sent != "" {
		t.Errorf("a request without Idempotency-Key sent %q", sent)
	}
}
