package rpcretry

import (
	"context"
	"net"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/connectivity"
	"google.golang.org/grpc/credentials/insecure"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/status"
)

// service is a real gRPC server on a loopback port, which a test stops and
// starts again on the same port.
type service struct {
	t     *testing.T
	addr  string
	mu    sync.Mutex
	srv   *grpc.Server
	calls atomic.Int32
	// stopped is told when a cut call has stopped the server.
	stopped chan struct{}
	// cut, when set, makes the next call stop the server while the call
	// is under way, so that it fails after having been sent.
	cut atomic.Bool
}

type health struct {
	healthpb.UnimplementedHealthServer
	s *service
}

func (h health) Check(ctx context.Context, _ *healthpb.HealthCheckRequest) (*healthpb.HealthCheckResponse, error) {
	h.s.calls.Add(1)
	if h.s.cut.CompareAndSwap(true, false) {
		srv := h.s.current()
		go func() {
			srv.Stop()
			h.s.stopped <- struct{}{}
		}()
		<-ctx.Done()
		return nil, ctx.Err()
	}
	return &healthpb.HealthCheckResponse{Status: healthpb.HealthCheckResponse_SERVING}, nil
}

func startService(t *testing.T) *service {
	s := &service{t: t, addr: "127.0.0.1:0", stopped: make(chan struct{}, 1)}
	s.start()
	t.Cleanup(s.stop)
	return s
}

func (s *service) start() {
	lis, err := net.Listen("tcp", s.addr)
	if err != nil {
		s.t.Errorf("listen on %s: %v", s.addr, err)
		return
	}
	srv := grpc.NewServer()
	healthpb.RegisterHealthServer(srv, health{s: s})
	s.mu.Lock()
	s.addr = lis.Addr().String()
	s.srv = srv
	s.mu.Unlock()
	go func() { _ = srv.Serve(lis) }()
}

func (s *service) current() *grpc.Server {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.srv
}

func (s *service) stop() { s.current().Stop() }

// client dials the service as the gateway does: a deadline on every call,
// then this package's interceptor.
func (s *service) client(t *testing.T, limit time.Duration) (healthpb.HealthClient, *grpc.ClientConn) {
	conn, err := grpc.NewClient(s.addr, grpc.WithTransportCredentials(insecure.NewCredentials()), ConnectParams(),
		grpc.WithChainUnaryInterceptor(deadline(limit), Interceptor(SafeCalls, DefaultBackoff)))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = conn.Close() })
	return healthpb.NewHealthClient(conn), conn
}

func deadline(limit time.Duration) grpc.UnaryClientInterceptor {
	return func(ctx context.Context, method string, req, reply any, cc *grpc.ClientConn, invoker grpc.UnaryInvoker, opts ...grpc.CallOption) error {
		ctx, cancel := context.WithTimeout(ctx, limit)
		defer cancel()
		return invoker(ctx, method, req, reply, cc, opts...)
	}
}

// TestWaitsForARestart: the service is stopped and comes back on the same
// port 400 ms later; a call made while it is away waits and is answered.
func TestWaitsForARestart(t *testing.T) {
	t.Parallel()
	s := startService(t)
	c, conn := s.client(t, 5*time.Second)
	if _, err := c.Check(context.Background(), &healthpb.HealthCheckRequest{}); err != nil {
		t.Fatal(err)
	}
	// A call that may be repeated is answered even when sent at once,
	// on the connection that is going.
	s.stop()
	time.AfterFunc(400*time.Millisecond, s.start)
	start := time.Now()
	if _, err := c.Check(MarkSafe(context.Background()), &healthpb.HealthCheckRequest{}); err != nil {
		t.Fatalf("during the restart, after %v: %v", time.Since(start), err)
	}
	t.Logf("a safe call answered %v after the stop", time.Since(start))

	// Any call waits while the service is known to be away: nothing is
	// sent until it is back.
	s.stop()
	for conn.GetState() == connectivity.Ready {
		time.Sleep(5 * time.Millisecond)
	}
	time.AfterFunc(400*time.Millisecond, s.start)
	start = time.Now()
	if _, err := c.Check(context.Background(), &healthpb.HealthCheckRequest{}); err != nil {
		t.Fatalf("during the second restart, after %v: %v", time.Since(start), err)
	}
	if took := time.Since(start); took < 300*time.Millisecond {
		t.Errorf("answered after %v, before the service was back", took)
	}
	t.Logf("an unsafe call answered %v after the stop", time.Since(start))
}

// TestRepeatsASafeCallCutOff: the service stops while a call is under way
// (its outcome unknown) and is back 300 ms later. A call that may be
// repeated is sent again and answered; one that may not is told
// Unavailable at once.
func TestRepeatsASafeCallCutOff(t *testing.T) {
	t.Parallel()
	s := startService(t)
	c, _ := s.client(t, 5*time.Second)
	if _, err := c.Check(context.Background(), &healthpb.HealthCheckRequest{}); err != nil {
		t.Fatal(err)
	}

	s.cut.Store(true)
	_, err := c.Check(context.Background(), &healthpb.HealthCheckRequest{})
	if status.Code(err) != codes.Unavailable {
		t.Fatalf("an unsafe call cut off: %v, want Unavailable", err)
	}
	if n := s.calls.Swap(0); n != 2 {
		t.Fatalf("the service got %d calls, want the cut one sent once (and the first)", n)
	}

	<-s.stopped
	s.start()
	s.cut.Store(true)
	go func() {
		<-s.stopped
		time.Sleep(300 * time.Millisecond)
		s.start()
	}()
	if _, err := c.Check(MarkSafe(context.Background()), &healthpb.HealthCheckRequest{}); err != nil {
		t.Fatalf("a safe call cut off: %v", err)
	}
	if n := s.calls.Load(); n < 2 {
		t.Fatalf("the service got %d calls, want the cut one and its repeat", n)
	}
}

// TestDeadlinePassesUnavailable: a service that stays away is Unavailable
// (the gateway's 503) once the call's deadline has passed, not before.
func TestDeadlinePassesUnavailable(t *testing.T) {
	t.Parallel()
	s := startService(t)
	const limit = 400 * time.Millisecond
	c, _ := s.client(t, limit)
	s.stop()
	for _, ctx := range []context.Context{context.Background(), MarkSafe(context.Background())} {
		start := time.Now()
		_, err := c.Check(ctx, &healthpb.HealthCheckRequest{})
		took := time.Since(start)
		if status.Code(err) != codes.Unavailable {
			t.Fatalf("%v, want Unavailable", err)
		}
		if took < limit-50*time.Millisecond || took > limit+time.Second {
			t.Errorf("told after %v, want about %v", took, limit)
		}
	}
}
