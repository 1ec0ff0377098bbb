package httpapi

import (
	"context"
	"time"

	"google.golang.org/grpc"
)

// Deadline is a gRPC client interceptor for the connections to the
// services: every call gets the deadline of its context (the HTTP
// request's) capped at limit from now. A service that does not answer in
// time costs the caller at most limit and is answered 504 Gateway Timeout
// (DeadlineExceeded in the gRPC code table), so that no request waits on a
// hanging service for as long as its client stays.
func Deadline(limit time.Duration) grpc.UnaryClientInterceptor {
	return func(ctx context.Context, method string, req, reply any, cc *grpc.ClientConn, invoker grpc.UnaryInvoker, opts ...grpc.CallOption) error {
		ctx, cancel := context.WithTimeout(ctx, limit)
		defer cancel()
		return invoker(ctx, method, req, reply, cc, opts...)
	}
}
