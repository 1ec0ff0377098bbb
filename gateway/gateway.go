// Package gateway is Plein's only public entry: the HTTP API and pages in
// front of the services' gRPC APIs. Run starts it; cmd/gateway is its
// binary.
package gateway

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"path/filepath"
	"strings"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/prometheus/client_golang/prometheus"
	"go.opentelemetry.io/otel/trace"
	"google.golang.org/grpc"

	"plein.dev/gateway/internal/accounts"
	"plein.dev/gateway/internal/clientaddr"
	"plein.dev/gateway/internal/erasure"
	"plein.dev/gateway/internal/httpapi"
	"plein.dev/gateway/internal/httptrace"
	"plein.dev/gateway/internal/idempotency"
	"plein.dev/gateway/internal/openapi"
	"plein.dev/gateway/internal/rpcretry"
	"plein.dev/gateway/internal/seats"
	"plein.dev/gateway/internal/web"
	"plein.dev/gateway/migrations"
	"plein.dev/platform/backup"
	"plein.dev/platform/config"
	"plein.dev/platform/identity"
	"plein.dev/platform/messaging"
	"plein.dev/platform/seal"
	"plein.dev/platform/sqlite"
	"plein.dev/platform/tlsconf"
	"plein.dev/platform/tracing"
	ambassadorsv1 "plein.dev/proto/gen/plein/ambassadors/v1"
	eventsv1 "plein.dev/proto/gen/plein/events/v1"
	notificationsv1 "plein.dev/proto/gen/plein/notifications/v1"
	registrationsv1 "plein.dev/proto/gen/plein/registrations/v1"
)

// Config is the gateway's configuration.
type Config struct {
	config.Common
	HTTPAddr               string
	EventsAddr             string
	RegistrationsAddr      string
	AmbassadorsAddr        string
	NotificationsAddr      string
	BootstrapAdminEmail    string
	BootstrapAdminPassword string
	BaseURL                string
	RegistrationRate       int
	// IdeaRate is how many ideas a client address may submit a minute
	// (PLEIN_IDEA_RATE); 0 means no limit.
	IdeaRate int
	// TrustedProxies: comma-separated CIDRs of the proxies whose
	// X-Forwarded-For or Forwarded header names the client.
	TrustedProxies string
	SessionTTL     time.Duration
	// RPCTimeout caps the deadline of every call to a service.
	RPCTimeout time.Duration
	// EmbedOrigins may frame /embed, space separated.
	EmbedOrigins string
	// SealKey is the keyring (PLEIN_SEAL_KEY, shared with the services)
	// that seals the address and name of the accounts announced on the
	// bus, and opens the digest's unsubscribe links; empty announces
	// accounts without them.
	SealKey string
	// RetentionDays is how many days after an event ended its attendees'
	// personal data is kept (PLEIN_RETENTION_DAYS; the services anonymise,
	// the privacy statement and the processing register tell it).
	RetentionDays int
	// Listening, if set, is told the HTTP address once it listens.
	Listening func(net.Addr)
	// ServiceMetrics, if set, are the metrics of the services running in
	// the same process (the all-in-one), served with the gateway's on
	// /metrics and on MetricsAddr.
	ServiceMetrics prometheus.Gatherer
}

