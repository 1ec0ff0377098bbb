// Package httptrace starts a span for every HTTP request the gateway
// serves, the root of the trace the request causes in the services.
//
// The span records the method, the route pattern (never the path as sent,
// nor the query string, which may hold a manage or link token), the status
// code, and nothing of the client: no address, no header. The gateway is
// the public edge, so a trace context a client sends is ignored: every
// request starts a trace of its own.
package httptrace

import (
	"net/http"
	"strings"

	"go.opentelemetry.io/otel/codes"
	semconv "go.opentelemetry.io/otel/semconv/v1.43.0"
	"go.opentelemetry.io/otel/trace"

	"plein.dev/gateway/internal/httplog"
)

// Middleware serves next within a span "<METHOD>", renamed
// "<METHOD> <route>" once the router names the route (Route). With tp nil
// it returns next: without traces a request costs nothing more.
func Middleware(tp trace.TracerProvider, next http.Handler) http.Handler {
	if tp == nil {
		return next
	}
	tracer := tp.Tracer("plein.dev/gateway")
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		method := methodOf(r)
		ctx, span := tracer.Start(r.Context(), method,
			trace.WithNewRoot(),
			trace.WithSpanKind(trace.SpanKindServer),
			trace.WithAttributes(semconv.HTTPRequestMethodKey.String(method)))
		defer span.End()
		rec := &httplog.Recorder{ResponseWriter: w}
		next.ServeHTTP(rec, r.WithContext(ctx))
		status := rec.Status
		if status == 0 {
			status = http.StatusOK
		}
		span.SetAttributes(semconv.HTTPResponseStatusCode(status))
		if status >= 500 {
			span.SetStatus(codes.Error, http.StatusText(status))
		}
	})
}

// Route names the span of r's request after the route that served it: a
// pattern such as "/api/v1/events/{event_id}" or, as http.ServeMux has
// them, "GET /evenementen/{eventId}". The catch-all "/" (no such page) and
// anything that is no path name nothing. It does nothing when the request
// is not traced.
func Route(r *http.Request, pattern string) {
	span := trace.SpanFromContext(r.Context())
	if !span.IsRecording() {
		return
	}
	if i := strings.IndexByte(pattern, ' '); i >= 0 {
		pattern = pattern[i+1:]
	}
	// A host in a ServeMux pattern is not part of the route.
	i := strings.IndexByte(pattern, '/')
	if i < 0 || pattern[i:] == "/" {
		return
	}
	pattern = pattern[i:]
	span.SetName(methodOf(r) + " " + pattern)
	span.SetAttributes(semconv.HTTPRoute(pattern))
}

// methodOf is the request's method, or "_OTHER" for one HTTP does not
// define (a client must not fill the traces with names of its choosing).
func methodOf(r *http.Request) string {
	switch r.Method {
	case http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch,
		http.MethodDelete, http.MethodOptions, http.MethodConnect, http.MethodTrace:
		return r.Method
	}
	return "_OTHER"
}
