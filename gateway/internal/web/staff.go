package web

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"plein.dev/gateway/internal/accounts"
	"plein.dev/platform/identity"
	"plein.dev/platform/seal"
)

// Staff is what the pages need to sign people in and to serve the
// organiser console (/beheer) and the ambassador portal (/ambassadeur).
// Those pages call the services as the signed-in user, whose identity the
// gateway's gRPC clients pass on; the services check every right again.
type Staff struct {
	Accounts *accounts.Store
	// SignIn opens a session with the API's sign-in throttle
	// (httpapi.Server.SignIn); nil signs in without a throttle.
	SignIn func(r *http.Request, email, password string) (accounts.User, string, time.Duration, error)
	// SessionTTL is how long a sign-in lasts.
	SessionTTL time.Duration
	// Links addresses and sends invitations and password resets.
	Links accounts.Links
	// Keys open the digest's unsubscribe links (PLEIN_SEAL_KEY); nil
	// leaves those links invalid.
	Keys *seal.Keyring
}

// Who may use which pages: the same roles as the API routes behind them,
// and administrators in the console (consoleIdentity).
var (
	consoleRoles = []string{identity.RoleOrganiser, identity.RoleAdmin}
	portalRoles  = []string{identity.RoleAmbassador}
)

// consoleIdentity is who the console calls the services as: the user, and
// an administrator also as an organiser. Administrators manage the
// accounts and roles, so they could give themselves the organiser role
// anyway; the console spares them that step.
func consoleIdentity(id identity.Identity) identity.Identity {
	if id.Has(identity.RoleAdmin) && !id.Has(identity.RoleOrganiser) {
		id.Roles = append(slices.Clone(id.Roles), identity.RoleOrganiser)
	}
	return id
}

func (h *Handler) staffRoutes(m *http.ServeMux) {
	post := func(pattern string, fn http.HandlerFunc) { m.Handle("POST "+pattern, h.csrf.Handler(fn)) }
	m.HandleFunc("GET /inloggen", h.signInPage)
	post("/inloggen", h.signIn)
	post("/uitloggen", h.signOut)
	m.HandleFunc("GET /account/activeren", h.passwordLinkPage(accounts.Activate))
	post("/account/activeren", h.usePasswordLink(accounts.Activate))
	m.HandleFunc("GET /wachtwoord-herstellen", h.passwordLinkPage(accounts.Reset))
	post("/wachtwoord-herstellen", h.usePasswordLink(accounts.Reset))
	m.HandleFunc("GET /wachtwoord-vergeten", h.forgotPage)
	post("/wachtwoord-vergeten", h.forgot)

	console := func(method, pattern string, fn staffHandler) {
		guarded := h.requireRole(consoleRoles, func(w http.ResponseWriter, r *http.Request, s *session) {
			fn(w, r.WithContext(identity.NewContext(r.Context(), consoleIdentity(s.User.Identity()))), s)
		})
		if method == http.MethodPost {
			post(pattern, guarded)
			return
		}
		m.HandleFunc(method+" "+pattern, guarded)
	}
	h.consoleRoutes(console)    // console.go
	h.accountRoutes(m, console) // digest.go

	portal := func(method, pattern string, fn staffHandler) {
		if method == http.MethodPost {
			post(pattern, h.requireRole(portalRoles, fn))
			return
		}
		m.HandleFunc(method+" "+pattern, h.requireRole(portalRoles, fn))
	}
	h.portalRoutes(portal) // portal.go
}

// staffHandler serves a page to a signed-in user.
type staffHandler func(w http.ResponseWriter, r *http.Request, s *session)

// session is the signed-in user of a request, with what every staff page
// needs to render.
type session struct {
	User accounts.User
	// CSRF is the form token of the user's browser.
	CSRF string
}

// currentUser returns the user of the request's session cookie.
func (h *Handler) currentUser(r *http.Request) (accounts.User, bool) {
	c, err := r.Cookie(accounts.SessionCookie)
	if err != nil || c.Value == "" {
		return accounts.User{}, false
	}
	u, err := h.staff.Accounts.BySession(r.Context(), c.Value)
	if err != nil {
		return accounts.User{}, false
	}
	return u, true
}

// requireRole serves next to a signed-in user who holds one of roles,
// calling the services as that user. Without a session the visitor is
// sent to sign in, and back afterwards; with other roles they get 403.
// Posted forms must carry the user's CSRF token too.
func (h *Handler) requireRole(roles []string, next staffHandler) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		u, ok := h.currentUser(r)
		if !ok {
			back := r.URL.Path
			if r.Method == http.MethodGet && r.URL.RawQuery != "" {
				back += "?" + r.URL.RawQuery
			}
			http.Redirect(w, r, "/inloggen?"+url.Values{"terug": {back}}.Encode(), http.StatusSeeOther)
			return
		}
		if !slices.ContainsFunc(roles, u.Identity().Has) {
			h.fail(w, r, http.StatusForbidden, "error.role")
			return
		}
		if r.Method == http.MethodPost && !csrfValid(r) {
			h.fail(w, r, http.StatusForbidden, "error.expired")
			return
		}
		r = r.WithContext(identity.NewContext(r.Context(), u.Identity()))
		next(w, r, &session{User: u, CSRF: h.csrfToken(w, r)})
	}
}

// home is where a user goes after signing in when no page asked for it.
func home(u accounts.User) string {
	id := u.Identity()
	switch {
	case id.Has(identity.RoleOrganiser), id.Has(identity.RoleAdmin):
		return "/beheer"
	case id.Has(identity.RoleAmbassador):
		return "/ambassadeur"
	}
	return "/"
}

// localPath reports whether p is a path on this site, safe to send a
// visitor back to: one slash, then no second slash or backslash that a
// browser would read as another host.
func localPath(p string) bool {
	return strings.HasPrefix(p, "/") && !strings.HasPrefix(p, "//") && !strings.ContainsAny(p, "\\\r\n") &&
		!strings.HasPrefix(p, "/inloggen") && len(p) <= 2000
}

func (h *Handler) setSession(w http.ResponseWriter, r *http.Request, value string, maxAge time.Duration) {
	http.SetCookie(w, &http.Cookie{Name: accounts.SessionCookie, Value: value, Path: "/", MaxAge: int(maxAge.Seconds()),
		HttpOnly: true, Secure: h.secure || r.TLS != nil, SameSite: http.SameSiteLaxMode})
}
