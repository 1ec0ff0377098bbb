package httpapi

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"
)

func TestReadyzAnswersNotReadyAsProblem(t *testing.T) {
	t.Parallel()
	ok := Check{Name: "events", Check: func(context.Context) error { return nil }}
	down := Check{Name: "nats", Check: func(context.Context) error { return errors.New("reconnecting") }}

	w := httptest.NewRecorder()
	(&Server{ready: []Check{ok}}).readyz(w, httptest.NewRequest("GET", "/readyz", nil))
	if w.Code != http.StatusOK || w.Header().Get("Content-Type") != "application/json" {
		t.Fatalf("all ready: %d %s", w.Code, w.Header().Get("Content-Type"))
	}

	w = httptest.NewRecorder()
	(&Server{ready: []Check{ok, down}}).readyz(w, httptest.NewRequest("GET", "/readyz", nil))
	if w.Code != http.StatusServiceUnavailable || w.Header().Get("Content-Type") != "application/problem+json" {
		t.Fatalf("one down: %d %s", w.Code, w.Header().Get("Content-Type"))
	}
	var p struct {
		Problem
		Checks []struct {
			Name  string `json:"name"`
			Ready bool   `json:"ready"`
			Error string `json:"error"`
		} `json:"checks"`
	}
	if err := json.Unmarshal(w.Body.Bytes(), &p); err != nil {
		t.Fatal(err)
	}
	if p.Status != http.StatusServiceUnavailable || p.Title == "" || p.Detail != "not ready: nats" {
		t.Errorf("problem %+v", p.Problem)
	}
	if len(p.Checks) != 2 || !p.Checks[0].Ready || p.Checks[1].Ready || p.Checks[1].Error != "reconnecting" {
		t.Errorf("checks %+v", p.Checks)
	}
}
