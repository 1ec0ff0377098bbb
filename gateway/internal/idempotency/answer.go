package idempotency

import (
	"bytes"
	"encoding/json"
	"net/http"
)

// final reports whether an answer is the request's last word, to be
// replayed to every duplicate: a success or an ordinary client error. A
// timeout (408), "too early" (425), "too many requests" (429), a client
// that hung up (499) and every failure on our side (5xx) say nothing about
// what the same request will get later, so the key is given up and the
// client may send it again.
func final(status int) bool {
	switch {
	case status >= 200 && status < 300:
		return true
	case status == http.StatusRequestTimeout, status == http.StatusTooEarly,
		status == http.StatusTooManyRequests, status == 499:
		return false
	case status >= 400 && status < 500:
		return true
	}
	return false
}

// replayedHeaders are the headers of the first answer that a replay
// repeats: what the body means (type, language), where the created thing
// is (Location), its version (ETag, Last-Modified), when to come back
// (Retry-After) and the version of the API that answered.
var replayedHeaders = []string{"Content-Type", "Content-Language", "Location", "ETag", "Last-Modified",
	"Retry-After", "API-Version", "Link"}

// keptHeaders returns the replayed headers of h, as JSON.
func keptHeaders(h http.Header) ([]byte, error) {
	kept := http.Header{}
	for _, name := range replayedHeaders {
		if v := h.Values(name); len(v) > 0 {
			kept[http.CanonicalHeaderKey(name)] = v
		}
	}
	return json.Marshal(kept)
}

// recorder passes a response through and keeps a copy of it.
type recorder struct {
	http.ResponseWriter
	status int
	body   bytes.Buffer
}

func (r *recorder) WriteHeader(code int) {
	if r.status == 0 {
		r.status = code
	}
	r.ResponseWriter.WriteHeader(code)
}

func (r *recorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	n, err := r.ResponseWriter.Write(b)
	r.body.Write(b[:n])
	return n, err
}

func (r *recorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }
