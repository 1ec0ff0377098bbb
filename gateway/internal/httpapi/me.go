package httpapi

import (
	"errors"
	"net/http"

	"plein.dev/gateway/internal/accounts"
)

// updateMe answers PATCH /api/v1/me {language?, digest?} with the account:
// what a person sets on their own account — the language of their e-mails
// (nl, en) and, for an organiser, the daily registration digest. The
// change is announced on the bus for the notifications service.
func (s *Server) updateMe(w http.ResponseWriter, r *http.Request, u accounts.User) {
	var body struct {
		Language *string `json:"language"`
		Digest   *bool   `json:"digest"`
	}
	if !decode(w, r, &body) {
		return
	}
	me, err := s.accounts.SetPreferences(r.Context(), u.ID, accounts.Preferences{Language: body.Language, Digest: body.Digest})
	switch {
	case errors.Is(err, accounts.ErrUnknownLanguage):
		writeProblem(w, newProblem(http.StatusBadRequest, "invalid request", InvalidParam{Name: "language", Reason: "must be nl or en"}))
		return
	case err != nil:
		s.authFailed(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, me)
}
