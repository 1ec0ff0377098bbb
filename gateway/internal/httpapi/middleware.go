package httpapi

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"plein.dev/gateway/internal/accounts"
	"plein.dev/platform/identity"
)

// APIVersion is sent with every response.
const APIVersion = "1.0.0"

// maxBody caps request bodies.
const maxBody = 1 << 20

// sessionCookie names the session cookie.
const sessionCookie = "plein_session"

type ctxKey int

const (
	userKey ctxKey = iota
	cookieAuthKey
)

func userFrom(ctx context.Context) (accounts.User, bool) {
	u, ok := ctx.Value(userKey).(accounts.User)
	return u, ok
}

// headers sets the headers every response carries and refuses paths with a
// trailing slash.
func headers(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("API-Version", APIVersion)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "no-referrer")
		if strings.HasPrefix(r.URL.Path, "/api/") {
			h.Set("Cache-Control", "no-store")
		} else {
			h.Set("Content-Security-Policy", "default-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'")
		}
		if r.URL.Path != "/" && strings.HasSuffix(r.URL.Path, "/") {
			writeProblem(w, newProblem(http.StatusNotFound, "no such path"))
			return
		}
		if r.Body != nil {
			r.Body = http.MaxBytesReader(w, r.Body, maxBody)
		}
		next.ServeHTTP(w, r)
	})
}

// authenticate finds the caller from a bearer token or the session cookie.
// A bearer token that is not valid is refused; a stale cookie is ignored.
// The Authorization header is removed so it never travels further.
func (s *Server) authenticate(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		if auth := r.Header.Get("Authorization"); auth != "" {
			token, ok := strings.CutPrefix(auth, "Bearer ")
			if !ok {
				writeProblem(w, newProblem(http.StatusUnauthorized, "use Authorization: Bearer <token>"))
				return
			}
			u, err := s.accounts.ByToken(ctx, strings.TrimSpace(token))
			if err != nil {
				s.authFailed(w, r, err)
				return
			}
			ctx = context.WithValue(ctx, userKey, u)
		} else if c, err := r.Cookie(sessionCookie); err == nil && c.Value != "" {
			u, err := s.accounts.BySession(ctx, c.Value)
			switch {
			case err == nil:
				ctx = context.WithValue(ctx, userKey, u)
				ctx = context.WithValue(ctx, cookieAuthKey, true)
			case !errors.Is(err, accounts.ErrUnauthorised):
				s.authFailed(w, r, err)
				return
			}
		}
		if u, ok := userFrom(ctx); ok {
			ctx = identity.NewContext(ctx, u.Identity())
		}
		r = r.WithContext(ctx)
		r.Header.Del("Authorization")
		if ctx.Value(cookieAuthKey) == true {
			// Cookies ride along on cross-site requests; refuse unsafe ones.
			s.csrf.Handler(next).ServeHTTP(w, r)
			return
		}
		next.ServeHTTP(w, r)
	})
}

func (s *Server) authFailed(w http.ResponseWriter, r *http.Request, err error) {
	if errors.Is(err, accounts.ErrUnauthorised) {
		writeProblem(w, newProblem(http.StatusUnauthorized, "unknown or expired credentials"))
		return
	}
	s.log.ErrorContext(r.Context(), "authenticate", "err", err)
	writeProblem(w, newProblem(http.StatusInternalServerError, "something went wrong on our side"))
}

// requireUser answers 401 unless the caller is signed in.
func requireUser(next func(http.ResponseWriter, *http.Request, accounts.User)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		u, ok := userFrom(r.Context())
		if !ok {
			writeProblem(w, newProblem(http.StatusUnauthorized, "sign in first"))
			return
		}
		next(w, r, u)
	}
}

// anyRole is what requireRole asks of a signed-in caller with no particular
// role; the service decides what such a caller may do.
const anyRole = ""

// requireRole answers 401 or 403 unless the caller holds role.
func requireRole(role string, next func(http.ResponseWriter, *http.Request, accounts.User)) http.HandlerFunc {
	return requireUser(func(w http.ResponseWriter, r *http.Request, u accounts.User) {
		if role != anyRole && !u.Identity().Has(role) {
			writeProblem(w, newProblem(http.StatusForbidden, "this needs the "+role+" role"))
			return
		}
		next(w, r, u)
	})
}

// statusRecorder remembers the status a handler wrote, for the access log.
type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (s *statusRecorder) WriteHeader(code int) {
	if s.status == 0 {
		s.status = code
	}
	s.ResponseWriter.WriteHeader(code)
}

func (s *statusRecorder) Write(b []byte) (int, error) {
	if s.status == 0 {
		s.status = http.StatusOK
	}
	return s.ResponseWriter.Write(b)
}

func (s *statusRecorder) Flush() {
	if f, ok := s.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

func (s *statusRecorder) Unwrap() http.ResponseWriter { return s.ResponseWriter }

// accessLog logs each request without its query string (it may hold a
// manage token) or any header.
func (s *Server) accessLog(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &statusRecorder{ResponseWriter: w}
		next.ServeHTTP(rec, r)
		level := slog.LevelDebug
		if rec.status >= 500 {
			level = slog.LevelError
		}
		s.log.LogAttrs(r.Context(), level, "http",
			slog.String("method", r.Method), slog.String("path", r.URL.Path),
			slog.Int("status", rec.status), slog.Duration("took", time.Since(start)))
	})
}
