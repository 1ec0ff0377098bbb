package httpapi

import (
	"context"
	"errors"
	"net/http"
	"net/mail"
	"slices"
	"strings"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"plein.dev/gateway/internal/accounts"
	"plein.dev/platform/identity"
	ambassadorsv1 "plein.dev/proto/gen/plein/ambassadors/v1"
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

// progressClient is the part of the ambassadors service an invitation
// needs (ambassadorInScope).
type progressClient interface {
	GetAmbassadorProgress(ctx context.Context, in *ambassadorsv1.GetAmbassadorProgressRequest, opts ...grpc.CallOption) (*ambassadorsv1.GetAmbassadorProgressResponse, error)
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
// of theirs) and for an ambassador of a programme they manage (404
// otherwise). An address whose account is active already is a 409.
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
	if !ok || !s.ambassadorInScope(w, r, id, body.AmbassadorID) {
		return
	}
	invited, link, err := s.accounts.Invite(r.Context(), accounts.Invitation{Email: body.Email, Name: strings.TrimSpace(body.Name),
		Roles: body.Roles, AmbassadorID: body.AmbassadorID, OrganisationIDs: orgs, InvitedBy: u.ID,
		MayRenew: func(pending accounts.User) bool { return mayRenew(id, pending, body.AmbassadorID) }})
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

// mayRenew says whether inviter may renew the pending invitation of an
// account never activated, with ambassadorID (in the inviter's scope,
// checked before): another organisation's is not theirs to change — its
// address then counts as taken. An account of no organisation is an
// ambassador's, theirs when it is for the same ambassador.
func mayRenew(inviter identity.Identity, pending accounts.User, ambassadorID string) bool {
	switch {
	case len(pending.OrganisationIDs) > 0:
		return inviter.Manages(pending.OrganisationIDs...)
	case pending.AmbassadorID != "":
		return inviter.Has(identity.RoleAdmin) || pending.AmbassadorID == ambassadorID
	default:
		return true
	}
}

// ambassadorInScope answers 404 and false unless the inviter may act for
// the ambassador the new account is to be linked to: an account with the
// ambassador role acts as that ambassador, so an organiser may give one
// only for an ambassador of a programme they manage. The ambassadors
// service decides, asked with the inviter's identity: its progress answers
// NotFound for an ambassador out of an organiser's scope, as for one that
// does not exist. Administrators may link any ambassador.
func (s *Server) ambassadorInScope(w http.ResponseWriter, r *http.Request, id identity.Identity, ambassadorID string) bool {
	if ambassadorID == "" || id.Has(identity.RoleAdmin) {
		return true
	}
	_, err := s.ambassadors.GetAmbassadorProgress(r.Context(), &ambassadorsv1.GetAmbassadorProgressRequest{AmbassadorId: ambassadorID})
	switch status.Code(err) {
	case codes.OK:
		return true
	case codes.NotFound, codes.PermissionDenied, codes.InvalidArgument:
		writeProblem(w, newProblem(http.StatusNotFound, "no such ambassador among the programmes you manage",
			InvalidParam{Name: "ambassadorId", Reason: "is unknown to you"}))
	default:
		writeProblem(w, problemFromStatus(err))
	}
	return false
}
