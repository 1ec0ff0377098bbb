package httpapi

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"time"

	"google.golang.org/grpc"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"

	"plein.dev/gateway/internal/rpcretry"
)

// Check is a named readiness check.
type Check struct {
	Name  string
	Check func(ctx context.Context) error
}

func (s *Server) healthz(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
}

func (s *Server) readyz(w http.ResponseWriter, r *http.Request) {
	type result struct {
		Name  string `json:"name"`
		Ready bool   `json:"ready"`
		Error string `json:"error,omitempty"`
	}
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	results := make([]result, len(s.ready))
	done := make(chan struct{}, len(s.ready))
	for i, c := range s.ready {
		go func() {
			defer func() { done <- struct{}{} }()
			results[i] = result{Name: c.Name, Ready: true}
			if err := c.Check(ctx); err != nil {
				results[i] = result{Name: c.Name, Ready: false, Error: err.Error()}
			}
		}()
	}
	for range s.ready {
		<-done
	}
	var down []string
	for _, res := range results {
		if !res.Ready {
			down = append(down, res.Name)
		}
	}
	if len(down) > 0 {
		// An error like any other: a problem, with the checks beside it.
		p := newProblem(http.StatusServiceUnavailable, "not ready: "+strings.Join(down, ", "))
		w.Header().Set("Content-Type", "application/problem+json")
		w.WriteHeader(p.Status)
		_ = json.NewEncoder(w).Encode(struct {
			Problem
			Checks []result `json:"checks"`
		}{p, results}) // the client may be gone; nothing to do then
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"status": "ready", "checks": results})
}

// GRPCHealth returns a readiness check of a service's gRPC health.
func GRPCHealth(name string, conn grpc.ClientConnInterface) Check {
	client := healthpb.NewHealthClient(conn)
	return Check{Name: name, Check: func(ctx context.Context) error {
		// Readiness tells how things are now: no waiting for the service.
		resp, err := client.Check(rpcretry.Once(ctx), &healthpb.HealthCheckRequest{})
		if err != nil {
			return errors.New("unreachable")
		}
		if resp.GetStatus() != healthpb.HealthCheckResponse_SERVING {
			return errors.New(strings.ToLower(resp.GetStatus().String()))
		}
		return nil
	}}
}
