// Package httplog is the gateway's one access log: a line per request with
// method, path (never the query string, which may hold a manage token, and
// no header), status, duration and the client address the rate limits
// count (clientaddr: the /64 of an IPv6 client). The API and the pages
// share it.
package httplog

import (
	"log/slog"
	"net/http"
	"time"

	"plein.dev/gateway/internal/clientaddr"
)

// Recorder remembers the status a handler wrote.
type Recorder struct {
	http.ResponseWriter
	Status int
}

// WriteHeader records the first status.
func (r *Recorder) WriteHeader(code int) {
	if r.Status == 0 {
		r.Status = code
	}
	r.ResponseWriter.WriteHeader(code)
}

// Write records 200 when nothing was written before.
func (r *Recorder) Write(b []byte) (int, error) {
	if r.Status == 0 {
		r.Status = http.StatusOK
	}
	return r.ResponseWriter.Write(b)
}

// Flush passes on to the writer when it flushes (server-sent events).
func (r *Recorder) Flush() {
	if f, ok := r.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

// Unwrap lets http.ResponseController reach the writer.
func (r *Recorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }

// Access logs each request served by next under msg: at debug level, or
// error for a 5xx.
func Access(log *slog.Logger, msg string, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &Recorder{ResponseWriter: w}
		next.ServeHTTP(rec, r)
		level := slog.LevelDebug
		if rec.Status >= 500 {
			level = slog.LevelError
		}
		log.LogAttrs(r.Context(), level, msg,
			slog.String("method", r.Method), slog.String("path", r.URL.Path), slog.String("client", clientaddr.Of(r)),
			slog.Int("status", rec.Status), slog.Duration("took", time.Since(start)))
	})
}
