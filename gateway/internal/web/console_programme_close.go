package web

import (
	"net/http"
	"net/url"

	ambassadorsv1 "plein.dev/proto/gen/plein/ambassadors/v1"
)

// closeProgrammePage is the data of the step that closes a programme.
type closeProgrammePage struct {
	ID, Name, Period string
	Ambassadors      int
}

// confirmCloseProgramme serves GET /beheer/programmas/{programmeId}/afsluiten:
// closing is final (its ambassadors become alumni, nothing of it changes
// any more), so the organiser confirms it first.
func (h *Handler) confirmCloseProgramme(w http.ResponseWriter, r *http.Request, s *session) {
	l := h.lang(w, r)
	id := r.PathValue("programmeId")
	resp, err := h.ambassadors.GetProgramme(r.Context(), &ambassadorsv1.GetProgrammeRequest{ProgrammeId: id})
	if err != nil {
		h.staffFailed(w, r, "close programme", err)
		return
	}
	p := resp.GetProgramme()
	if p.GetStatus() == "closed" {
		http.Redirect(w, r, "/beheer/programmas", http.StatusSeeOther)
		return
	}
	ambs, err := h.programmeAmbassadors(r.Context(), id)
	if err != nil {
		h.staffFailed(w, r, "close programme", err)
		return
	}
	active := 0
	for _, a := range ambs {
		if a.GetStatus() == "active" {
			active++
		}
	}
	h.renderStaff(w, r, s, http.StatusOK, "console/close-programme", closeProgrammePage{ID: id, Name: p.GetName(),
		Period: l.T("programmes.period", "From", l.Day(p.GetStartsOn()), "To", l.Day(p.GetEndsOn())), Ambassadors: active})
}

// closeProgramme serves the POST of that step.
func (h *Handler) closeProgramme(w http.ResponseWriter, r *http.Request, _ *session) {
	id := r.PathValue("programmeId")
	closed := "closed"
	if _, err := h.ambassadors.UpdateProgramme(r.Context(), &ambassadorsv1.UpdateProgrammeRequest{ProgrammeId: id, Status: &closed}); err != nil {
		h.staffFailed(w, r, "close programme", err)
		return
	}
	h.directory.forget()
	http.Redirect(w, r, "/beheer/programmas?melding=afgesloten#p-"+url.PathEscape(id), http.StatusSeeOther)
}
