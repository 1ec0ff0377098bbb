package httpapi

import (
	"errors"
	"net/http"
	"slices"
	"strings"

	"plein.dev/gateway/internal/accounts"
	"plein.dev/platform/identity"
	"plein.dev/platform/page"
)

// createOrganisation answers POST /api/v1/organisations {name, kind,
// code?} with 201 and the organisation (administrators).
func (s *Server) createOrganisation(w http.ResponseWriter, r *http.Request, _ accounts.User) {
	var body struct {
		Name string `json:"name"`
		Kind string `json:"kind"`
		Code string `json:"code"`
	}
	if !decode(w, r, &body) {
		return
	}
	o := accounts.Organisation{Name: body.Name, Kind: body.Kind, Code: body.Code}.Normalise()
	if problems := o.Problems(); len(problems) > 0 {
		var params []InvalidParam
		for _, name := range []string{"name", "kind", "code"} {
			if reason, ok := problems[name]; ok {
				params = append(params, InvalidParam{Name: name, Reason: reason})
			}
		}
		writeProblem(w, newProblem(http.StatusBadRequest, "invalid request", params...))
		return
	}
	created, err := s.accounts.CreateOrganisation(r.Context(), o)
	if errors.Is(err, accounts.ErrOrganisationTaken) {
		writeProblem(w, newProblem(http.StatusConflict, err.Error()))
		return
	}
	if err != nil {
		s.authFailed(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, created)
}

// listOrganisations answers GET /api/v1/organisations with a page of the
// organisations by name (administrators and organisers).
func (s *Server) listOrganisations(w http.ResponseWriter, r *http.Request, u accounts.User) {
	if id := u.Identity(); !id.Has(identity.RoleAdmin) && !id.Has(identity.RoleOrganiser) {
		writeProblem(w, newProblem(http.StatusForbidden, "this needs the admin or organiser role"))
		return
	}
	req, ok := pageRequest(w, r) // after this name, lower case
	if !ok {
		return
	}
	list, err := s.accounts.ListOrganisations(r.Context(), req.After, req.Limit())
	if err != nil {
		s.authFailed(w, r, err)
		return
	}
	items, next, err := page.Cut(req, list, func(o accounts.Organisation) string { return strings.ToLower(o.Name) })
	if err != nil {
		s.authFailed(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, struct {
		Items         []accounts.Organisation `json:"items"`
		NextPageToken string                  `json:"nextPageToken"`
	}{items, next})
}

// organisationsProblem answers a write naming an organisation that does
// not exist, and reports whether err was that.
func organisationsProblem(w http.ResponseWriter, err error) bool {
	if !errors.Is(err, accounts.ErrUnknownOrganisation) {
		return false
	}
	writeProblem(w, newProblem(http.StatusUnprocessableEntity, "no such organisation",
		InvalidParam{Name: "organisationIds", Reason: "must name existing organisations"}))
	return true
}

// invitedOrganisations decides the organisations of an account an
// organiser (not an administrator) invites: those given, which must be
// among the inviter's own, or else the inviter's own. ok is false when
// the answer has been written.
func invitedOrganisations(w http.ResponseWriter, inviter identity.Identity, given *[]string) (ids []string, ok bool) {
	if inviter.Has(identity.RoleAdmin) {
		if given == nil {
			return nil, true
		}
		return *given, true
	}
	if given == nil {
		return slices.Clone(inviter.OrganisationIDs), true
	}
	for _, o := range *given {
		if !slices.Contains(inviter.OrganisationIDs, o) {
			writeProblem(w, newProblem(http.StatusUnprocessableEntity, "you may invite only into your own organisations",
				InvalidParam{Name: "organisationIds", Reason: "must be among your own organisations"}))
			return nil, false
		}
	}
	return *given, true
}
