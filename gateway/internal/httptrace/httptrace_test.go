package httptrace_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"go.opentelemetry.io/otel/codes"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"plein.dev/gateway/internal/httptrace"
)

func TestSpanPerRequest(t *testing.T) {
	exp := tracetest.NewInMemoryExporter()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSyncer(exp))
	mux := http.NewServeMux()
	mux.HandleFunc("GET /aanmelding/{registrationId}", func(w http.ResponseWriter, r *http.Request) {})
	mux.HandleFunc("POST /boom", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusBadGateway) })
	h := httptrace.Middleware(tp, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mux.ServeHTTP(w, r)
		httptrace.Route(r, r.Pattern)
	}))

	tests := []struct {
		method, target string
		wantName       string
		wantStatus     int64
		wantError      bool
	}{
		{"GET", "/aanmelding/0193abc?token=secret-token", "GET /aanmelding/{registrationId}", 200, false},
		{"POST", "/boom", "POST /boom", 502, true},
		{"GET", "/no/such/page?token=secret-token", "GET", 404, false},
		{"BREW", "/aanmelding/1", "_OTHER", 405, false},
	}
	for _, tt := range tests {
		t.Run(tt.method+" "+tt.target, func(t *testing.T) {
			exp.Reset()
			r := httptest.NewRequest(tt.method, tt.target, nil)
			// A client's trace context is not continued: the gateway is
			// the edge.
			r.Header.Set("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")
			h.ServeHTTP(httptest.NewRecorder(), r)
			spans := exp.GetSpans()
			if len(spans) != 1 {
				t.Fatalf("%d spans", len(spans))
			}
			s := spans[0]
			if s.Name != tt.wantName {
				t.Errorf("name %q, want %q", s.Name, tt.wantName)
			}
			if s.Parent.IsValid() || s.SpanContext.TraceID().String() == "0af7651916cd43dd8448eb211c80319c" {
				t.Error("the client's trace context was continued")
			}
			if (s.Status.Code == codes.Error) != tt.wantError {
				t.Errorf("status %v", s.Status)
			}
			var status int64
			for _, kv := range s.Attributes {
				if kv.Key == "http.response.status_code" {
					status = kv.Value.AsInt64()
				}
				if v := kv.Value.String(); strings.Contains(v, "token") || strings.Contains(v, "0193abc") {
					t.Errorf("attribute %s=%q", kv.Key, v)
				}
			}
			if status != tt.wantStatus {
				t.Errorf("status code %d, want %d", status, tt.wantStatus)
			}
		})
	}
}

// TestOffIsNext: without a provider the middleware is next itself, so
// that a request costs nothing more.
func TestOffIsNext(t *testing.T) {
	next := &plain{}
	if h := httptrace.Middleware(nil, next); h != http.Handler(next) {
		t.Fatalf("got %T, want next", h)
	}
}

type plain struct{}

func (*plain) ServeHTTP(http.ResponseWriter, *http.Request) {}
