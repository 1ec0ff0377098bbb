package web

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"strings"

	"plein.dev/gateway/internal/accounts"
	"plein.dev/platform/identity"
)

// organisationFields are the create form's fields; their names are those
// of POST /api/v1/organisations.
var organisationFields = []string{"name", "kind", "code"}

// organisationsPage is the data of /beheer/organisaties.
type organisationsPage struct {
	Organisations []organisationView
	// Form is the create form, for administrators; nil for organisers.
	Form   *entry
	Kinds  []option
	Notice string
}

type organisationView struct {
	ID, Name, Kind, Code string
	// Mine: the user works for it.
	Mine bool
}

// listOrganisations reads every organisation by name from the gateway's
// accounts store (as GET /api/v1/organisations does), a page of 200 at a
// time.
func (h *Handler) listOrganisations(ctx context.Context) ([]accounts.Organisation, error) {
	var out []accounts.Organisation
	after := ""
	for {
		list, err := h.staff.Accounts.ListOrganisations(ctx, after, 200)
		if err != nil {
			return nil, err
		}
		out = append(out, list...)
		if len(list) < 200 {
			return out, nil
		}
		after = strings.ToLower(list[len(list)-1].Name)
	}
}

// organisationChoices lists the organisations for the pickers: any as a
// partner, as an owner an administrator's any and an organiser's their
// own.
func (h *Handler) organisationChoices(ctx context.Context) (organisationChoices, error) {
	all, err := h.listOrganisations(ctx)
	if err != nil {
		return organisationChoices{}, err
	}
	id := identity.FromContext(ctx)
	var c organisationChoices
	for _, o := range all {
		opt := option{Value: o.ID, Label: o.Name}
		c.All = append(c.All, opt)
		if id.Has(identity.RoleAdmin) || slices.Contains(id.OrganisationIDs, o.ID) {
			c.Own = append(c.Own, opt)
		}
	}
	return c, nil
}

// organisations serves GET /beheer/organisaties: the organisations, and
// for an administrator the form to add one.
func (h *Handler) organisations(w http.ResponseWriter, r *http.Request, s *session) {
	h.showOrganisations(w, r, s, http.StatusOK, nil, notice(r, "aangemaakt"))
}

func (h *Handler) showOrganisations(w http.ResponseWriter, r *http.Request, s *session, code int, form *entry, done string) {
	l := h.lang(w, r)
	all, err := h.listOrganisations(r.Context())
	if err != nil {
		h.serviceFailed(w, r, "organisations", err)
		return
	}
	id := s.User.Identity()
	p := organisationsPage{Notice: done}
	for _, o := range all {
		p.Organisations = append(p.Organisations, organisationView{ID: o.ID, Name: o.Name, Kind: l.T(messageID("console16.kind.", o.Kind)),
			Code: o.Code, Mine: slices.Contains(id.OrganisationIDs, o.ID)})
	}
	if id.Has(identity.RoleAdmin) {
		p.Form = form
		if p.Form == nil {
			p.Form = newEntry(nil, organisationFields...)
		}
		for _, k := range accounts.OrganisationKinds {
			p.Kinds = append(p.Kinds, option{Value: k, Label: l.T(messageID("console16.kind.", k))})
		}
	}
	h.renderStaff(w, r, s, code, "console/organisations", p)
}

// createOrganisation serves POST /beheer/organisaties (administrators):
// name, kind and code as POST /api/v1/organisations takes them.
func (h *Handler) createOrganisation(w http.ResponseWriter, r *http.Request, s *session) {
	if !s.User.Identity().Has(identity.RoleAdmin) {
		h.fail(w, r, http.StatusForbidden, "error.role")
		return
	}
	l := h.lang(w, r)
	e := newEntry(r.PostForm, organisationFields...)
	o := accounts.Organisation{Name: e.Value("name"), Kind: e.Value("kind"), Code: e.Value("code")}.Normalise()
	for _, name := range organisationFields {
		if _, bad := o.Problems()[name]; bad {
			e.fail(name, l.T("console16.organisation.error."+name))
		}
	}
	if !e.Invalid() {
		_, err := h.staff.Accounts.CreateOrganisation(r.Context(), o)
		if err == nil {
			http.Redirect(w, r, "/beheer/organisaties?melding=aangemaakt", http.StatusSeeOther)
			return
		}
		if !errors.Is(err, accounts.ErrOrganisationTaken) {
			h.serviceFailed(w, r, "create organisation", err)
			return
		}
		e.fail("name", l.T("console16.organisation.error.taken"))
	}
	h.showOrganisations(w, r, s, http.StatusUnprocessableEntity, e, "")
}
