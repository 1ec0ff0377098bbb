package httpapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
)

// checkBody reads a request body whole (at most maxBody bytes) and lets the
// request through only if the body is empty or exactly one JSON value: what
// grpc-gateway's decoder would silently accept after the first value, or
// turn into a 400 when too large, is refused here with the right status.
func checkBody(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Body == nil || r.Body == http.NoBody || r.Method == http.MethodGet || r.Method == http.MethodHead {
			next.ServeHTTP(w, r)
			return
		}
		body, err := io.ReadAll(r.Body)
		if err != nil {
			var tooBig *http.MaxBytesError
			if errors.As(err, &tooBig) {
				writeProblem(w, newProblem(http.StatusRequestEntityTooLarge, "the request body is too large"))
				return
			}
			writeProblem(w, newProblem(http.StatusBadRequest, "could not read the request body"))
			return
		}
		if err := oneJSONValue(body); err != nil {
			writeProblem(w, newProblem(http.StatusBadRequest, "malformed JSON: "+err.Error()))
			return
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		r.ContentLength = int64(len(body))
		next.ServeHTTP(w, r)
	})
}

// oneJSONValue returns nil for an empty body or a body holding exactly one
// JSON value, surrounded by nothing but white space.
func oneJSONValue(body []byte) error {
	if len(bytes.TrimSpace(body)) == 0 {
		return nil
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	var v json.RawMessage
	if err := dec.Decode(&v); err != nil {
		return err
	}
	if _, err := dec.Token(); err != io.EOF {
		return errors.New("unexpected data after the JSON value")
	}
	return nil
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	_ = json.NewEncoder(w).Encode(v) // the client may be gone; nothing to do then
}

// decode reads a JSON body strictly: unknown fields, trailing data and
// oversized bodies are refused with a problem written to w.
func decode(w http.ResponseWriter, r *http.Request, v any) bool {
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	err := dec.Decode(v)
	if err == nil {
		if dec.Decode(&struct{}{}) != io.EOF {
			err = errors.New("unexpected data after the JSON value")
		}
	}
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			writeProblem(w, newProblem(http.StatusRequestEntityTooLarge, "the request body is too large"))
			return false
		}
		writeProblem(w, jsonProblem(err)) // decode_errors.go
		return false
	}
	return true
}
