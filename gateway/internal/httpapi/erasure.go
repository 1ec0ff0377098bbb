package httpapi

import (
	"errors"
	"log/slog"
	"net/http"
	"net/mail"
	"strings"

	"plein.dev/gateway/internal/accounts"
	"plein.dev/gateway/internal/erasure"
)

// erasures answers DELETE /api/v1/people and GET /api/v1/erasures/{id}
// (administrators only).
type erasures struct {
	store *erasure.Store
	log   *slog.Logger
}

// maxAddress is the longest address an erasure takes (RFC 5321).
const maxAddress = 254

// request answers DELETE /api/v1/people?email=: 202 with the erasure's id
// (and Location), once the request is recorded, the gateway's own part
// erased and the other services asked on the bus; GET the erasure for
// their answers.
func (e erasures) request(w http.ResponseWriter, r *http.Request, caller accounts.User) {
	address := strings.TrimSpace(r.URL.Query().Get("email"))
	if _, err := mail.ParseAddress(address); err != nil || len(address) > maxAddress || strings.ContainsAny(address, "<>") {
		writeProblem(w, newProblem(http.StatusBadRequest, "the request is not valid",
			InvalidParam{Name: "email", Reason: "must be one e-mail address"}))
		return
	}
	id, err := e.store.Request(r.Context(), address, caller.ID)
	if errors.Is(err, accounts.ErrEraseSelf) {
		writeProblem(w, newProblem(http.StatusUnprocessableEntity, "you cannot erase your own account; another administrator can",
			InvalidParam{Name: "email", Reason: "is your own account's address"}))
		return
	}
	if err != nil {
		e.log.ErrorContext(r.Context(), "request erasure", "err", err)
		writeProblem(w, newProblem(http.StatusInternalServerError, "something went wrong on our side"))
		return
	}
	e.log.InfoContext(r.Context(), "erasure requested", "erasure", id, "user", caller.ID)
	w.Header().Set("Location", "/api/v1/erasures/"+id)
	writeJSON(w, http.StatusAccepted, struct {
		ErasureID string `json:"erasureId"`
	}{id})
}

// get answers GET /api/v1/erasures/{erasureId}.
func (e erasures) get(w http.ResponseWriter, r *http.Request, _ accounts.User) {
	st, err := e.store.Get(r.Context(), r.PathValue("erasureId"))
	if errors.Is(err, erasure.ErrNotFound) {
		writeProblem(w, newProblem(http.StatusNotFound, "no erasure has this id"))
		return
	}
	if err != nil {
		e.log.ErrorContext(r.Context(), "get erasure", "err", err)
		writeProblem(w, newProblem(http.StatusInternalServerError, "something went wrong on our side"))
		return
	}
	writeJSON(w, http.StatusOK, st)
}
