// Package rpcretry lets the gateway ride out a service's restart: every
// call to a service waits for the connection to be ready (gRPC
// wait-for-ready) within its deadline, and a call that is safe to send
// again is sent again, backing off, when the service is unavailable. Only
// when the deadline passes is the caller told Unavailable, which the
// gateway answers 503 with Retry-After.
package rpcretry

import (
	"context"
	"math/rand/v2"
	"net/http"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/backoff"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/connectivity"
	"google.golang.org/grpc/status"
)

type safeKey struct{}

// MarkSafe returns ctx noting that its calls may be sent to a service
// again when one fails unavailable, for its outcome does not change when
// it runs twice.
func MarkSafe(ctx context.Context) context.Context { return context.WithValue(ctx, safeKey{}, true) }

// Safe reports whether ctx was marked by MarkSafe.
func Safe(ctx context.Context) bool { return ctx.Value(safeKey{}) != nil }

// SafeCalls is a policy for Interceptor: the calls whose context was
// marked by MarkSafe.
func SafeCalls(ctx context.Context, _ string) bool { return Safe(ctx) }

type onceKey struct{}

// Once returns ctx whose calls are sent once, without waiting for the
// service: for checks that must tell at once whether it is there.
func Once(ctx context.Context) context.Context { return context.WithValue(ctx, onceKey{}, true) }

// SafeMethods marks the requests whose HTTP method is safe or idempotent
// by definition (GET, HEAD, OPTIONS, PUT, DELETE; RFC 9110 9.2), so that
// the calls they make may be repeated.
func SafeMethods(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.Method {
		case http.MethodGet, http.MethodHead, http.MethodOptions, http.MethodPut, http.MethodDelete:
			r = r.WithContext(MarkSafe(r.Context()))
		}
		next.ServeHTTP(w, r)
	})
}

// Backoff is the wait before each new attempt: from First, doubling up to
// Max, each with up to a fifth of jitter.
type Backoff struct {
	First, Max time.Duration
}

// DefaultBackoff suits a service restarting on the same host in about a
// second.
var DefaultBackoff = Backoff{First: 50 * time.Millisecond, Max: time.Second}

func (b Backoff) wait(attempt int) time.Duration {
	d := b.First << min(attempt, 20)
	if d <= 0 || d > b.Max {
		d = b.Max
	}
	return d + time.Duration(rand.Int64N(int64(d)/5+1))
}

// Interceptor waits for a service that is not ready and repeats calls
// that may be repeated (safe tells which, by the call's context and its
// full method name) while it answers Unavailable,
// until the call's deadline. Put it after the interceptor that sets the
// deadline. A call whose deadline passed while the service could not be
// reached ends Unavailable rather than DeadlineExceeded: the service is
// down, not slow.
func Interceptor(safe func(ctx context.Context, method string) bool, b Backoff) grpc.UnaryClientInterceptor {
	return func(ctx context.Context, method string, req, reply any, cc *grpc.ClientConn, invoker grpc.UnaryInvoker, opts ...grpc.CallOption) error {
		if ctx.Value(onceKey{}) != nil {
			return invoker(ctx, method, req, reply, cc, opts...)
		}
		// First, so that a caller's own WaitForReady(false) wins.
		opts = append([]grpc.CallOption{grpc.WaitForReady(true)}, opts...)
		for attempt := 0; ; attempt++ {
			err := invoker(ctx, method, req, reply, cc, opts...)
			switch status.Code(err) {
			case codes.Unavailable:
				if !safe(ctx, method) {
					return err
				}
			case codes.DeadlineExceeded:
				if cc != nil && cc.GetState() != connectivity.Ready {
					return status.Error(codes.Unavailable, "the service did not become reachable in time")
				}
				return err
			default:
				return err
			}
			select {
			case <-ctx.Done():
				if ctx.Err() == context.DeadlineExceeded {
					return status.Error(codes.Unavailable, "the service stayed unavailable")
				}
				return status.FromContextError(ctx.Err()).Err()
			case <-time.After(b.wait(attempt)):
			}
		}
	}
}

// ConnectParams makes a connection to a service try again soon after it
// is lost — from 50 ms, at most every second — instead of grpc-go's
// default of one second doubling to two minutes, so that a service that
// restarted is found again within about a second.
func ConnectParams() grpc.DialOption {
	return grpc.WithConnectParams(grpc.ConnectParams{
		Backoff:           backoff.Config{BaseDelay: 50 * time.Millisecond, Multiplier: 1.6, Jitter: 0.2, MaxDelay: time.Second},
		MinConnectTimeout: 5 * time.Second,
	})
}
