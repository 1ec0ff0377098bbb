// Package grpcserver builds a service's gRPC server with the interceptors
// every service has (panic recovery, logging, identity), health and
// reflection, and serves it until its context ends.
package grpcserver

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"runtime/debug"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/health"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/reflection"
	"google.golang.org/grpc/status"

	"plein.dev/platform/identity"
)

// New returns a gRPC server whose interceptor chain is, outermost first:
// logging (so a recovered panic is logged with its Internal code), panic
// recovery (a panic becomes codes.Internal "internal error",
// its stack is logged), identity from the incoming metadata into the
// context. Interceptors passed in opts (grpc.ChainUnaryInterceptor) run
// after these. The health service (grpc.health.v1) and server reflection
// are registered; set the serving status on the returned health server.
func New(log *slog.Logger, opts ...grpc.ServerOption) (*grpc.Server, *health.Server) {
	all := []grpc.ServerOption{
		grpc.ChainUnaryInterceptor(
			unaryLogging(log),
			unaryRecovery(log),
			unaryIdentity,
		),
		grpc.ChainStreamInterceptor(
			streamLogging(log),
			streamRecovery(log),
			streamIdentity,
		),
	}
	all = append(all, opts...)
	s := grpc.NewServer(all...)
	h := health.NewServer()
	healthpb.RegisterHealthServer(s, h)
	reflection.Register(s)
	return s, h
}

// Serve serves s on lis until ctx is done, then stops gracefully, falling
// back to a hard stop after stopTimeout. It returns nil after a stop caused
// by ctx and the serving error otherwise.
func Serve(ctx context.Context, s *grpc.Server, lis net.Listener, stopTimeout time.Duration) error {
	served := make(chan error, 1)
	go func() { served <- s.Serve(lis) }()
	select {
	case err := <-served:
		if err != nil && !errors.Is(err, grpc.ErrServerStopped) {
			return fmt.Errorf("serve gRPC: %w", err)
		}
		return nil
	case <-ctx.Done():
	}
	stopped := make(chan struct{})
	go func() {
		s.GracefulStop()
		close(stopped)
	}()
	timer := time.NewTimer(stopTimeout)
	defer timer.Stop()
	select {
	case <-stopped:
	case <-timer.C:
		s.Stop()
		<-stopped
	}
	if err := <-served; err != nil && !errors.Is(err, grpc.ErrServerStopped) {
		return fmt.Errorf("serve gRPC: %w", err)
	}
	return nil
}

// internalError is what a client sees of a panic; the details are logged.
func internalError() error { return status.Error(codes.Internal, "internal error") }

func unaryRecovery(log *slog.Logger) grpc.UnaryServerInterceptor {
	return func(ctx context.Context, req any, info *grpc.UnaryServerInfo, handler grpc.UnaryHandler) (resp any, err error) {
		defer func() {
			if p := recover(); p != nil {
				log.ErrorContext(ctx, "panic in gRPC handler", slog.String("method", info.FullMethod),
					slog.Any("panic", p), slog.String("stack", string(debug.Stack())))
				resp, err = nil, internalError()
			}
		}()
		return handler(ctx, req)
	}
}

func streamRecovery(log *slog.Logger) grpc.StreamServerInterceptor {
	return func(srv any, ss grpc.ServerStream, info *grpc.StreamServerInfo, handler grpc.StreamHandler) (err error) {
		defer func() {
			if p := recover(); p != nil {
				log.ErrorContext(ss.Context(), "panic in gRPC handler", slog.String("method", info.FullMethod),
					slog.Any("panic", p), slog.String("stack", string(debug.Stack())))
				err = internalError()
			}
		}()
		return handler(srv, ss)
	}
}

func unaryLogging(log *slog.Logger) grpc.UnaryServerInterceptor {
	return func(ctx context.Context, req any, info *grpc.UnaryServerInfo, handler grpc.UnaryHandler) (any, error) {
		start := time.Now()
		resp, err := handler(ctx, req)
		logCall(ctx, log, info.FullMethod, start, err)
		return resp, err
	}
}

func streamLogging(log *slog.Logger) grpc.StreamServerInterceptor {
	return func(srv any, ss grpc.ServerStream, info *grpc.StreamServerInfo, handler grpc.StreamHandler) error {
		start := time.Now()
		err := handler(srv, ss)
		logCall(ss.Context(), log, info.FullMethod, start, err)
		return err
	}
}

// logCall logs a finished call: debug when OK, info for errors the caller
// caused, warn for server-side failures.
func logCall(ctx context.Context, log *slog.Logger, method string, start time.Time, err error) {
	code := status.Code(err)
	level := slog.LevelInfo
	switch code {
	case codes.OK:
		level = slog.LevelDebug
	case codes.Internal, codes.Unknown, codes.DataLoss, codes.Unavailable, codes.Unimplemented:
		level = slog.LevelWarn
	}
	attrs := []slog.Attr{
		slog.String("method", method),
		slog.String("code", code.String()),
		slog.Duration("took", time.Since(start)),
	}
	if err != nil {
		attrs = append(attrs, slog.String("err", status.Convert(err).Message()))
	}
	log.LogAttrs(ctx, level, "gRPC call", attrs...)
}

func unaryIdentity(ctx context.Context, req any, _ *grpc.UnaryServerInfo, handler grpc.UnaryHandler) (any, error) {
	return handler(identity.NewContext(ctx, identity.FromIncoming(ctx)), req)
}

func streamIdentity(srv any, ss grpc.ServerStream, _ *grpc.StreamServerInfo, handler grpc.StreamHandler) error {
	return handler(srv, &identityStream{ServerStream: ss, ctx: identity.NewContext(ss.Context(), identity.FromIncoming(ss.Context()))})
}

type identityStream struct {
	grpc.ServerStream
	ctx context.Context
}

func (s *identityStream) Context() context.Context { return s.ctx }
