package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"plein.dev/platform/identity"
	"plein.dev/platform/rpcerr"
	ambassadorsv1 "plein.dev/proto/gen/plein/ambassadors/v1"
)

// triageStatuses are an idea's states in triage order; triageNext the states
// each open one may move on to (the service judges the move again).
var (
	triageStatuses = []string{"new", "in-behandeling", "ondersteund", "afgewezen"}
	triageNext     = map[string][]string{"new": {"in-behandeling", "ondersteund", "afgewezen"},
		"in-behandeling": {"ondersteund", "afgewezen"}}
)

// triagePages bounds the ideas read per programme: pages of 200.
const triagePages = 5

// triageRow is an idea in the triage list.
type triageRow struct {
	ID, Title, Programme, Organisation, Submitted, SubmittedAt, Status string
}

// triageListPage is the data of /beheer/ideeen.
type triageListPage struct {
	Filter     *entry
	Programmes []option
	Statuses   []option
	Ideas      []triageRow
}

// managedIdeas lists the ideas of the programmes the user manages (or of
// the one programme asked for) with status (all when empty), each
// programme's oldest first.
func (h *Handler) managedIdeas(ctx context.Context, dir *listing, programmeID, status string) ([]*ambassadorsv1.Idea, error) {
	var out []*ambassadorsv1.Idea
	for _, p := range managedProgrammes(ctx, dir.programmes) { // console_scope.go
		if programmeID != "" && p.GetId() != programmeID {
			continue
		}
		token := ""
		for range triagePages {
			resp, err := h.ambassadors.ListIdeas(ctx, &ambassadorsv1.ListIdeasRequest{ProgrammeId: p.GetId(), Status: status,
				PageSize: 200, PageToken: token})
			if err != nil {
				return nil, fmt.Errorf("list ideas of %s: %w", p.GetId(), err)
			}
			out = append(out, resp.GetItems()...)
			if token = resp.GetNextPageToken(); token == "" {
				break
			}
		}
	}
	return out, nil
}

// consoleIdeas serves GET /beheer/ideeen?programmeId=&status=: the ideas
// entrepreneurs submitted to the programmes the organiser manages.
func (h *Handler) consoleIdeas(w http.ResponseWriter, r *http.Request, s *session) {
	l := h.lang(w, r)
	ctx := r.Context()
	dir, err := h.directory.refresh(ctx) // a programme created a moment ago is listed
	if err != nil {
		h.staffFailed(w, r, "ideas", err)
		return
	}
	f := newEntry(r.URL.Query(), "programmeId", "status")
	p := triageListPage{Filter: f, Programmes: []option{{Value: "", Label: l.T("ideas.allProgrammes")}},
		Statuses: []option{{Value: "", Label: l.T("ideas.allStatuses")}}}
	for _, pr := range managedProgrammes(ctx, dir.programmes) {
		p.Programmes = append(p.Programmes, option{Value: pr.GetId(), Label: pr.GetName()})
	}
	for _, st := range triageStatuses {
		p.Statuses = append(p.Statuses, option{Value: st, Label: l.T("ideas.status." + st)})
	}
	st := f.Value("status")
	if st != "" && !slices.Contains(triageStatuses, st) {
		f.Values.Del("status")
		st = ""
	}
	items, err := h.managedIdeas(ctx, dir, f.Value("programmeId"), st)
	if err != nil {
		h.staffFailed(w, r, "ideas", err)
		return
	}
	for _, x := range items {
		at := x.GetCreatedAt().AsTime()
		p.Ideas = append(p.Ideas, triageRow{ID: x.GetId(), Title: x.GetTitle(), Programme: dir.programme[x.GetProgrammeId()].GetName(),
			Organisation: x.GetOrganisation(), Submitted: l.Date(at), SubmittedAt: machineTime(at), Status: x.GetStatus()})
	}
	h.renderStaff(w, r, s, http.StatusOK, "console/ideas", p)
}

// triageView is one idea as its page shows it.
type triageView struct {
	ID, Title, Description, Programme, Name, Email, Organisation, KvK string
	Themes                                                            []string
	Status, Note, Submitted, SubmittedAt, Decided, DecidedAt          string
}

// triagePage is the data of /beheer/ideeen/{ideaId}.
type triagePage struct {
	Idea   triageView
	Notice string
	// Form moves an open idea on; Next are its allowed next states.
	Form *entry
	Next []option
}

// Open reports whether the idea awaits a decision.
func (p triagePage) Open() bool { return len(p.Next) > 0 }

