// Package httpapi is the gateway's HTTP API: authentication, the hand-written
// account routes, the services' APIs through grpc-gateway, problem+json for
// every error, health and the OpenAPI document.
package httpapi

import (
	"context"
	"log/slog"
	"net/http"
	"net/netip"
	"time"

	"github.com/grpc-ecosystem/grpc-gateway/v2/runtime"
	"github.com/prometheus/client_golang/prometheus"
	"google.golang.org/grpc"
	"google.golang.org/protobuf/encoding/protojson"

	"plein.dev/gateway/internal/accounts"
	"plein.dev/gateway/internal/clientaddr"
	"plein.dev/gateway/internal/erasure"
	"plein.dev/gateway/internal/httplog"
	"plein.dev/gateway/internal/idempotency"
	"plein.dev/gateway/internal/openapi"
	"plein.dev/gateway/internal/rpcretry"
	"plein.dev/gateway/internal/seats"
	"plein.dev/platform/identity"
	ambassadorsv1 "plein.dev/proto/gen/plein/ambassadors/v1"
	eventsv1 "plein.dev/proto/gen/plein/events/v1"
	notificationsv1 "plein.dev/proto/gen/plein/notifications/v1"
	registrationsv1 "plein.dev/proto/gen/plein/registrations/v1"
)

// Backends are the gRPC connections to the services.
type Backends struct {
	Events        grpc.ClientConnInterface
	Registrations grpc.ClientConnInterface
	Ambassadors   grpc.ClientConnInterface
	Notifications grpc.ClientConnInterface
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
	// TrustedProxies are the peers whose X-Forwarded-For or Forwarded
	// header names the client (clientaddr).
	TrustedProxies []netip.Prefix
	// RegistrationRate is how many registrations a client address may make
	// a minute; 0 means no limit.
	RegistrationRate int
	// IdeaRate is how many ideas a client address may submit a minute;
	// 0 means no limit.
	IdeaRate int
	Log      *slog.Logger
	// Links addresses and sends invitations (accounts.Links).
	Links accounts.Links
	// RetentionDays is PLEIN_RETENTION_DAYS, as the processing register
	// tells it.
	RetentionDays int
	// Erasures records and follows the erasures of people (erasure.go);
	// nil serves none.
	Erasures *erasure.Store
	// Metrics are served on /metrics with the API's own: the gateway's
	// database and outbox, and in the all-in-one every service's.
	Metrics prometheus.Gatherer
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
	links    accounts.Links
	// ambassadors checks an invitation's ambassador (invitations.go).
	ambassadors progressClient
	handler     http.Handler
	metrics     *metrics
	// ideas limits the ideas an address submits, the API's and the
	// form's alike (IdeaLimit).
	ideas *limiter
}

