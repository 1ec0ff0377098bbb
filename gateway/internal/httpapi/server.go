// Package httpapi is the gateway's HTTP API: authentication, the hand-written
// account routes, the services' APIs through grpc-gateway, problem+json for
// every error, health and the OpenAPI document.
package httpapi

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/grpc-ecosystem/grpc-gateway/v2/runtime"
	"google.golang.org/grpc"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"

	"plein.dev/gateway/internal/accounts"
	"plein.dev/gateway/internal/idempotency"
	"plein.dev/gateway/internal/seats"
	"plein.dev/platform/identity"
	ambassadorsv1 "plein.dev/proto/gen/plein/ambassadors/v1"
	eventsv1 "plein.dev/proto/gen/plein/events/v1"
	registrationsv1 "plein.dev/proto/gen/plein/registrations/v1"
)

// Backends are the gRPC connections to the services.
type Backends struct {
	Events        grpc.ClientConnInterface
	Registrations grpc.ClientConnInterface
	Ambassadors   grpc.ClientConnInterface
}

// Check is a named readiness check.
type Check struct {
	Name  string
	Check func(ctx context.Context) error
}

// Options configure the HTTP API.
type Options struct {
	Accounts *accounts.Store
	Backends Backends
	// Ready lists what /readyz checks.
	Ready []Check
	// OpenAPI is the served OpenAPI document.
	OpenAPI []byte
	// Seats feeds the live seat-count streams.
	Seats *seats.Hub
	// Idempotency keeps the answers to POSTs sent with an Idempotency-Key.
	Idempotency *idempotency.Store
	// SecureCookies marks the session cookie Secure (behind TLS).
	SecureCookies bool
	SessionTTL    time.Duration
	// RegistrationRate is how many registrations a client address may make
	// a minute; 0 means no limit.
	RegistrationRate int
	Log              *slog.Logger
}

// Server is the gateway's HTTP handler.
type Server struct {
	accounts *accounts.Store
	ready    []Check
	openapi  []byte
	secure   bool
	ttl      time.Duration
	log      *slog.Logger
	csrf     *http.CrossOriginProtection
	throttle *signInThrottle
	handler  http.Handler
}