// Register adds the gateway's own settings to f.
func (c *Config) Register(f *config.FlagSet) {
	f.String(&c.HTTPAddr, "http-addr", "PLEIN_HTTP_ADDR", ":8080", "gateway listen address")
	f.String(&c.BootstrapAdminEmail, "bootstrap-admin-email", "PLEIN_BOOTSTRAP_ADMIN_EMAIL", "", "on a start with no accounts, create this administrator")
	f.String(&c.BootstrapAdminPassword, "bootstrap-admin-password", "PLEIN_BOOTSTRAP_ADMIN_PASSWORD", "", "password of the bootstrap administrator")
	f.String(&c.BaseURL, "base-url", "PLEIN_BASE_URL", "http://localhost:8080", "public URL used in e-mailed links")
	f.Int(&c.RegistrationRate, "registration-rate", "PLEIN_REGISTRATION_RATE", 60, "registrations accepted per client address per minute; 0 = no limit")
	f.Int(&c.IdeaRate, "idea-rate", "PLEIN_IDEA_RATE", 5, "ideas accepted per client address per minute; 0 = no limit")
	f.String(&c.TrustedProxies, "trusted-proxies", "PLEIN_TRUSTED_PROXIES", "", "comma-separated CIDRs of proxies whose X-Forwarded-For/Forwarded names the client; none by default")
	f.Duration(&c.SessionTTL, "session-ttl", "PLEIN_SESSION_TTL", 12*time.Hour, "how long a sign-in lasts")
	f.Duration(&c.RPCTimeout, "rpc-timeout", "PLEIN_RPC_TIMEOUT", defaultRPCTimeout, "longest wait for a service's answer to one call; then 504")
	f.String(&c.SealKey, "seal-key", "PLEIN_SEAL_KEY", "", "keyring sealing manage tokens for the e-mails, id:base64key,... (the first seals); shared with the registrations service")
	f.String(&c.EmbedOrigins, "embed-origins", "PLEIN_EMBED_ORIGINS", "", "origins allowed to frame /embed (space separated); none by default")
	config.RegisterRetention(f, &c.RetentionDays)
}

// RegisterBackends adds the services' addresses to f; the all-in-one binary
// shares them with the services' own listen settings instead.
func (c *Config) RegisterBackends(f *config.FlagSet) {
	f.String(&c.EventsAddr, "events-addr", "PLEIN_EVENTS_ADDR", "127.0.0.1:7001", "gRPC address of the events service")
	f.String(&c.RegistrationsAddr, "registrations-addr", "PLEIN_REGISTRATIONS_ADDR", "127.0.0.1:7002", "gRPC address of the registrations service")
	f.String(&c.AmbassadorsAddr, "ambassadors-addr", "PLEIN_AMBASSADORS_ADDR", "127.0.0.1:7003", "gRPC address of the ambassadors service")
	f.String(&c.NotificationsAddr, "notifications-addr", "PLEIN_NOTIFICATIONS_ADDR", "127.0.0.1:7004", "gRPC address of the notifications service")
}

// defaultRPCTimeout is PLEIN_RPC_TIMEOUT's default.
const defaultRPCTimeout = 10 * time.Second

// forwardIdentity sets the caller's identity, as the gateway authenticated
// it, as the call's metadata.
func forwardIdentity(ctx context.Context, method string, req, reply any, cc *grpc.ClientConn, invoker grpc.UnaryInvoker, opts ...grpc.CallOption) error {
	return invoker(identity.Outgoing(ctx, identity.FromContext(ctx)), method, req, reply, cc, opts...)
}

// dial connects to a service; every call gets the caller's identity and
// a deadline at most timeout away, within which it waits for a restarting
// service and, when it may be repeated, is repeated (rpcretry); with traces
// on, it carries the request's trace.
func dial(addr string, tlsc config.TLS, timeout time.Duration, traces trace.TracerProvider) (*grpc.ClientConn, error) {
	creds, err := tlsconf.Client(tlsc, addr)
	if err != nil {
		return nil, err
	}
	if timeout <= 0 {
		timeout = defaultRPCTimeout
	}
	conn, err := grpc.NewClient(addr,
		grpc.WithTransportCredentials(creds),
		rpcretry.ConnectParams(),
		tracing.DialOption(traces),
		grpc.WithChainUnaryInterceptor(forwardIdentity, idempotency.ForwardKey, httpapi.Deadline(timeout),
			rpcretry.Interceptor(httpapi.Repeatable, rpcretry.DefaultBackoff)))
	if err != nil {
		return nil, fmt.Errorf("dial %s: %w", addr, err)
	}
	return conn, nil
}

