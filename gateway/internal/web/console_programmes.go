package web

import (
	"errors"
	"net/http"
	"strings"

	"plein.dev/gateway/internal/accounts"
	"plein.dev/platform/identity"
	ambassadorsv1 "plein.dev/proto/gen/plein/ambassadors/v1"
)

// programmesPage is the data of /beheer/programmas.
type programmesPage struct {
	Programmes []programmeView
	// Invited is the invitation just made, with its link when it could
	// not be mailed; Taken names an ambassador who has an account.
	Invited *invitedView
	Taken   string
	// Notice is the message of a change just made.
	Notice string
}

type programmeView struct {
	ID, Name, Municipality, Period, Status string
	Themes, Targets                        []string
	Open                                   bool
	Ambassadors                            []ambassadorRow
}

type ambassadorRow struct {
	ID, Name, Organisation, Term, Status string
}

type invitedView struct {
	Name, Email, URL, Expires string
	Mailed                    bool
}

// programmes serves GET /beheer/programmas: each programme with its
// themes, period and ambassadors, whom the organiser can invite to the
// portal.
func (h *Handler) programmes(w http.ResponseWriter, r *http.Request, s *session) {
	h.showProgrammes(w, r, s, http.StatusOK, programmesPage{Notice: notice(r, "aangemaakt", "opgeslagen", "benoemd", "afgesloten")})
}

func (h *Handler) showProgrammes(w http.ResponseWriter, r *http.Request, s *session, code int, p programmesPage) {
	l := h.lang(w, r)
	ctx := r.Context()
	dir, err := h.directory.refresh(ctx)
	if err != nil {
		h.staffFailed(w, r, "programmes", err)
		return
	}
	for _, pr := range managedProgrammes(ctx, dir.programmes) {
		v := programmeView{ID: pr.GetId(), Name: pr.GetName(), Municipality: pr.GetMunicipality(), Themes: pr.GetThemes(),
			Period: l.T("programmes.period", "From", l.Day(pr.GetStartsOn()), "To", l.Day(pr.GetEndsOn())),
			Status: l.T("programme." + pr.GetStatus()), Open: pr.GetStatus() != "closed"}
		for _, t := range pr.GetTargets() {
			v.Targets = append(v.Targets, targetText(l, t))
		}
		ambs, err := h.programmeAmbassadors(ctx, pr.GetId())
		if err != nil {
			h.staffFailed(w, r, "programmes", err)
			return
		}
		for _, a := range ambs {
			v.Ambassadors = append(v.Ambassadors, ambassadorRow{ID: a.GetId(), Name: a.GetName(), Organisation: a.GetOrganisation(),
				Term:   l.T("programmes.period", "From", l.Day(a.GetAppointedOn()), "To", l.Day(a.GetTermEndsOn())),
				Status: l.T("ambassador." + a.GetStatus())})
		}
		p.Programmes = append(p.Programmes, v)
	}
	h.renderStaff(w, r, s, code, "console/programmes", p)
}

// inviteAmbassador serves POST /beheer/programmas/uitnodigen (field
// ambassadorId): an account with the ambassador role is made for the
// ambassador's e-mail address, and the invitation sent; without a mail
// path the page shows its link, this once, to pass on.
func (h *Handler) inviteAmbassador(w http.ResponseWriter, r *http.Request, s *session) {
	resp, err := h.ambassadors.GetAmbassador(r.Context(), &ambassadorsv1.GetAmbassadorRequest{AmbassadorId: r.PostForm.Get("ambassadorId")})
	if err != nil {
		h.staffFailed(w, r, "invite", err)
		return
	}
	if resp.GetAmbassador().GetEmail() == "" {
		// The ambassadors service shows the address only to those who may
		// act for the ambassador: to an organiser of another organisation
		// the ambassador is none of theirs, and an account acting as them
		// not theirs to give (nor is one without an address, erased).
		h.fail(w, r, http.StatusNotFound, "error.notFound")
		return
	}
	h.invite(w, r, s, resp.GetAmbassador())
}

// invite makes an account with the ambassador role for the ambassador's
// e-mail address and sends the invitation; without a mail path the page
// shows its link, this once, to pass on.
func (h *Handler) invite(w http.ResponseWriter, r *http.Request, s *session, a *ambassadorsv1.Ambassador) {
	l := h.lang(w, r)
	ctx := r.Context()
	u, link, err := h.staff.Accounts.Invite(ctx, accounts.Invitation{Email: a.GetEmail(), Name: a.GetName(),
		Roles: []string{identity.RoleAmbassador}, AmbassadorID: a.GetId(), InvitedBy: s.User.ID})
	if errors.Is(err, accounts.ErrDuplicate) {
		h.showProgrammes(w, r, s, http.StatusConflict, programmesPage{Taken: a.GetName()})
		return
	}
	if err != nil {
		h.serviceFailed(w, r, "invite", err)
		return
	}
	sent, err := h.staff.Links.Send(ctx, u, link, l.Code)
	if err != nil {
		h.log.ErrorContext(ctx, "send invitation", "user", u.ID, "err", err)
	}
	inv := &invitedView{Name: u.Name, Email: u.Email, Mailed: sent,
		Expires: l.Date(link.ExpiresAt) + " " + l.Clock(link.ExpiresAt)}
	if !sent {
		inv.URL = h.staff.Links.URL(link)
	}
	h.showProgrammes(w, r, s, http.StatusOK, programmesPage{Invited: inv})
}

// targetText says a target in words: "10 activities (company visit) per
// ambassador per year".
func targetText(l *Lang, t *ambassadorsv1.Target) string {
	what := l.T("target."+t.GetMetric(), "Value", t.GetValue())
	var only []string
	if t.GetKind() != "" {
		only = append(only, l.T(messageID("kind.", t.GetKind())))
	}
	if t.GetTheme() != "" {
		only = append(only, t.GetTheme())
	}
	if len(only) > 0 {
		what += " (" + strings.Join(only, ", ") + ")"
	}
	return l.T("programmeForm.targetFor", "What", what, "Scope", l.T("programmeForm.scope."+t.GetScope()),
		"Period", l.T("programmeForm.period."+t.GetPeriod()))
}
