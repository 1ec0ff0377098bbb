package web

import (
	"context"
	"fmt"
	"net/http"
	"strings"

	ambassadorsv1 "plein.dev/proto/gen/plein/ambassadors/v1"
)

// reviewItem is an activity awaiting review.
type reviewItem struct {
	ID, Ambassador, Programme, Kind, Date, Summary string
	Minutes, Reached                               int
	Organisations, Themes                          []string
}

// The bounds of the review queue's lists: pages of 200 per programme.
const (
	reviewAmbassadorPages = 5
	reviewActivityPages   = 5
)

// pendingActivities collects the activities awaiting review across every
// programme (the ambassadors service's queue per programme), oldest first
// within each programme.
func (h *Handler) pendingActivities(ctx context.Context, l *Lang) ([]reviewItem, error) {
	dir, err := h.directory.get(ctx)
	if err != nil {
		return nil, err
	}
	var out []reviewItem
	for _, p := range managedProgrammes(ctx, dir.programmes) { // console_scope.go
		var names map[string]string // ambassador id -> name, read once a programme has pending activities
		token := ""
		for range reviewActivityPages {
			resp, err := h.ambassadors.ListProgrammeActivities(ctx, &ambassadorsv1.ListProgrammeActivitiesRequest{
				ProgrammeId: p.GetId(), Status: "pending", PageSize: 200, PageToken: token})
			if err != nil {
				return nil, fmt.Errorf("list pending activities of %s: %w", p.GetId(), err)
			}
			if names == nil && len(resp.GetItems()) > 0 {
				ambs, err := h.programmeAmbassadors(ctx, p.GetId())
				if err != nil {
					return nil, err
				}
				names = make(map[string]string, len(ambs))
				for _, a := range ambs {
					names[a.GetId()] = a.GetName()
				}
			}
			for _, x := range resp.GetItems() {
				out = append(out, reviewItem{ID: x.GetId(), Ambassador: names[x.GetAmbassadorId()], Programme: p.GetName(),
					Kind: l.T(messageID("kind.", x.GetKind())), Date: l.Day(x.GetOccurredOn()), Summary: x.GetSummary(),
					Minutes: int(x.GetDurationMinutes()), Reached: int(x.GetEntrepreneursReached()),
					Organisations: x.GetOrganisations(), Themes: x.GetThemes()})
			}
			if token = resp.GetNextPageToken(); token == "" {
				break
			}
		}
	}
	return out, nil
}

// programmeAmbassadors lists a programme's ambassadors.
func (h *Handler) programmeAmbassadors(ctx context.Context, programmeID string) ([]*ambassadorsv1.Ambassador, error) {
	var out []*ambassadorsv1.Ambassador
	token := ""
	for range reviewAmbassadorPages {
		resp, err := h.ambassadors.ListAmbassadors(ctx, &ambassadorsv1.ListAmbassadorsRequest{ProgrammeId: programmeID,
			PageSize: 200, PageToken: token})
		if err != nil {
			return nil, fmt.Errorf("list ambassadors of %s: %w", programmeID, err)
		}
		out = append(out, resp.GetItems()...)
		if token = resp.GetNextPageToken(); token == "" {
			break
		}
	}
	return out, nil
}

// reviewPage is the data of /beheer/beoordelen.
type reviewPage struct {
	Items  []reviewItem
	Notice string
	// Form holds a returned activity's comment when it was refused; ID
	// names that activity.
	Form *entry
	ID   string
}

// reviewQueue serves GET /beheer/beoordelen: the activities awaiting
// review, each with approve and return (with a comment).
func (h *Handler) reviewQueue(w http.ResponseWriter, r *http.Request, s *session) {
	h.showQueue(w, r, s, http.StatusOK, reviewPage{Notice: notice(r, "goedgekeurd", "teruggestuurd"), Form: newEntry(nil, "comment")})
}

func (h *Handler) showQueue(w http.ResponseWriter, r *http.Request, s *session, code int, p reviewPage) {
	l := h.lang(w, r)
	items, err := h.pendingActivities(r.Context(), l)
	if err != nil {
		h.staffFailed(w, r, "review queue", err)
		return
	}
	p.Items = items
	h.renderStaff(w, r, s, code, "console/review", p)
}

// review serves POST /beheer/beoordelen/{activityId} (fields decision:
// approve or return, comment).
func (h *Handler) review(w http.ResponseWriter, r *http.Request, s *session) {
	l := h.lang(w, r)
	id := r.PathValue("activityId")
	f := newEntry(r.PostForm, "comment")
	decision := f.Value("decision")
	if decision != "approve" && decision != "return" {
		h.fail(w, r, http.StatusBadRequest, "error.badRequest")
		return
	}
	comment := strings.TrimSpace(f.Values.Get("comment"))
	if decision == "return" && comment == "" {
		f.fail("comment", l.T("review.error.comment"))
		h.showQueue(w, r, s, http.StatusUnprocessableEntity, reviewPage{Form: f, ID: id})
		return
	}
	_, err := h.ambassadors.ReviewActivity(r.Context(), &ambassadorsv1.ReviewActivityRequest{ActivityId: id,
		Decision: decision, Comment: comment})
	if err != nil {
		if refused(l, f, err, "review.error.") {
			h.showQueue(w, r, s, http.StatusUnprocessableEntity, reviewPage{Form: f, ID: id})
			return
		}
		h.staffFailed(w, r, "review", err)
		return
	}
	done := "goedgekeurd"
	if decision == "return" {
		done = "teruggestuurd"
	}
	http.Redirect(w, r, "/beheer/beoordelen?melding="+done, http.StatusSeeOther)
}
