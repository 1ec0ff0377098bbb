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
// shares: a wait above zero refuses the attempt as one of too many. Wrong
// credentials are accounts.ErrUnauthorised.
func (s *Server) SignIn(r *http.Request, email, password string) (u accounts.User, session string, wait time.Duration, err error) {
	addr := clientaddr.Of(r)
	if blocked, wait := s.throttle.blocked(email, addr); blocked {
		return accounts.User{}, "", wait, nil
	}
	u, session, err = s.accounts.SignIn(r.Context(), email, password)
	if errors.Is(err, accounts.ErrUnauthorised) {
		s.throttle.failed(email, addr)
	}
	if err != nil {
		return accounts.User{}, "", 0, err
	}
	s.throttle.succeeded(email)
	return u, session, 0, nil
}