// Run runs the gateway until ctx is done.
func Run(ctx context.Context, cfg Config, log *slog.Logger) (err error) {
	log = log.With("service", "gateway")
	dbPath := filepath.Join(cfg.DataDir, "gateway.db")
	db, err := sqlite.Open(ctx, dbPath, migrations.FS, log)
	if err != nil {
		return fmt.Errorf("gateway: %w", err)
	}
	db.Trace(cfg.Traces)
	defer func() {
		if cerr := db.Close(); cerr != nil {
			err = errors.Join(err, fmt.Errorf("gateway: close database: %w", cerr))
		}
	}()
	backupCtx, stopBackups := context.WithCancel(ctx)
	backups := make(chan struct{})
	go func() {
		defer close(backups)
		backup.Schedule(backupCtx, dbPath, "gateway", cfg.Backup, log)
	}()
	defer func() { stopBackups(); <-backups }()
	ttl := cfg.SessionTTL
	if ttl <= 0 {
		ttl = 12 * time.Hour
	}
	trusted, err := clientaddr.ParsePrefixes(cfg.TrustedProxies)
	if err != nil {
		return fmt.Errorf("gateway: PLEIN_TRUSTED_PROXIES: %w", err)
	}
	accts, err := accounts.New(db, time.Now, ttl)
	if err != nil {
		return fmt.Errorf("gateway: %w", err)
	}
	var keys *seal.Keyring
	if cfg.SealKey == "" {
		log.Warn("no seal key (PLEIN_SEAL_KEY): accounts are announced without address, organisers get no e-mail")
	} else if keys, err = seal.Parse(cfg.SealKey); err != nil {
		return fmt.Errorf("gateway: %w", err)
	}
	accts.AnnounceWith(keys)
	if err := bootstrapAdmin(ctx, accts, cfg, log); err != nil {
		return fmt.Errorf("gateway: %w", err)
	}
	if n, err := accts.AnnouncePending(ctx); err != nil {
		return fmt.Errorf("gateway: %w", err)
	} else if n > 0 {
		log.Info("accounts announced", "count", n)
	}

	var backends httpapi.Backends
	var ready []httpapi.Check
	for _, b := range []struct {
		name, addr string
		conn       *grpc.ClientConnInterface
	}{
		{"events", cfg.EventsAddr, &backends.Events},
		{"registrations", cfg.RegistrationsAddr, &backends.Registrations},
		{"ambassadors", cfg.AmbassadorsAddr, &backends.Ambassadors},
		{"notifications", cfg.NotificationsAddr, &backends.Notifications},
	} {
		conn, err := dial(b.addr, cfg.TLS, cfg.RPCTimeout, cfg.Traces)
		if err != nil {
			return fmt.Errorf("gateway: %s: %w", b.name, err)
		}
		defer conn.Close()
		*b.conn = conn
		ready = append(ready, httpapi.GRPCHealth(b.name, conn))
	}

	nc, err := messaging.ConnectTo(natsURL(cfg.NATSURL), cfg.NATSServer, "plein-gateway", log)
	if err != nil {
		return fmt.Errorf("gateway: %w", err)
	}
	defer nc.Close()
	ready = append(ready, httpapi.Check{Name: "nats", Check: func(context.Context) error {
		if !nc.IsConnected() {
			return errors.New(strings.ToLower(nc.Status().String()))
		}
		return nil
	}})

	stopRelay, err := runRelay(ctx, db, nc, cfg.NATSReplicas, cfg.Traces, log)
	if err != nil {
		return fmt.Errorf("gateway: %w", err)
	}
	defer stopRelay()

	// Erasures: the services' answers (erasure.go).
	erasures := erasure.New(db, accts, keys, time.Now, log)
	stopErasures, err := runErasureAnswers(ctx, db, nc, cfg.NATSReplicas, erasures, log)
	if err != nil {
		return fmt.Errorf("gateway: %w", err)
	}
	defer stopErasures()

	hub := seats.NewHub(log)
	sub, err := hub.Subscribe(nc)
	if err != nil {
		return fmt.Errorf("gateway: %w", err)
	}
	defer func() { _ = sub.Unsubscribe() }()

	doc, err := openapi.JSON(httpapi.APIVersion, httpapi.SuccessStatus)
	if err != nil {
		return fmt.Errorf("gateway: %w", err)
	}
	// Invitations and password resets are links, e-mailed by the
	// notifications service (accountmail.go).
	links := accounts.Links{BaseURL: cfg.BaseURL,
		Mailer: accountMailer{client: notificationsv1.NewNotificationsServiceClient(backends.Notifications)}}
	more, err := metricsOf(cfg, db, log) // metrics.go
	if err != nil {
		return fmt.Errorf("gateway: %w", err)
	}
	api, err := httpapi.New(ctx, httpapi.Options{
		Metrics:          more,
		Accounts:         accts,
		Backends:         backends,
		Ready:            ready,
		OpenAPI:          doc,
		Seats:            hub,
		Idempotency:      idempotency.New(db, log, time.Now),
		SecureCookies:    strings.HasPrefix(cfg.BaseURL, "https://"),
		SessionTTL:       ttl,
		RegistrationRate: cfg.RegistrationRate,
		IdeaRate:         cfg.IdeaRate,
		TrustedProxies:   trusted,
		Log:              log,
		Links:            links,
		Erasures:         erasures,
		RetentionDays:    cfg.RetentionDays,
	})
	if err != nil {
		return fmt.Errorf("gateway: %w", err)
	}

	pages, err := web.New(web.Options{
		Events:            eventsv1.NewEventsServiceClient(backends.Events),
		Registrations:     registrationsv1.NewRegistrationsServiceClient(backends.Registrations),
		Ambassadors:       ambassadorsv1.NewAmbassadorsServiceClient(backends.Ambassadors),
		Notifications:     notificationsv1.NewNotificationsServiceClient(backends.Notifications),
		BaseURL:           cfg.BaseURL,
		EmbedOrigins:      strings.Fields(cfg.EmbedOrigins),
		SecureCookies:     strings.HasPrefix(cfg.BaseURL, "https://"),
		RegistrationLimit: httpapi.RegistrationLimit(cfg.RegistrationRate),
		IdeaLimit:         api.IdeaLimit(), // one budget with the API's ideas
		RetentionDays:     &cfg.RetentionDays,
		Log:               log,
		// Sign-in, the organiser console and the ambassador portal.
		Staff: &web.Staff{Accounts: accts, SignIn: api.SignIn, SessionTTL: ttl, Links: links, Keys: keys},
	})
	if err != nil {
		return fmt.Errorf("gateway: %w", err)
	}
	// The API answers /api/ and the operations paths; every other path is
	// a page.
	root := http.NewServeMux()
	for _, p := range []string{"/api/", "/healthz", "/readyz", "/metrics"} {
		root.Handle(p, web.OpenCORS(api))
	}
	root.Handle("/", pages)
	// The pages' reads, too, ride out a service's restart,
	// and every page and API request knows its client's address alike.
	handler := httptrace.Middleware(cfg.Traces, clientaddr.New(trusted).Middleware(rpcretry.SafeMethods(root)))

	stopMetrics, err := serveMetrics(cfg, api.Metrics(), log)
	if err != nil {
		return fmt.Errorf("gateway: %w", err)
	}
	defer stopMetrics()
	lis, err := net.Listen("tcp", cfg.HTTPAddr)
	if err != nil {
		return fmt.Errorf("gateway: listen on %s: %w", cfg.HTTPAddr, err)
	}
	srv := &http.Server{
		Handler:           handler,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(lis) }()
	if cfg.Listening != nil {
		cfg.Listening(lis.Addr())
	}
	log.Info("started", "addr", lis.Addr().String())

	select {
	case <-ctx.Done():
	case err := <-served:
		return fmt.Errorf("gateway: serve: %w", err)
	}
	shutCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutCtx); err != nil {
		log.Warn("http shutdown", "err", err)
		_ = srv.Close()
	}
	log.Info("stopped")
	return nil
}

func natsURL(u string) string {
	if u == "" {
		return nats.DefaultURL
	}
	return u
}

func bootstrapAdmin(ctx context.Context, accts *accounts.Store, cfg Config, log *slog.Logger) error {
	if cfg.BootstrapAdminEmail == "" {
		return nil
	}
	n, err := accts.Count(ctx)
	if err != nil || n > 0 {
		return err
	}
	if len(cfg.BootstrapAdminPassword) < 12 {
		return errors.New("PLEIN_BOOTSTRAP_ADMIN_PASSWORD must be at least 12 characters")
	}
	// The first account runs the place: it administers and organises.
	u, err := accts.Create(ctx, accounts.NewUser{Email: cfg.BootstrapAdminEmail, Name: "Administrator",
		Password: cfg.BootstrapAdminPassword, Roles: []string{identity.RoleAdmin, identity.RoleOrganiser}})
	if err != nil {
		return fmt.Errorf("bootstrap administrator: %w", err)
	}
	log.Info("created the bootstrap administrator", "user", u.ID)
	return nil
}