// triagePageOf reads an idea the user manages for its page.
func (h *Handler) triagePageOf(r *http.Request, l *Lang, id string, f *entry) (triagePage, error) {
	ctx := r.Context()
	resp, err := h.ambassadors.GetIdea(ctx, &ambassadorsv1.GetIdeaRequest{IdeaId: id})
	if err != nil {
		return triagePage{}, err
	}
	x := resp.GetIdea()
	dir, err := h.directory.get(ctx)
	if err != nil {
		return triagePage{}, err
	}
	prog := dir.programme[x.GetProgrammeId()]
	if prog == nil { // a programme newer than the directory's copy
		if dir, err = h.directory.refresh(ctx); err != nil {
			return triagePage{}, err
		}
		prog = dir.programme[x.GetProgrammeId()]
	}
	if prog != nil && !identity.FromContext(ctx).Manages(prog.GetOwnerOrganisationIds()...) {
		// The service refuses it too; the console shows none it cannot triage.
		return triagePage{}, status.Error(codes.NotFound, "idea not found")
	}
	created, updated := x.GetCreatedAt().AsTime(), x.GetUpdatedAt().AsTime()
	v := triageView{ID: x.GetId(), Title: x.GetTitle(), Description: x.GetDescription(), Programme: prog.GetName(),
		Name: x.GetName(), Email: x.GetEmail(), Organisation: x.GetOrganisation(), KvK: x.GetKvkNumber(), Themes: x.GetThemes(),
		Status: x.GetStatus(), Note: x.GetNote(), Submitted: l.Date(created), SubmittedAt: machineTime(created)}
	if x.GetUpdatedAt() != nil && x.GetStatus() != "new" {
		v.Decided, v.DecidedAt = l.Date(updated), machineTime(updated)
	}
	p := triagePage{Idea: v, Form: f}
	for _, st := range triageNext[x.GetStatus()] {
		p.Next = append(p.Next, option{Value: st, Label: l.T("ideas.next." + st)})
	}
	if p.Open() && f.Value("status") == "" {
		f.Values.Set("status", p.Next[0].Value)
	}
	return p, nil
}

// consoleIdea serves GET /beheer/ideeen/{ideaId}: the idea with its submitter
// and, while it is open, the form that moves it on.
func (h *Handler) consoleIdea(w http.ResponseWriter, r *http.Request, s *session) {
	l := h.lang(w, r)
	p, err := h.triagePageOf(r, l, r.PathValue("ideaId"), newEntry(nil, "status", "note"))
	if err != nil {
		h.staffFailed(w, r, "idea", err)
		return
	}
	p.Notice = notice(r, "bijgewerkt")
	h.renderStaff(w, r, s, http.StatusOK, "console/idea", p)
}

// triageIdea serves POST /beheer/ideeen/{ideaId} (status, note): the
// idea moves on and the ambassadors service mails the submitter.
func (h *Handler) triageIdea(w http.ResponseWriter, r *http.Request, s *session) {
	l := h.lang(w, r)
	id := r.PathValue("ideaId")
	f := newEntry(r.PostForm, "status", "note")
	next := f.Value("status")
	if !slices.Contains(triageStatuses[1:], next) {
		f.fail("status", l.T("ideas.error.status"))
	} else {
		_, err := h.ambassadors.UpdateIdea(r.Context(), &ambassadorsv1.UpdateIdeaRequest{IdeaId: id, Status: next, Note: f.Value("note")})
		if err == nil {
			http.Redirect(w, r, "/beheer/ideeen/"+url.PathEscape(id)+"?melding=bijgewerkt", http.StatusSeeOther)
			return
		}
		switch {
		case status.Code(err) == codes.FailedPrecondition && !namesOtherField(err, "status"):
			// Another organiser moved it on meanwhile, or the step is
			// not allowed from where it stands.
			f.fail("status", l.T("ideas.error.transition"))
			f.Detail = status.Convert(err).Message()
		case !refused(l, f, err, "ideas.error."):
			h.staffFailed(w, r, "triage idea", err)
			return
		}
	}
	p, err := h.triagePageOf(r, l, id, f)
	if err != nil {
		h.staffFailed(w, r, "idea", err)
		return
	}
	if msg := f.Error("status"); msg != "" && !p.Open() {
		// Decided meanwhile: no form to point into.
		delete(f.Errors, "status")
		f.General = msg
	}
	h.renderStaff(w, r, s, http.StatusUnprocessableEntity, "console/idea", p)
}

// newIdeas counts the ideas awaiting triage in the programmes the user
// manages, for the overview.
func (h *Handler) newIdeas(ctx context.Context) (int, error) {
	dir, err := h.directory.get(ctx)
	if err != nil {
		return 0, err
	}
	items, err := h.managedIdeas(ctx, dir, "", "new")
	return len(items), err
}

// namesOtherField reports whether a refusal names a field other than
// field: a note too long is about the note, not the step.
func namesOtherField(err error, field string) bool {
	for _, v := range rpcerr.Violations(err) {
		if v.Field != field {
			return true
		}
	}
	return false
}
