package httpapi

import (
	"errors"
	"net/http"
	"strings"

	"plein.dev/gateway/internal/accounts"
	"plein.dev/platform/page"
)

// listTokens answers GET /api/v1/tokens: the caller's own personal API
// tokens, expired ones too, with when they expire and were last used;
// never the secrets.
func (s *Server) listTokens(w http.ResponseWriter, r *http.Request, u accounts.User) {
	req, ok := pageRequest(w, r) // after this token id
	if !ok {
		return
	}
	tokens, err := s.accounts.ListTokens(r.Context(), u.ID, req.After, req.Limit())
	if err != nil {
		s.authFailed(w, r, err)
		return
	}
	items, next, err := page.Cut(req, tokens, func(t accounts.Token) string { return t.ID })
	if err != nil {
		s.authFailed(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, struct {
		Items         []accounts.Token `json:"items"`
		NextPageToken string           `json:"nextPageToken"`
	}{items, next})
}

// revokeToken answers DELETE /api/v1/tokens/{tokenId} with 204; a token
// of another user is a 404, like one that does not exist.
func (s *Server) revokeToken(w http.ResponseWriter, r *http.Request, u accounts.User) {
	err := s.accounts.RevokeToken(r.Context(), u.ID, strings.TrimSpace(r.PathValue("tokenId")))
	if errors.Is(err, accounts.ErrNotFound) {
		writeProblem(w, newProblem(http.StatusNotFound, "no such token"))
		return
	}
	if err != nil {
		s.authFailed(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
