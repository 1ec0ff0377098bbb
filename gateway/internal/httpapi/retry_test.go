package httpapi

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/connectivity"
	"google.golang.org/grpc/credentials/insecure"

	"plein.dev/gateway/internal/accounts"
	"plein.dev/gateway/internal/idempotency"
	"plein.dev/gateway/internal/rpcretry"
	"plein.dev/gateway/migrations"
	"plein.dev/platform/testkit"
	registrationsv1 "plein.dev/proto/gen/plein/registrations/v1"
)

type registrationsStub struct {
	registrationsv1.UnimplementedRegistrationsServiceServer
}

func (registrationsStub) CreateRegistration(context.Context, *registrationsv1.CreateRegistrationRequest) (*registrationsv1.CreateRegistrationResponse, error) {
	return &registrationsv1.CreateRegistrationResponse{}, nil
}

// serveRegistrations serves the stub on addr ("127.0.0.1:0" for any port)
// and returns the server and the address it listens on.
func serveRegistrations(t *testing.T, addr string) (*grpc.Server, string) {
	t.Helper()
	lis, err := net.Listen("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	srv := grpc.NewServer()
	registrationsv1.RegisterRegistrationsServiceServer(srv, registrationsStub{})
	go func() { _ = srv.Serve(lis) }()
	return srv, lis.Addr().String()
}

// TestRidesOutARestart: the registrations service stops and starts again
// on the same port; a registration sent with an Idempotency-Key while it
// is away is answered 201 once it is back. A service that stays away past
// the deadline is a 503 problem with Retry-After.
func TestRidesOutARestart(t *testing.T) {
	t.Parallel()
	srv, addr := serveRegistrations(t, "127.0.0.1:0")
	const limit = 3 * time.Second
	conn, err := grpc.NewClient(addr, grpc.WithTransportCredentials(insecure.NewCredentials()), rpcretry.ConnectParams(),
		grpc.WithChainUnaryInterceptor(Deadline(limit), rpcretry.Interceptor(Repeatable, rpcretry.DefaultBackoff)))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = conn.Close() })
	db := testkit.DB(t, migrations.FS)
	accts, err := accounts.New(db, time.Now, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	api, err := New(context.Background(), Options{Accounts: accts, Log: testkit.Logger(t),
		Idempotency: idempotency.New(db, testkit.Logger(t), time.Now),
		Backends:    Backends{Events: conn, Registrations: conn, Ambassadors: conn, Notifications: conn}})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(api)
	t.Cleanup(ts.Close)
	register := func(key string) (*http.Response, Problem) {
		req, _ := http.NewRequest(http.MethodPost, ts.URL+"/api/v1/events/e1/registrations",
			strings.NewReader(`{"name":"Anna","email":"anna@example.nl","consent":true}`))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set(idempotency.Header, key)
		resp, err := ts.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var p Problem
		_ = json.NewDecoder(resp.Body).Decode(&p)
		return resp, p
	}
	if resp, p := register("k1"); resp.StatusCode != http.StatusCreated {
		t.Fatalf("before the restart: %d %+v", resp.StatusCode, p)
	}

	srv.Stop()
	restarted := make(chan *grpc.Server, 1)
	time.AfterFunc(500*time.Millisecond, func() {
		srv, _ := serveRegistrations(t, addr)
		restarted <- srv
	})
	start := time.Now()
	if resp, p := register("k2"); resp.StatusCode != http.StatusCreated {
		t.Fatalf("during the restart, after %v: %d %+v", time.Since(start), resp.StatusCode, p)
	}
	t.Logf("answered 201 %v after the stop", time.Since(start))

	(<-restarted).Stop()
	for conn.GetState() == connectivity.Ready {
		time.Sleep(5 * time.Millisecond)
	}
	start = time.Now()
	resp, p := register("k3")
	took := time.Since(start)
	if resp.StatusCode != http.StatusServiceUnavailable || p.Status != http.StatusServiceUnavailable ||
		resp.Header.Get("Content-Type") != "application/problem+json" || resp.Header.Get("Retry-After") == "" {
		t.Fatalf("a service that stays away: %d %q Retry-After %q %+v", resp.StatusCode,
			resp.Header.Get("Content-Type"), resp.Header.Get("Retry-After"), p)
	}
	if took < limit-100*time.Millisecond {
		t.Errorf("503 after %v, before the deadline of %v", took, limit)
	}
}

// TestRepeatable: reads and PUT/DELETE may be repeated; of the POSTs, only
// a registration sent with a claimed Idempotency-Key (the service refuses
// a second registration of the address); any other keyed POST, such as a
// new event, may not, for the service may have saved it before going away.
func TestRepeatable(t *testing.T) {
	t.Parallel()
	db := testkit.DB(t, migrations.FS)
	idem := idempotency.New(db, testkit.Logger(t), time.Now)
	const (
		createRegistration = "/plein.registrations.v1.RegistrationsService/CreateRegistration"
		createEvent        = "/plein.events.v1.EventsService/CreateEvent"
	)
	for i, tc := range []struct {
		method, rpc string
		key         bool
		want        bool
	}{
		{http.MethodGet, createEvent, false, true},
		{http.MethodPut, createEvent, false, true},
		{http.MethodDelete, createEvent, false, true},
		{http.MethodPost, createRegistration, true, true},
		{http.MethodPost, createRegistration, false, false},
		{http.MethodPost, createEvent, true, false},
		{http.MethodPatch, createEvent, false, false},
	} {
		var got bool
		h := rpcretry.SafeMethods(idem.Middleware(func(*http.Request) string { return "s" },
			func(w http.ResponseWriter, status int, _ string) { w.WriteHeader(status) },
			http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				got = Repeatable(r.Context(), tc.rpc)
				w.WriteHeader(http.StatusNoContent)
			})))
		r := httptest.NewRequest(tc.method, "/api/v1/x", strings.NewReader(`{}`))
		if tc.key {
			r.Header.Set(idempotency.Header, fmt.Sprint("key-", i))
		}
		h.ServeHTTP(httptest.NewRecorder(), r)
		if got != tc.want {
			t.Errorf("%s %s, key %v: repeatable %v, want %v", tc.method, tc.rpc, tc.key, got, tc.want)
		}
	}
}
