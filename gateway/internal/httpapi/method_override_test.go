package httpapi

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestNoMethodFallbacks: grpc-gateway can take a form POST for the GET of
// the same path and honour X-HTTP-Method-Override. Both would let an
// anonymous POST reach a route whose access the gateway checks by method
// (issue 14, defect 2); neither reaches a service.
func TestNoMethodFallbacks(t *testing.T) {
	t.Parallel()
	backend := &recordingBackend{}
	srv, _ := newTestServer(t, backend)
	cases := []struct {
		name, path, override string
	}{
		{"form POST to an organiser's GET", "/api/v1/rooms/r1/bookings", ""},
		{"form POST overridden to GET", "/api/v1/rooms/r1/bookings", http.MethodGet},
		{"form POST overridden to PATCH", "/api/v1/events/e1", http.MethodPatch},
	}
	for _, c := range cases {
		r := httptest.NewRequest(http.MethodPost, c.path, strings.NewReader("{}"))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		if c.override != "" {
			r.Header.Set("X-HTTP-Method-Override", c.override)
		}
		w := httptest.NewRecorder()
		srv.ServeHTTP(w, r)
		if calls := backend.take(); len(calls) > 0 || w.Code < 400 {
			t.Errorf("%s: %d, reached %v; want a refusal and no call", c.name, w.Code, calls)
		}
	}
}
