package grpcserver_test

import (
	"context"
	"net"
	"strings"
	"testing"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/emptypb"
	"google.golang.org/protobuf/types/known/wrapperspb"

	"plein.dev/platform/grpcserver"
	"plein.dev/platform/identity"
	"plein.dev/platform/testkit"
)

// testService is a hand-written gRPC service: Panic panics, WhoAmI returns
// the caller identity found in the context.
type testService interface {
	whoAmI(ctx context.Context) string
}

type impl struct{}

func (impl) whoAmI(ctx context.Context) string {
	id := identity.FromContext(ctx)
	return id.UserID + "|" + strings.Join(id.Roles, ",") + "|" + id.AmbassadorID
}

var desc = grpc.ServiceDesc{
	ServiceName: "plein.test.v1.Test",
	HandlerType: (*testService)(nil),
	Methods: []grpc.MethodDesc{
		{MethodName: "Panic", Handler: func(srv any, ctx context.Context, dec func(any) error, ic grpc.UnaryServerInterceptor) (any, error) {
			in := new(emptypb.Empty)
			if err := dec(in); err != nil {
				return nil, err
			}
			h := func(context.Context, any) (any, error) { panic("boom") }
			if ic == nil {
				return h(ctx, in)
			}
			return ic(ctx, in, &grpc.UnaryServerInfo{Server: srv, FullMethod: "/plein.test.v1.Test/Panic"}, h)
		}},
		{MethodName: "WhoAmI", Handler: func(srv any, ctx context.Context, dec func(any) error, ic grpc.UnaryServerInterceptor) (any, error) {
			in := new(emptypb.Empty)
			if err := dec(in); err != nil {
				return nil, err
			}
			h := func(ctx context.Context, _ any) (any, error) {
				return wrapperspb.String(srv.(testService).whoAmI(ctx)), nil
			}
			if ic == nil {
				return h(ctx, in)
			}
			return ic(ctx, in, &grpc.UnaryServerInfo{Server: srv, FullMethod: "/plein.test.v1.Test/WhoAmI"}, h)
		}},
	},
}

func start(t *testing.T) *grpc.ClientConn {
	t.Helper()
	s, h := grpcserver.New(testkit.Logger(t))
	s.RegisterService(&desc, impl{})
	h.SetServingStatus("", healthpb.HealthCheckResponse_SERVING)
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- grpcserver.Serve(ctx, s, lis, time.Second) }()
	t.Cleanup(func() {
		cancel()
		if err := <-served; err != nil {
			t.Errorf("Serve = %v", err)
		}
	})
	conn, err := grpc.NewClient(lis.Addr().String(), grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	return conn
}

func TestPanicBecomesInternal(t *testing.T) {
	conn := start(t)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	err := conn.Invoke(ctx, "/plein.test.v1.Test/Panic", &emptypb.Empty{}, &emptypb.Empty{})
	st := status.Convert(err)
	if st.Code() != codes.Internal || st.Message() != "internal error" {
		t.Errorf("Panic = %v, want Internal \"internal error\"", err)
	}
	// The server survives.
	resp, err := healthpb.NewHealthClient(conn).Check(ctx, &healthpb.HealthCheckRequest{})
	if err != nil || resp.GetStatus() != healthpb.HealthCheckResponse_SERVING {
		t.Errorf("health after panic: %v, %v", resp, err)
	}
}

func TestIdentityRoundTrip(t *testing.T) {
	conn := start(t)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	tests := []struct {
		name string
		id   identity.Identity
		want string
	}{
		{"anonymous", identity.Identity{}, "||"},
		{"full", identity.Identity{UserID: "u1", Roles: []string{identity.RoleOrganiser, identity.RoleAmbassador}, AmbassadorID: "a9"},
			"u1|organiser,ambassador|a9"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := new(wrapperspb.StringValue)
			if err := conn.Invoke(identity.Outgoing(ctx, tt.id), "/plein.test.v1.Test/WhoAmI", &emptypb.Empty{}, out); err != nil {
				t.Fatal(err)
			}
			if out.GetValue() != tt.want {
				t.Errorf("WhoAmI = %q, want %q", out.GetValue(), tt.want)
			}
		})
	}
}
