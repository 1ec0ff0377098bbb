package httpapi

import (
	"errors"
	"net/http"
	"net/mail"
	"slices"
	"strings"
	"time"

	"plein.dev/gateway/internal/accounts"
	"plein.dev/platform/identity"
)

// accountParams checks the fields that describe a new account, for
// POST /api/v1/users and POST /api/v1/invitations alike.
func accountParams(email, name string, roles []string, ambassadorID string) []InvalidParam {
	var params []InvalidParam
	if a, err := mail.ParseAddress(email); err != nil || a.Address != strings.TrimSpace(email) {
		params = append(params, InvalidParam{Name: "email", Reason: "must be an e-mail address"})
	}
	if strings.TrimSpace(name) == "" || len(name) > 200 {
		params = append(params, InvalidParam{Name: "name", Reason: "is required, at most 200 characters"})
	}
	for _, role := range roles {
		if !slices.Contains(accounts.Roles, role) {
			params = append(params, InvalidParam{Name: "roles", Reason: "unknown role " + role})
		}
	}
	if slices.Contains(roles, identity.RoleAmbassador) != (ambassadorID != "") {
		params = append(params, InvalidParam{Name: "ambassadorId", Reason: "is required with, and only with, the ambassador role"})
	}
	return params
}

// invitation is the answer to POST /api/v1/invitations. ActivationURL is
// there only when the invitation could not be mailed: the inviter passes
// it on. It is never shown again.
type invitation struct {
	User          accounts.User `json:"user"`
	ExpiresAt     time.Time     `json:"expiresAt"`
	Mailed        bool          `json:"mailed"`
	ActivationURL string        `json:"activationUrl,omitempty"`
}

// invite answers POST /api/v1/invitations {email, name, roles,
// ambassadorId?, organisationIds?} with 201: an account without a password, and a one-time
// link, valid 7 days, to /account/activeren where the invited person
// chooses one. Administrators may invite with any role, organisers with
// any but admin, and only into their own organisations (by default all
// of theirs). An address whose account is active already is a 409.
func (s *Server) invite(w http.ResponseWriter, r *http.Request, u accounts.User) {
	id := u.Identity()
	if !id.Has(identity.RoleAdmin) && !id.Has(identity.RoleOrganiser) {
		writeProblem(w, newProblem(http.StatusForbidden, "this needs the admin or organiser role"))
		return
	}
	var body struct {
		Email           string    `json:"email"`
		Name            string    `json:"name"`
		Roles           []string  `json:"roles"`
		AmbassadorID    string    `json:"ambassadorId"`
		OrganisationIDs *[]string `json:"organisationIds"`
	}
	if !decode(w, r, &body) {
		return
	}
	if params := accountParams(body.Email, body.Name, body.Roles, body.AmbassadorID); len(params) > 0 {
		writeProblem(w, newProblem(http.StatusBadRequest, "invalid request", params...))
		return
	}
	if slices.Contains(body.Roles, identity.RoleAdmin) && !id.Has(identity.RoleAdmin) {
		writeProblem(w, newProblem(http.StatusForbidden, "only administrators invite administrators"))
		return
	}
	orgs, ok := invitedOrganisations(w, id, body.OrganisationIDs) // organisations.go
	if !ok {
		return
	}
	invited, link, err := s.accounts.Invite(r.Context(), accounts.Invitation{Email: body.Email, Name: strings.TrimSpace(body.Name),
		Roles: body.Roles, AmbassadorID: body.AmbassadorID, OrganisationIDs: orgs, InvitedBy: u.ID})
	if organisationsProblem(w, err) {
		return
	}
	if errors.Is(err, accounts.ErrDuplicate) {
		writeProblem(w, newProblem(http.StatusConflict, err.Error(), InvalidParam{Name: "email", Reason: "has an account already"}))
		return
	}
	if err != nil {
		s.authFailed(w, r, err)
		return
	}
	mailed, err := s.links.Send(r.Context(), invited, link, "nl")
	if err != nil {
		s.log.ErrorContext(r.Context(), "send invitation", "user", invited.ID, "err", err)
	}
	resp := invitation{User: invited, ExpiresAt: link.ExpiresAt, Mailed: mailed}
	if !mailed {
		resp.ActivationURL = s.links.URL(link)
	}
	writeJSON(w, http.StatusCreated, resp)
}