// New builds the HTTP API.
func New(ctx context.Context, o Options) (*Server, error) {
	s := &Server{accounts: o.Accounts, ready: o.Ready, openapi: o.OpenAPI, secure: o.SecureCookies,
		ttl: o.SessionTTL, log: o.Log, csrf: http.NewCrossOriginProtection(), throttle: newSignInThrottle(time.Now)}
	s.csrf.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		writeProblem(w, newProblem(http.StatusForbidden, "cross-origin request refused"))
	}))

	gw := runtime.NewServeMux(
		runtime.WithMarshalerOption(runtime.MIMEWildcard, &runtime.JSONPb{
			MarshalOptions:   protojson.MarshalOptions{EmitDefaultValues: true},
			UnmarshalOptions: protojson.UnmarshalOptions{DiscardUnknown: false},
		}),
		runtime.WithErrorHandler(func(ctx context.Context, _ *runtime.ServeMux, _ runtime.Marshaler, w http.ResponseWriter, _ *http.Request, err error) {
			recordRoute(ctx)
			writeProblem(w, problemFromStatus(err))
		}),
		runtime.WithRoutingErrorHandler(func(_ context.Context, _ *runtime.ServeMux, _ runtime.Marshaler, w http.ResponseWriter, _ *http.Request, code int) {
			if code == http.StatusMethodNotAllowed {
				writeProblem(w, newProblem(code, "method not allowed on this path"))
				return
			}
			writeProblem(w, newProblem(http.StatusNotFound, "no such path"))
		}),
		// Nothing from the client's headers becomes gRPC metadata: the
		// caller's identity is set by the gateway alone.
		runtime.WithIncomingHeaderMatcher(func(string) (string, bool) { return "", false }),
		runtime.WithOutgoingHeaderMatcher(func(string) (string, bool) { return "", false }),
		runtime.WithForwardResponseOption(successStatus),
	)
	b := o.Backends
	if err := eventsv1.RegisterEventsServiceHandlerClient(ctx, gw, eventsv1.NewEventsServiceClient(b.Events)); err != nil {
		return nil, err
	}
	if err := registrationsv1.RegisterRegistrationsServiceHandlerClient(ctx, gw, registrationsv1.NewRegistrationsServiceClient(b.Registrations)); err != nil {
		return nil, err
	}
	if err := ambassadorsv1.RegisterAmbassadorsServiceHandlerClient(ctx, gw, ambassadorsv1.NewAmbassadorsServiceClient(b.Ambassadors)); err != nil {
		return nil, err
	}

	mux := http.NewServeMux()
	m := newMetrics()
	mux.Handle("GET /metrics", m.handler())
	mux.HandleFunc("GET /healthz", s.healthz)
	mux.HandleFunc("GET /readyz", s.readyz)
	mux.HandleFunc("GET /api/v1/openapi.json", s.openAPI)
	if o.Seats != nil {
		mux.HandleFunc("GET /api/v1/events/{eventId}/seats/stream", s.seatStream(o.Seats, registrationsv1.NewRegistrationsServiceClient(b.Registrations)))
	}
	mux.HandleFunc("POST /api/v1/sessions", s.signIn)
	mux.HandleFunc("DELETE /api/v1/sessions/current", requireUser(s.signOut))
	mux.HandleFunc("GET /api/v1/me", requireUser(s.me))
	mux.HandleFunc("POST /api/v1/tokens", requireUser(s.createToken))
	mux.HandleFunc("POST /api/v1/users", requireRole("admin", s.createUser))
	mux.HandleFunc("GET /api/v1/users", requireRole("admin", s.listUsers))
	mux.HandleFunc("GET /api/v1/events/{eventId}/calendar.ics", eventCalendar(eventsv1.NewEventsServiceClient(b.Events)))
	mux.HandleFunc("GET /api/v1/calendar.ics", calendarFeed(eventsv1.NewEventsServiceClient(b.Events)))
	regs := registrationRoutes(gw, registrationsv1.NewRegistrationsServiceClient(b.Registrations))
	reports := reportCSV(ambassadorsv1.NewAmbassadorsServiceClient(b.Ambassadors), regs) // report_csv.go
	for _, rule := range access {
		mux.Handle(rule.pattern, requireRole(rule.role, func(w http.ResponseWriter, r *http.Request, _ accounts.User) {
			reports.ServeHTTP(w, r)
		}))
	}
	regLimit := newLimiter(o.RegistrationRate, time.Now)
	mux.Handle("POST /api/v1/events/{eventId}/registrations", regLimit.limit(gw))
	mux.Handle("/api/v1/", regs)
	mux.HandleFunc("/", func(w http.ResponseWriter, _ *http.Request) {
		writeProblem(w, newProblem(http.StatusNotFound, "no such path"))
	})
	var api http.Handler = mux
	if o.Idempotency != nil {
		idem := o.Idempotency.Middleware(callerScope, func(w http.ResponseWriter, status int, detail string) {
			writeProblem(w, newProblem(status, detail))
		}, mux)
		// A sign-in answers with a cookie, which a replay must not hand out
		// again: sign-ins are not idempotent.
		api = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path == "/api/v1/sessions" {
				mux.ServeHTTP(w, r)
				return
			}
			idem.ServeHTTP(w, r)
		})
	}
	s.handler = m.observe(mux, s.accessLog(headers(checkBody(s.authenticate(api)))))
	return s, nil
}

func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

// access lists the service routes that need a role. The gateway checks it
// first; the services check again, and also ownership (an ambassador's own
// activities, a registration's token). Routes not listed are open to
// anyone, who then sees only what the service shows the public.
var access = []struct{ pattern, role string }{
	{"POST /api/v1/venues", identity.RoleOrganiser},
	{"POST /api/v1/venues/{venueId}/rooms", identity.RoleOrganiser},
	{"PATCH /api/v1/venues/{venueId}", identity.RoleOrganiser},
	{"PATCH /api/v1/rooms/{roomId}", identity.RoleOrganiser},
	{"GET /api/v1/rooms/{roomId}/occupancy", identity.RoleOrganiser},
	{"POST /api/v1/event-proposals", anyRole},
	{"POST /api/v1/events/{eventId}/approve", identity.RoleOrganiser},
	{"POST /api/v1/events/{eventId}/decline", identity.RoleOrganiser},
	{"GET /api/v1/rooms/{roomId}/bookings", identity.RoleOrganiser},
	{"GET /api/v1/rooms/{roomId}/free-slots", identity.RoleOrganiser},
	{"POST /api/v1/events", identity.RoleOrganiser},
	{"PATCH /api/v1/events/{eventId}", identity.RoleOrganiser},
	{"POST /api/v1/events/{eventId}/publish", identity.RoleOrganiser},
	{"POST /api/v1/events/{eventId}/cancel", identity.RoleOrganiser},
	{"POST /api/v1/events/{eventId}/complete", identity.RoleOrganiser},
	{"GET /api/v1/events/{eventId}/registrations", identity.RoleOrganiser},
	{"POST /api/v1/registrations/{registrationId}/check-in", identity.RoleOrganiser},
	{"POST /api/v1/events/{eventId}/check-ins", identity.RoleOrganiser},
	{"PUT /api/v1/events/{eventId}/questions", identity.RoleOrganiser},
	{"GET /api/v1/events/{eventId}/attendance", identity.RoleOrganiser},
	{"GET /api/v1/people/export", identity.RoleAdmin},
	{"DELETE /api/v1/people", identity.RoleAdmin},
	{"POST /api/v1/programmes", identity.RoleOrganiser},
	{"PATCH /api/v1/programmes/{programmeId}", identity.RoleOrganiser},
	{"POST /api/v1/programmes/{programmeId}/ambassadors", identity.RoleOrganiser},
	{"PATCH /api/v1/ambassadors/{ambassadorId}", identity.RoleOrganiser},
	{"GET /api/v1/programmes/{programmeId}/report", identity.RoleOrganiser},
	{"GET /api/v1/programmes/{programmeId}/progress", identity.RoleOrganiser},
	{"POST /api/v1/activities/{activityId}/review", identity.RoleOrganiser},
	{"GET /api/v1/ambassadors/{ambassadorId}/progress", anyRole},
	{"PUT /api/v1/ambassadors/{ambassadorId}/leaderboard-opt-out", anyRole},
	{"GET /api/v1/ambassadors/{ambassadorId}/activities", anyRole},
	{"POST /api/v1/ambassadors/{ambassadorId}/activities", anyRole},
	{"PATCH /api/v1/activities/{activityId}", anyRole},
	{"DELETE /api/v1/activities/{activityId}", anyRole},
}

