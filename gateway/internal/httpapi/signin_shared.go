package httpapi

import (
	"errors"
	"net/http"
	"time"

	"plein.dev/gateway/internal/accounts"
	"plein.dev/gateway/internal/clientaddr"
)

// SignIn checks an e-mail address and password and opens a session, with
// the throttle of POST /api/v1/sessions, whose counts the sign-in page
// shares: a wait above zero refuses the attempt as one of too many. The
// attempt is counted before the password is hashed. Wrong credentials are
// accounts.ErrUnauthorised; accounts.ErrBusy means too many passwords
// were being checked at once (the attempt is not counted then).
func (s *Server) SignIn(r *http.Request, email, password string) (u accounts.User, session string, wait time.Duration, err error) {
	attempt, wait := s.throttle.attempt(email, clientaddr.Of(r))
	if wait > 0 {
		return accounts.User{}, "", wait, nil
	}
	u, session, err = s.accounts.SignIn(r.Context(), email, password)
	switch {
	case errors.Is(err, accounts.ErrUnauthorised):
		return accounts.User{}, "", 0, err
	case err != nil:
		s.throttle.abandoned(attempt)
		return accounts.User{}, "", 0, err
	}
	s.throttle.succeeded(attempt)
	return u, session, 0, nil
}
