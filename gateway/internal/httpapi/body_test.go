package httpapi

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestCheckBody(t *testing.T) {
	var got string
	h := headers(checkBody(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		got = string(b)
		w.WriteHeader(http.StatusOK)
	})))
	cases := []struct {
		name string
		body string
		want int
	}{
		{"one object", `{"title": "x"}`, 200},
		{"white space around", " \n{\"title\": \"x\"}\n ", 200},
		{"empty", ``, 200},
		{"two objects", `{"a": 1}{"b": 2}`, 400},
		{"trailing garbage", `{"a": 1} xyz`, 400},
		{"truncated", `{"a": `, 400},
		{"too large", `{"a": "` + strings.Repeat("x", maxBody) + `"}`, 413},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got = ""
			w := httptest.NewRecorder()
			h.ServeHTTP(w, httptest.NewRequest("POST", "/api/v1/events", strings.NewReader(tc.body)))
			if w.Code != tc.want {
				t.Fatalf("status %d, want %d: %s", w.Code, tc.want, w.Body)
			}
			if tc.want == 200 && got != tc.body {
				t.Fatalf("handler read %q, want the body unchanged", got)
			}
		})
	}
}

// FuzzOneJSONValue: whatever the body, oneJSONValue neither panics nor
// accepts something that is not exactly one JSON value.
func FuzzOneJSONValue(f *testing.F) {
	for _, s := range []string{`{}`, `{"a":1}`, `[1,2]`, `"x"`, `{"a":1}{}`, ``, ` `, `nul`, `{"a":"\u0000"}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		err := oneJSONValue(body)
		trimmed := strings.TrimSpace(string(body))
		if err == nil && trimmed != "" && !jsonValid(trimmed) {
			t.Fatalf("accepted %q", body)
		}
	})
}

// FuzzDecode: the strict decoder of the hand-written routes never panics and
// answers every refusal with a problem.
func FuzzDecode(f *testing.F) {
	for _, s := range []string{`{"email":"a@b.nl","password":"x"}`, `{"email":1}`, `{}`, `{"x":1}`, `{"email":"a"}{}`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, body string) {
		w := httptest.NewRecorder()
		r := httptest.NewRequest("POST", "/api/v1/sessions", strings.NewReader(body))
		var v struct {
			Email    string `json:"email"`
			Password string `json:"password"`
		}
		if !decode(w, r, &v) && w.Header().Get("Content-Type") != "application/problem+json" {
			t.Fatalf("refusal without a problem: %d %q", w.Code, w.Body)
		}
	})
}

func jsonValid(s string) bool { return json.Valid([]byte(s)) }
