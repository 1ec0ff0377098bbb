package httpapi

import (
	"errors"
	"net/http"
	"slices"

	"plein.dev/gateway/internal/accounts"
	"plein.dev/platform/identity"
)

// updateUser answers PATCH /api/v1/users/{userId} {active?, roles?,
// organisationIds?} with
// the account (administrators). A deactivated account can no longer sign
// in and its sessions and tokens stop working at once; an ambassador who
// becomes alumni keeps their account, which the ambassadors service makes
// read-only. Administrators cannot lock themselves out.
func (s *Server) updateUser(w http.ResponseWriter, r *http.Request, admin accounts.User) {
	var body struct {
		Active          *bool     `json:"active"`
		Roles           *[]string `json:"roles"`
		OrganisationIDs *[]string `json:"organisationIds"`
	}
	if !decode(w, r, &body) {
		return
	}
	id := r.PathValue("userId")
	if body.Roles != nil {
		for _, role := range *body.Roles {
			if !slices.Contains(accounts.Roles, role) {
				writeProblem(w, newProblem(http.StatusBadRequest, "invalid request", InvalidParam{Name: "roles", Reason: "unknown role " + role}))
				return
			}
		}
	}
	if id == admin.ID {
		switch {
		case body.Active != nil && !*body.Active:
			writeProblem(w, newProblem(http.StatusUnprocessableEntity, "you cannot deactivate your own account",
				InvalidParam{Name: "active", Reason: "not for your own account"}))
			return
		case body.Roles != nil && !slices.Contains(*body.Roles, identity.RoleAdmin):
			writeProblem(w, newProblem(http.StatusUnprocessableEntity, "you cannot take the admin role from yourself",
				InvalidParam{Name: "roles", Reason: "must keep admin for your own account"}))
			return
		}
	}
	u, err := s.accounts.Update(r.Context(), id, accounts.Change{Active: body.Active, Roles: body.Roles, OrganisationIDs: body.OrganisationIDs})
	if organisationsProblem(w, err) {
		return
	}
	switch {
	case errors.Is(err, accounts.ErrNotFound):
		writeProblem(w, newProblem(http.StatusNotFound, "no such user"))
		return
	case errors.Is(err, accounts.ErrAmbassadorIDNeeded):
		writeProblem(w, newProblem(http.StatusUnprocessableEntity, "the ambassador role needs an account linked to an ambassador",
			InvalidParam{Name: "roles", Reason: "ambassador needs the account's ambassadorId"}))
		return
	case err != nil:
		s.authFailed(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, u)
}
