// Package web serves Plein's HTML pages: server-rendered with html/template,
// working without JavaScript, in Dutch and English. The pages call the
// services over gRPC as an anonymous caller, like any visitor of the site;
// they never call the gateway's own HTTP API.
//
// The layer is shared: layout, message catalogs, assets, CSRF tokens and
// security headers serve every page, so further pages (the organiser
// console) add templates and handlers, not another page layer.
package web

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"plein.dev/gateway/internal/httplog"
	"plein.dev/gateway/internal/httptrace"
	"plein.dev/platform/config"
	"plein.dev/platform/identity"
	ambassadorsv1 "plein.dev/proto/gen/plein/ambassadors/v1"
	eventsv1 "plein.dev/proto/gen/plein/events/v1"
	notificationsv1 "plein.dev/proto/gen/plein/notifications/v1"
	registrationsv1 "plein.dev/proto/gen/plein/registrations/v1"
)

// Options configure the pages.
type Options struct {
	Events        eventsv1.EventsServiceClient
	Registrations registrationsv1.RegistrationsServiceClient
	Ambassadors   ambassadorsv1.AmbassadorsServiceClient
	// Notifications, when set, gives the console its e-mail log.
	Notifications notificationsv1.NotificationsServiceClient
	// BaseURL is the site's public URL, for the absolute links of the
	// Atom feed and the manage link shown after registering.
	BaseURL string
	// EmbedOrigins may frame /embed (scheme://host[:port] each); none
	// means no site may.
	EmbedOrigins []string
	// SecureCookies marks the pages' cookies Secure (behind TLS).
	SecureCookies bool
	// RetentionDays is how many days after an event ended its attendees'
	// data is kept (0: until it ended), as the privacy statement tells;
	// nil means config.DefaultRetentionDays.
	RetentionDays *int
	// RegistrationLimit, if set, is asked before every registration sent
	// through the form: whether the client may register now and, if not,
	// after how long.
	RegistrationLimit func(*http.Request) (bool, time.Duration)
	// IdeaLimit, if set, is asked before every idea sent through the
	// /ideeen form, as RegistrationLimit is for registrations
	// (PLEIN_IDEA_RATE; the gateway shares the API's budget).
	IdeaLimit func(*http.Request) (bool, time.Duration)
	Log       *slog.Logger
	// Now is the clock; time.Now when nil.
	Now func() time.Time
	// Staff, when set, adds sign-in, the organiser console and the
	// ambassador portal (staff.go).
	Staff *Staff
}

// Handler serves the pages.
type Handler struct {
	events        eventsv1.EventsServiceClient
	registrations registrationsv1.RegistrationsServiceClient
	ambassadors   ambassadorsv1.AmbassadorsServiceClient
	notifications notificationsv1.NotificationsServiceClient
	baseURL       string
	secure        bool
	retentionDays int
	limit         func(*http.Request) (bool, time.Duration)
	ideaLimit     func(*http.Request) (bool, time.Duration)
	log           *slog.Logger
	now           func() time.Time

	catalog   *catalog
	assets    *assets
	pages     *pages
	directory *directory
	csrf      *http.CrossOriginProtection
	embedCSP  string
	mux       *http.ServeMux
	// serve is mux behind the 404 for trailing slashes and the access log.
	serve     http.Handler
	staff     *Staff
	staffPage *pages
}

// New builds the pages.
func New(o Options) (*Handler, error) {
	if o.Events == nil || o.Registrations == nil || o.Ambassadors == nil {
		return nil, errors.New("web: the events, registrations and ambassadors clients are required")
	}
	embedCSP, err := embedPolicy(o.EmbedOrigins)
	if err != nil {
		return nil, fmt.Errorf("web: %w", err)
	}
	cat, err := newCatalog()
	if err != nil {
		return nil, fmt.Errorf("web: %w", err)
	}
	as, err := newAssets()
	if err != nil {
		return nil, fmt.Errorf("web: %w", err)
	}
	ps, err := parsePages(as)
	if err != nil {
		return nil, fmt.Errorf("web: %w", err)
	}
	h := &Handler{
		events: o.Events, registrations: o.Registrations, ambassadors: o.Ambassadors, notifications: o.Notifications,
		baseURL: strings.TrimRight(o.BaseURL, "/"), secure: o.SecureCookies,
		limit: o.RegistrationLimit, ideaLimit: o.IdeaLimit, log: o.Log, now: o.Now,
		catalog: cat, assets: as, pages: ps, csrf: http.NewCrossOriginProtection(), embedCSP: embedCSP,
		staff: o.Staff,
	}
	if h.log == nil {
		h.log = slog.New(slog.DiscardHandler)
	}
	if h.now == nil {
		h.now = time.Now
	}
	h.retentionDays = config.DefaultRetentionDays
	if o.RetentionDays != nil {
		h.retentionDays = *o.RetentionDays
	}
	h.directory = newDirectory(o.Events, o.Ambassadors, h.now)
	h.csrf.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.fail(w, r, http.StatusForbidden, "error.forbidden")
	}))
	if h.staff != nil {
		if h.staffPage, err = parseStaffPages(as); err != nil {
			return nil, fmt.Errorf("web: %w", err)
		}
	}
	h.routes()
	return h, nil
}

