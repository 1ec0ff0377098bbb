package web

import (
	"net/http"
	"strings"
)

// OpenCORS lets other sites read the public JSON of events, programmes and
// ambassadors (and the calendars and seat streams of events) from the
// browser: GET and HEAD on those paths answer Access-Control-Allow-Origin:
// *. No credentials are allowed, so a browser never exposes what a
// signed-in visitor would see; other paths are untouched.
func OpenCORS(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if (r.Method == http.MethodGet || r.Method == http.MethodHead) && publicRead(r.URL.Path) {
			w.Header().Set("Access-Control-Allow-Origin", "*")
		}
		next.ServeHTTP(w, r)
	})
}

// publicRead reports whether path is one of the API's public reads.
func publicRead(path string) bool {
	rest, ok := strings.CutPrefix(path, "/api/v1/")
	if !ok {
		return false
	}
	parts := strings.Split(rest, "/")
	switch {
	case rest == "calendar.ics":
		return true
	case parts[0] == "events":
		// events, events/{id}, events/{id}/calendar.ics, events/{id}/seats/stream
		return len(parts) <= 2 || (len(parts) == 3 && parts[2] == "calendar.ics") ||
			(len(parts) == 4 && parts[2] == "seats" && parts[3] == "stream")
	case parts[0] == "programmes":
		// programmes, programmes/{id}, programmes/{id}/ambassadors
		return len(parts) <= 2 || (len(parts) == 3 && parts[2] == "ambassadors")
	case parts[0] == "ambassadors":
		return len(parts) == 2
	}
	return false
}
