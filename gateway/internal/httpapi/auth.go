package httpapi

import (
	"context"
	"errors"
	"net/http"
	"strings"

	"plein.dev/gateway/internal/accounts"
	"plein.dev/platform/identity"
)

// sessionCookie names the session cookie, which the pages share.
const sessionCookie = accounts.SessionCookie

type ctxKey int

const (
	userKey ctxKey = iota
	cookieAuthKey
)

func userFrom(ctx context.Context) (accounts.User, bool) {
	u, ok := ctx.Value(userKey).(accounts.User)
	return u, ok
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

// requireRole answers 401 or 403 unless the caller holds role.
func requireRole(role string, next func(http.ResponseWriter, *http.Request, accounts.User)) http.HandlerFunc {
	return requireUser(func(w http.ResponseWriter, r *http.Request, u accounts.User) {
		if !u.Identity().Has(role) {
			writeProblem(w, newProblem(http.StatusForbidden, "this needs the "+role+" role"))
			return
		}
		next(w, r, u)
	})
}
