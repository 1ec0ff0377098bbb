package httpapi

import (
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"
	"strings"

	"plein.dev/gateway/internal/httplog"
)

// APIVersion is sent with every response.
const APIVersion = "1.0.0"

// maxBody caps request bodies.
const maxBody = 1 << 20

// headers sets the headers every response carries and refuses paths with a
// trailing slash.
func headers(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("API-Version", APIVersion)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "no-referrer")
		if strings.HasPrefix(r.URL.Path, "/api/") {
			h.Set("Cache-Control", "no-store")
		} else {
			h.Set("Content-Security-Policy", "default-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'")
		}
		if r.URL.Path != "/" && strings.HasSuffix(r.URL.Path, "/") {
			writeProblem(w, newProblem(http.StatusNotFound, "no such path"))
			return
		}
		if r.Body != nil {
			r.Body = http.MaxBytesReader(w, r.Body, maxBody)
		}
		next.ServeHTTP(w, r)
	})
}

// recoverPanics answers a handler's panic with a 500 problem, logged with
// its stack, instead of a dropped connection. When the answer had already
// begun, the connection is cut so that the client cannot take it for whole.
func recoverPanics(log *slog.Logger, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := &httplog.Recorder{ResponseWriter: w}
		defer func() {
			p := recover()
			if p == nil || p == http.ErrAbortHandler {
				if p != nil {
					panic(p)
				}
				return
			}
			log.ErrorContext(r.Context(), "panic", "method", r.Method, "path", r.URL.Path,
				"panic", fmt.Sprint(p), "stack", string(debug.Stack()))
			if rec.Status != 0 {
				panic(http.ErrAbortHandler)
			}
			writeProblem(rec, newProblem(http.StatusInternalServerError, "something went wrong on our side"))
		}()
		next.ServeHTTP(rec, r)
	})
}
