package httpapi

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"plein.dev/platform/rpcerr"
)

func TestProblemFromStatus(t *testing.T) {
	cases := []struct {
		err        error
		want       int
		wantDetail string
	}{
		{status.Error(codes.InvalidArgument, "bad"), 400, "bad"},
		{status.Error(codes.Unauthenticated, "sign in"), 401, "sign in"},
		{status.Error(codes.PermissionDenied, "no"), 403, "no"},
		{status.Error(codes.NotFound, "not found"), 404, "not found"},
		{status.Error(codes.AlreadyExists, "taken"), 409, "taken"},
		{status.Error(codes.FailedPrecondition, "closed"), 422, "closed"},
		{status.Error(codes.ResourceExhausted, "slow down"), 429, "slow down"},
		{status.Error(codes.Unavailable, "dial tcp 10.0.0.1: refused"), 503, "a service is unavailable; try again shortly"},
		{status.Error(codes.Internal, "sql: database is locked"), 500, "something went wrong on our side"},
	}
	for _, tc := range cases {
		p := problemFromStatus(tc.err)
		if p.Status != tc.want || p.Detail != tc.wantDetail || p.Title != http.StatusText(tc.want) {
			t.Errorf("%v -> %+v, want status %d detail %q", tc.err, p, tc.want, tc.wantDetail)
		}
	}
	p := problemFromStatus(rpcerr.Invalid(codes.InvalidArgument, "invalid request",
		rpcerr.Violation{Field: "email", Reason: "must be an e-mail address"}))
	if len(p.InvalidParams) != 1 || p.InvalidParams[0].Name != "email" {
		t.Errorf("invalidParams %+v", p.InvalidParams)
	}
}

func TestDecodeIsStrict(t *testing.T) {
	cases := []struct {
		name string
		body string
		want int
	}{
		{"valid", `{"name": "x"}`, 0},
		{"unknown field", `{"name": "x", "admin": true}`, 400},
		{"trailing data", `{"name": "x"} {"name": "y"}`, 400},
		{"malformed", `{"name": `, 400},
		{"wrong type", `{"name": 5}`, 400},
		{"too large", `{"name": "` + strings.Repeat("x", maxBody) + `"}`, 413},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			w := httptest.NewRecorder()
			r := httptest.NewRequest("POST", "/", strings.NewReader(tc.body))
			r.Body = http.MaxBytesReader(w, r.Body, maxBody)
			var v struct {
				Name string `json:"name"`
			}
			ok := decode(w, r, &v)
			if tc.want == 0 {
				if !ok {
					t.Fatalf("refused: %s", w.Body)
				}
				return
			}
			if ok || w.Code != tc.want {
				t.Fatalf("ok=%v status %d, want %d", ok, w.Code, tc.want)
			}
			var p Problem
			if err := json.Unmarshal(w.Body.Bytes(), &p); err != nil || p.Status != tc.want {
				t.Fatalf("problem %s (%v)", w.Body, err)
			}
			if ct := w.Header().Get("Content-Type"); ct != "application/problem+json" {
				t.Errorf("Content-Type %q", ct)
			}
		})
	}
}

func TestHeadersAndTrailingSlash(t *testing.T) {
	h := headers(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusOK) }))
	for _, tc := range []struct {
		path string
		want int
	}{
		{"/api/v1/events", 200},
		{"/api/v1/events/", 404},
		{"/", 200},
	} {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, httptest.NewRequest("GET", tc.path, nil))
		if w.Code != tc.want {
			t.Errorf("%s: %d, want %d", tc.path, w.Code, tc.want)
		}
		for _, name := range []string{"API-Version", "X-Content-Type-Options", "X-Frame-Options", "Referrer-Policy"} {
			if w.Header().Get(name) == "" {
				t.Errorf("%s: no %s header", tc.path, name)
			}
		}
	}
}
