package httpapi

import (
	"context"
	"encoding/json"
	"net"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
)

// TestDeadlineCapsTheCallersDeadline: a call keeps an earlier deadline of
// its own and gets the limit otherwise.
func TestDeadlineCapsTheCallersDeadline(t *testing.T) {
	t.Parallel()
	const limit = time.Hour
	for _, tc := range []struct {
		name     string
		deadline time.Duration // of the caller's context; 0 for none
		want     time.Duration
	}{
		{"no deadline", 0, limit},
		{"an earlier one", time.Minute, time.Minute},
		{"a later one", 2 * limit, limit},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			if tc.deadline > 0 {
				var cancel context.CancelFunc
				ctx, cancel = context.WithTimeout(ctx, tc.deadline)
				defer cancel()
			}
			start := time.Now()
			var got time.Time
			invoker := func(ctx context.Context, _ string, _, _ any, _ *grpc.ClientConn, _ ...grpc.CallOption) error {
				got, _ = ctx.Deadline()
				return nil
			}
			if err := Deadline(limit)(ctx, "/m", nil, nil, nil, invoker); err != nil {
				t.Fatal(err)
			}
			if left := got.Sub(start); left < tc.want-time.Second || left > tc.want+time.Second {
				t.Errorf("deadline %v after the call, want %v", left, tc.want)
			}
		})
	}
}

// TestHangingServiceAnswers504 sends a request through the API to a
// service that never answers: the gateway answers within the limit with a
// 504 problem.
func TestHangingServiceAnswers504(t *testing.T) {
	t.Parallel()
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	hang := grpc.NewServer(grpc.UnknownServiceHandler(func(_ any, stream grpc.ServerStream) error {
		<-stream.Context().Done()
		return stream.Context().Err()
	}))
	go func() { _ = hang.Serve(lis) }()
	t.Cleanup(hang.Stop)
	const limit = 300 * time.Millisecond
	conn, err := grpc.NewClient(lis.Addr().String(),
		grpc.WithTransportCredentials(insecure.NewCredentials()),
		grpc.WithUnaryInterceptor(Deadline(limit)))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = conn.Close() })
	srv, _ := newTestServer(t, conn)
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)

	// Without the limit the request would wait as long as its client.
	ctx, cancel := context.WithTimeout(context.Background(), limit+5*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, ts.URL+"/api/v1/events", nil)
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	resp, err := ts.Client().Do(req)
	if err != nil {
		t.Fatalf("after %v: %v", time.Since(start), err)
	}
	defer resp.Body.Close()
	took := time.Since(start)
	var p Problem
	if err := json.NewDecoder(resp.Body).Decode(&p); err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusGatewayTimeout || p.Status != http.StatusGatewayTimeout ||
		resp.Header.Get("Content-Type") != "application/problem+json" {
		t.Fatalf("%s %s: %+v", resp.Status, resp.Header.Get("Content-Type"), p)
	}
	t.Logf("answered %d after %v", resp.StatusCode, took)
	if took < limit || took > limit+2*time.Second {
		t.Errorf("answered after %v, want just after %v", took, limit)
	}
}
