package httpapi

import (
	"errors"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"

	"plein.dev/gateway/internal/accounts"
	"plein.dev/platform/page"
)

func (s *Server) setSessionCookie(w http.ResponseWriter, r *http.Request, value string, maxAge time.Duration) {
	http.SetCookie(w, &http.Cookie{
		Name:     sessionCookie,
		Value:    value,
		Path:     "/",
		MaxAge:   int(maxAge.Seconds()),
		HttpOnly: true,
		Secure:   s.secure || r.TLS != nil,
		SameSite: http.SameSiteLaxMode,
	})
}

func (s *Server) signIn(w http.ResponseWriter, r *http.Request) {
	var body struct {
		Email    string `json:"email"`
		Password string `json:"password"`
	}
	if !decode(w, r, &body) {
		return
	}
	var params []InvalidParam
	if strings.TrimSpace(body.Email) == "" {
		params = append(params, InvalidParam{Name: "email", Reason: "is required"})
	}
	if body.Password == "" {
		params = append(params, InvalidParam{Name: "password", Reason: "is required"})
	}
	if len(params) > 0 {
		writeProblem(w, newProblem(http.StatusBadRequest, "invalid request", params...))
		return
	}
	u, session, wait, err := s.SignIn(r, body.Email, body.Password) // signin_shared.go
	if wait > 0 {
		w.Header().Set("Retry-After", strconv.Itoa(int(math.Ceil(wait.Seconds()))))
		writeProblem(w, newProblem(http.StatusTooManyRequests, "too many failed sign-ins; try again later"))
		return
	}
	if errors.Is(err, accounts.ErrBusy) {
		w.Header().Set("Retry-After", "1")
		writeProblem(w, newProblem(http.StatusServiceUnavailable, "too many sign-ins at once; try again in a moment"))
		return
	}
	if err != nil {
		s.authFailed(w, r, err)
		return
	}
	s.setSessionCookie(w, r, session, s.ttl)
	writeJSON(w, http.StatusCreated, map[string]any{"user": u})
}

func (s *Server) signOut(w http.ResponseWriter, r *http.Request, _ accounts.User) {
	if c, err := r.Cookie(sessionCookie); err == nil {
		if err := s.accounts.SignOut(r.Context(), c.Value); err != nil {
			s.authFailed(w, r, err)
			return
		}
	}
	s.setSessionCookie(w, r, "", -time.Second)
	w.WriteHeader(http.StatusNoContent)
}

func (s *Server) me(w http.ResponseWriter, _ *http.Request, u accounts.User) {
	writeJSON(w, http.StatusOK, u)
}

func (s *Server) createToken(w http.ResponseWriter, r *http.Request, u accounts.User) {
	var body struct {
		Name      string     `json:"name"`
		ExpiresAt *time.Time `json:"expiresAt"`
	}
	if !decode(w, r, &body) {
		return
	}
	name := strings.TrimSpace(body.Name)
	if name == "" || len(name) > 100 {
		writeProblem(w, newProblem(http.StatusBadRequest, "invalid request",
			InvalidParam{Name: "name", Reason: "is required, at most 100 characters"}))
		return
	}
	now := time.Now()
	expires := now.Add(accounts.DefaultTokenTTL)
	if body.ExpiresAt != nil {
		expires = *body.ExpiresAt
		if !expires.After(now) || expires.After(now.Add(accounts.MaxTokenTTL)) {
			writeProblem(w, newProblem(http.StatusUnprocessableEntity, "the expiry must be in the future, at most a year ahead",
				InvalidParam{Name: "expiresAt", Reason: "must be in the future, at most 366 days ahead"}))
			return
		}
	}
	t, token, err := s.accounts.IssueToken(r.Context(), u.ID, name, expires)
	if err != nil {
		s.authFailed(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, map[string]any{"id": t.ID, "token": token, "name": name, "expiresAt": t.ExpiresAt})
}

func (s *Server) createUser(w http.ResponseWriter, r *http.Request, _ accounts.User) {
	var body struct {
		Email        string   `json:"email"`
		Name         string   `json:"name"`
		Password     string   `json:"password"`
		Roles        []string `json:"roles"`
		AmbassadorID string   `json:"ambassadorId"`
		// nil: the default (see accounts.NewUser)
		OrganisationIDs []string `json:"organisationIds"`
	}
	if !decode(w, r, &body) {
		return
	}
	params := accountParams(body.Email, body.Name, body.Roles, body.AmbassadorID) // invitations.go
	if !accounts.ValidPassword(body.Password) {
		params = append(params, InvalidParam{Name: "password", Reason: "must be 12 to 200 characters"})
	}
	if len(params) > 0 {
		writeProblem(w, newProblem(http.StatusBadRequest, "invalid request", params...))
		return
	}
	u, err := s.accounts.Create(r.Context(), accounts.NewUser{Email: body.Email, Name: strings.TrimSpace(body.Name),
		Password: body.Password, Roles: body.Roles, AmbassadorID: body.AmbassadorID, OrganisationIDs: body.OrganisationIDs})
	if organisationsProblem(w, err) {
		return
	}
	if errors.Is(err, accounts.ErrDuplicate) {
		writeProblem(w, newProblem(http.StatusConflict, err.Error()))
		return
	}
	if err != nil {
		s.authFailed(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, map[string]any{"user": u})
}

func (s *Server) listUsers(w http.ResponseWriter, r *http.Request, _ accounts.User) {
	req, ok := pageRequest(w, r) // after this e-mail address, lower case
	if !ok {
		return
	}
	users, err := s.accounts.List(r.Context(), req.After, req.Limit())
	if err != nil {
		s.authFailed(w, r, err)
		return
	}
	items, next, err := page.Cut(req, users, func(u accounts.User) string { return strings.ToLower(u.Email) })
	if err != nil {
		s.authFailed(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, struct {
		Items         []accounts.User `json:"items"`
		NextPageToken string          `json:"nextPageToken"`
	}{items, next})
}

// pageRequest reads a list's pageSize and pageToken (keyed by a string),
// answering 400 and false when either is not one this API takes.
func pageRequest(w http.ResponseWriter, r *http.Request) (page.Request[string], bool) {
	q := r.URL.Query()
	size, sizeOK := pageSize(q.Get("pageSize"))
	req, err := page.Parse[string](q.Get("pageToken"), size)
	switch {
	case err != nil:
		writeProblem(w, newProblem(http.StatusBadRequest, "invalid request",
			InvalidParam{Name: "pageToken", Reason: "not a token this API gave"}))
		return req, false
	case !sizeOK:
		writeProblem(w, newProblem(http.StatusBadRequest, "invalid request",
			InvalidParam{Name: "pageSize", Reason: "must be a whole number from 0 to 200"}))
		return req, false
	}
	return req, true
}

// pageSize reads pageSize by the rule of every list: a whole number from 0
// to 200, where absent or 0 means the default.
func pageSize(raw string) (int32, bool) {
	if raw == "" {
		return 0, true
	}
	n, err := strconv.Atoi(raw)
	if err != nil || n < 0 || n > page.MaxSize {
		return 0, false
	}
	return int32(n), true
}
