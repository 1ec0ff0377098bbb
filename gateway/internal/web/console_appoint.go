package web

import (
	"net/http"
	"net/url"

	ambassadorsv1 "plein.dev/proto/gen/plein/ambassadors/v1"
)

// appointFields are the fields of the form that appoints an ambassador,
// in form order; their names are the API's, and invite asks for an
// invitation to the portal at once.
var appointFields = []string{"name", "email", "organisation", "sector", "bio", "appointedOn", "termEndsOn", "invite"}

// appointPage is the data of /beheer/programmas/{programmeId}/ambassadeurs/nieuw.
type appointPage struct {
	Form      *entry
	Programme string
	Action    string
}

// newAmbassador serves GET /beheer/programmas/{programmeId}/ambassadeurs/nieuw:
// the term starts today and ends with the programme unless changed.
func (h *Handler) newAmbassador(w http.ResponseWriter, r *http.Request, s *session) {
	id := r.PathValue("programmeId")
	resp, err := h.ambassadors.GetProgramme(r.Context(), &ambassadorsv1.GetProgrammeRequest{ProgrammeId: id})
	if err != nil {
		h.staffFailed(w, r, "appoint", err)
		return
	}
	p := resp.GetProgramme()
	values := url.Values{"appointedOn": {dayStart(h.now()).Format(dateLayout)},
		"termEndsOn": {p.GetEndsOn()}, "invite": {"true"}}
	h.renderStaff(w, r, s, http.StatusOK, "console/appoint", appointPage{Form: newEntry(values, appointFields...),
		Programme: p.GetName(), Action: "/beheer/programmas/" + url.PathEscape(id) + "/ambassadeurs/nieuw"})
}

// appointAmbassador serves the POST of that page: the ambassador is
// appointed and, when asked, invited to the portal by e-mail.
func (h *Handler) appointAmbassador(w http.ResponseWriter, r *http.Request, s *session) {
	l := h.lang(w, r)
	id := r.PathValue("programmeId")
	prog, err := h.ambassadors.GetProgramme(r.Context(), &ambassadorsv1.GetProgrammeRequest{ProgrammeId: id})
	if err != nil {
		h.staffFailed(w, r, "appoint", err)
		return
	}
	p := appointPage{Form: newEntry(r.PostForm, appointFields...), Programme: prog.GetProgramme().GetName(),
		Action: "/beheer/programmas/" + url.PathEscape(id) + "/ambassadeurs/nieuw"}
	f := p.Form
	if f.Value("name") == "" {
		f.fail("name", l.T("appoint.error.name"))
	}
	if f.Value("email") == "" {
		f.fail("email", l.T("appoint.error.email"))
	}
	for _, d := range []string{"appointedOn", "termEndsOn"} {
		if _, ok := parseDate(f.Value(d)); !ok {
			f.fail(d, l.T("appoint.error."+d))
		}
	}
	if !f.Invalid() {
		resp, err := h.ambassadors.AppointAmbassador(r.Context(), &ambassadorsv1.AppointAmbassadorRequest{ProgrammeId: id,
			Name: f.Value("name"), Email: f.Value("email"), Organisation: f.Value("organisation"), Sector: f.Value("sector"),
			Bio: f.Value("bio"), AppointedOn: f.Value("appointedOn"), TermEndsOn: f.Value("termEndsOn")})
		if err == nil {
			if f.Value("invite") == "" {
				http.Redirect(w, r, "/beheer/programmas?melding=benoemd", http.StatusSeeOther)
				return
			}
			h.invite(w, r, s, resp.GetAmbassador())
			return
		}
		if !refused(l, f, err, "appoint.error.") {
			h.staffFailed(w, r, "appoint", err)
			return
		}
	}
	h.renderStaff(w, r, s, http.StatusUnprocessableEntity, "console/appoint", p)
}
