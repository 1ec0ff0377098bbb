package httplog

import (
	"bytes"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"testing"

	"plein.dev/gateway/internal/clientaddr"
)

func TestAccessLogsWithoutQuery(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	log := slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	h := Access(log, "http", http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(http.StatusTeapot)
		w.WriteHeader(http.StatusOK) // ignored by net/http and by the log
	}))
	r := httptest.NewRequest("GET", "/aanmelding/r1?token=secret", nil)
	r.RemoteAddr = "10.0.0.1:4000"
	r.Header.Set("X-Forwarded-For", "203.0.113.9")
	trusted := clientaddr.New([]netip.Prefix{netip.MustParsePrefix("10.0.0.0/8")})
	trusted.Middleware(h).ServeHTTP(httptest.NewRecorder(), r)
	line := buf.String()
	if !strings.Contains(line, "status=418") || !strings.Contains(line, "path=/aanmelding/r1") || strings.Contains(line, "secret") ||
		!strings.Contains(line, "client=203.0.113.9") {
		t.Errorf("log line %q", line)
	}
	buf.Reset()
	Access(log, "page", http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		http.Error(w, "boom", http.StatusInternalServerError)
	})).ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/", nil))
	if !strings.Contains(buf.String(), "level=ERROR") {
		t.Errorf("a 5xx is not an error line: %q", buf.String())
	}
	rec := &Recorder{ResponseWriter: httptest.NewRecorder()}
	_, _ = rec.Write([]byte("x"))
	if rec.Status != http.StatusOK {
		t.Errorf("status after a bare write %d", rec.Status)
	}
}