// New builds the HTTP API. It fails when the route table (routes.go) and
// the rules of proto/plein/http.yaml do not match one to one.
func New(ctx context.Context, o Options) (*Server, error) {
	ops, err := openapi.Generated()
	if err != nil {
		return nil, err
	}
	bound, err := bindRoutes(routes, ops)
	if err != nil {
		return nil, err
	}
	s := &Server{accounts: o.Accounts, ready: o.Ready, openapi: o.OpenAPI, secure: o.SecureCookies,
		ttl: o.SessionTTL, log: o.Log, csrf: http.NewCrossOriginProtection(), throttle: newSignInThrottle(time.Now),
		links: o.Links, ambassadors: ambassadorsv1.NewAmbassadorsServiceClient(o.Backends.Ambassadors)}
	s.csrf.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		writeProblem(w, newProblem(http.StatusForbidden, "cross-origin request refused"))
	}))

	gw := runtime.NewServeMux(
		// The access table is checked by method and path: a form POST must
		// not be served as the GET of its path, nor a header turn a POST
		// into another method.
		runtime.WithDisablePathLengthFallback(),
		runtime.WithDisableHTTPMethodOverride(),
		runtime.WithMarshalerOption(runtime.MIMEWildcard, plainJSON{&runtime.JSONPb{
			MarshalOptions:   protojson.MarshalOptions{EmitDefaultValues: true},
			UnmarshalOptions: protojson.UnmarshalOptions{DiscardUnknown: false},
		}}),
		runtime.WithErrorHandler(func(ctx context.Context, _ *runtime.ServeMux, _ runtime.Marshaler, w http.ResponseWriter, r *http.Request, err error) {
			recordRoute(ctx)
			if p, ok := inputProblem(ctx, r, err); ok { // decode_errors.go
				writeProblem(w, p)
				return
			}
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
		runtime.WithForwardResponseOption(recordListingGeneration), // listing.go
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
	if err := notificationsv1.RegisterNotificationsServiceHandlerClient(ctx, gw, notificationsv1.NewNotificationsServiceClient(b.Notifications)); err != nil {
		return nil, err
	}

	mux := http.NewServeMux()
	m := newMetrics(o.Metrics)
	s.metrics = m
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
	mux.HandleFunc("PATCH /api/v1/me", requireUser(s.updateMe)) // me.go
	mux.HandleFunc("POST /api/v1/tokens", requireUser(s.createToken))
	mux.HandleFunc("POST /api/v1/users", requireRole(identity.RoleAdmin, s.createUser))
	mux.HandleFunc("GET /api/v1/users", requireRole(identity.RoleAdmin, s.listUsers))
	deadLetters := newDeadLetterServices(b) // deadletters.go
	m.registry.MustRegister(newDeadLetterCollector(deadLetters, s.log))
	mux.HandleFunc("GET /api/v1/dead-letters", requireRole(identity.RoleAdmin, deadLetters.list(s.log)))
	mux.HandleFunc("POST /api/v1/dead-letters/{deadLetterId}/retry", requireRole(identity.RoleAdmin, deadLetters.retry))
	mux.HandleFunc("DELETE /api/v1/dead-letters/{deadLetterId}", requireRole(identity.RoleAdmin, deadLetters.discard))
	mux.HandleFunc("PATCH /api/v1/users/{userId}", requireRole(identity.RoleAdmin, s.updateUser))
	mux.HandleFunc("POST /api/v1/organisations", requireRole(identity.RoleAdmin, s.createOrganisation)) // organisations.go
	mux.HandleFunc("GET /api/v1/organisations", requireUser(s.listOrganisations))
	mux.HandleFunc("GET /api/v1/people/export", requireRole(identity.RoleAdmin, newPeopleExport(o.Accounts, b, s.log).serve)) // export.go
	mux.HandleFunc("GET /api/v1/privacy/register", requireRole(identity.RoleAdmin, processingRegister(o.RetentionDays)))      // register.go
	if o.Erasures != nil {
		er := erasures{store: o.Erasures, log: s.log} // erasure.go
		mux.HandleFunc("DELETE /api/v1/people", requireRole(identity.RoleAdmin, er.request))
		mux.HandleFunc("GET /api/v1/erasures/{erasureId}", requireRole(identity.RoleAdmin, er.get))
	}
	mux.HandleFunc("GET /api/v1/tokens", requireUser(s.listTokens))
	mux.HandleFunc("DELETE /api/v1/tokens/{tokenId}", requireUser(s.revokeToken))
	mux.HandleFunc("POST /api/v1/invitations", requireUser(s.invite))
	mux.HandleFunc("GET /api/v1/events/{eventId}/calendar.ics", eventCalendar(eventsv1.NewEventsServiceClient(b.Events)))
	mux.HandleFunc("GET /api/v1/calendar.ics", calendarFeed(eventsv1.NewEventsServiceClient(b.Events)))
	rpcs := recordBodyFaults(gw) // decode_errors.go
	regs := registrationRoutes(rpcs, registrationsv1.NewRegistrationsServiceClient(b.Registrations))
	reports := reportCSV(ambassadorsv1.NewAmbassadorsServiceClient(b.Ambassadors), regs) // report_csv.go
	// Public routes fall through to regs below; the others are checked
	// here first (routes.go).
	for _, rt := range bound {
		if rt.access != public {
			mux.Handle(rt.pattern, rt.access.guard(reports))
		}
	}
	// Named here for the metrics' route label; limited below.
	mux.Handle("POST /api/v1/events/{eventId}/registrations", rpcs)
	listings := newListingCache(eventsv1.NewEventsServiceClient(b.Events)) // listing.go
	m.registry.MustRegister(listings.served)
	mux.Handle("GET /api/v1/events", listings.serve(regs))
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
	// The rate limit comes before the idempotency store: a 429 is no answer
	// to keep, and a refused request must not claim its key.
	limited := http.NewServeMux()
	limited.Handle("POST /api/v1/events/{eventId}/registrations", newLimiter(o.RegistrationRate, time.Now).limit(api))
	s.ideas = ideaLimiter(o.IdeaRate, time.Now)
	limited.Handle("POST /api/v1/programmes/{programmeId}/ideas", s.ideas.limit(api)) // ratelimit_ideas.go
	limited.Handle("/", api)
	s.handler = clientaddr.New(o.TrustedProxies).Middleware(m.observe(mux, httplog.Access(s.log, "http",
		headers(recoverPanics(s.log, rpcretry.SafeMethods(checkBody(s.authenticate(limited))))))))
	return s, nil
}

func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

// callerScope separates the idempotency keys of different callers: a
// signed-in caller by account, anyone else by address.
func callerScope(r *http.Request) string {
	if u, ok := userFrom(r.Context()); ok {
		return "user:" + u.ID
	}
	return "addr:" + clientaddr.Of(r)
}
