package httpapi

import (
	"net/http"
	"strings"
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