// callerScope separates the idempotency keys of different callers: a
// signed-in caller by account, anyone else by address.
func callerScope(r *http.Request) string {
	if u, ok := userFrom(r.Context()); ok {
		return "user:" + u.ID
	}
	return "addr:" + clientAddr(r)
}

// created and noContent list the RPCs whose success is not a plain 200.
var (
	created = map[string]bool{
		"CreateVenue": true, "CreateRoom": true, "CreateEvent": true, "ProposeEvent": true, "CreateRegistration": true,
		"CreateProgramme": true, "AppointAmbassador": true, "LogActivity": true,
	}
	noContent = map[string]bool{"CancelRegistration": true, "DeleteActivity": true}
)

// SuccessStatus is the status the gateway answers an RPC's success with.
func SuccessStatus(rpc string) int {
	switch {
	case created[rpc]:
		return http.StatusCreated
	case noContent[rpc]:
		return http.StatusNoContent
	}
	return http.StatusOK
}

func successStatus(ctx context.Context, w http.ResponseWriter, _ proto.Message) error {
	recordRoute(ctx)
	method, ok := runtime.RPCMethod(ctx)
	if !ok {
		return nil
	}
	switch code := SuccessStatus(method[strings.LastIndex(method, "/")+1:]); code {
	case http.StatusOK:
	case http.StatusNoContent:
		w.Header().Del("Content-Type")
		w.WriteHeader(code)
	default:
		w.WriteHeader(code)
	}
	return nil
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
	code, state := http.StatusOK, "ready"
	for _, res := range results {
		if !res.Ready {
			code, state = http.StatusServiceUnavailable, "not ready"
		}
	}
	writeJSON(w, code, map[string]any{"status": state, "checks": results})
}

// GRPCHealth returns a readiness check of a service's gRPC health.
func GRPCHealth(name string, conn grpc.ClientConnInterface) Check {
	client := healthpb.NewHealthClient(conn)
	return Check{Name: name, Check: func(ctx context.Context) error {
		resp, err := client.Check(ctx, &healthpb.HealthCheckRequest{})
		if err != nil {
			return errors.New("unreachable")
		}
		if resp.GetStatus() != healthpb.HealthCheckResponse_SERVING {
			return errors.New(strings.ToLower(resp.GetStatus().String()))
		}
		return nil
	}}
}

func (s *Server) openAPI(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Access-Control-Allow-Origin", "*")
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write(s.openapi)
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	_ = json.NewEncoder(w).Encode(v) // the client may be gone; nothing to do then
}

// decode reads a JSON body strictly: unknown fields, trailing data and
// oversized bodies are refused with a problem written to w.
func decode(w http.ResponseWriter, r *http.Request, v any) bool {
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	err := dec.Decode(v)
	if err == nil {
		if dec.Decode(&struct{}{}) != io.EOF {
			err = errors.New("unexpected data after the JSON value")
		}
	}
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			writeProblem(w, newProblem(http.StatusRequestEntityTooLarge, "the request body is too large"))
			return false
		}
		writeProblem(w, newProblem(http.StatusBadRequest, "malformed JSON: "+err.Error()))
		return false
	}
	return true
}