func (h *Handler) routes() {
	m := http.NewServeMux()
	m.HandleFunc("GET /{$}", h.home)
	m.HandleFunc("GET /evenementen/{eventId}", h.event)
	m.Handle("POST /evenementen/{eventId}", h.csrf.Handler(http.HandlerFunc(h.register)))
	m.HandleFunc("GET /aanmelding/{registrationId}", h.manage)
	m.HandleFunc("GET /aanmelding/{registrationId}/afmelden", h.confirmCancel)
	m.Handle("POST /aanmelding/{registrationId}/afmelden", h.csrf.Handler(http.HandlerFunc(h.cancel)))
	m.HandleFunc("GET /ideeen", h.publicIdeas) // ideas.go
	m.HandleFunc("GET /ideeen/{programmeId}", h.ideaFormPage)
	m.Handle("POST /ideeen/{programmeId}", h.csrf.Handler(http.HandlerFunc(h.submitIdea)))
	m.HandleFunc("GET /privacy", h.privacy)
	m.HandleFunc("GET /toegankelijkheid", h.accessibility)
	m.HandleFunc("GET /embed", h.embed)
	m.HandleFunc("GET /evenementen.atom", h.atom)
	m.HandleFunc("GET /static/{name}", h.assets.serve)
	if h.staff != nil {
		h.staffRoutes(m) // staff.go
	}
	m.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		h.fail(w, r, http.StatusNotFound, "error.notFound")
	})
	h.mux = m
	h.serve = httplog.Access(h.log, "page", http.HandlerFunc(h.route))
}

// maxForm caps the body of a form post.
const maxForm = 64 << 10

// pagePolicy is the Content-Security-Policy of every page but /embed: our
// own scripts, styles and images only, no inline code of any kind.
const pagePolicy = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; " +
	"connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"

func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	hd := w.Header()
	hd.Set("X-Content-Type-Options", "nosniff")
	hd.Set("Referrer-Policy", "no-referrer")
	if r.URL.Path == "/embed" {
		hd.Set("Content-Security-Policy", h.embedCSP)
	} else {
		hd.Set("Content-Security-Policy", pagePolicy)
		hd.Set("X-Frame-Options", "DENY")
	}
	// Pages are anonymous: whatever else the request carries, the
	// services see a visitor.
	r = r.WithContext(identity.NewContext(r.Context(), identity.Identity{}))
	r.Body = http.MaxBytesReader(w, r.Body, maxForm)
	h.serve.ServeHTTP(w, r)
}

// route serves a page, or 404 for a path with a trailing slash.
func (h *Handler) route(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path != "/" && strings.HasSuffix(r.URL.Path, "/") {
		h.fail(w, r, http.StatusNotFound, "error.notFound")
		return
	}
	h.mux.ServeHTTP(w, r)
	httptrace.Route(r, r.Pattern) // the mux named it
}

// embedPolicy is the Content-Security-Policy of /embed: the page policy
// with the origins that may frame it.
func embedPolicy(origins []string) (string, error) {
	ancestors := "'none'"
	if len(origins) > 0 {
		for _, o := range origins {
			u, err := url.Parse(o)
			if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" ||
				u.Path != "" || u.RawQuery != "" || u.Fragment != "" || u.User != nil || strings.ContainsAny(o, " ;,'\"") {
				return "", fmt.Errorf("embed origin %q is not an origin such as https://www.gemeente.nl", o)
			}
		}
		ancestors = strings.Join(origins, " ")
	}
	return strings.Replace(pagePolicy, "frame-ancestors 'none'", "frame-ancestors "+ancestors, 1), nil
}
