package web

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	ambassadorsv1 "plein.dev/proto/gen/plein/ambassadors/v1"
)

// activityInput is what the activity form says, read and checked.
type activityInput struct {
	Kind, OccurredOn, Summary string
	DurationMinutes, Reached  int32
	Organisations, Themes     []string
	Areas                     []string
	Companies                 []*ambassadorsv1.Company
}

// companyLine is a line of the organisations field naming a company with
// its KvK number after its name: "Bakkerij Jansen 12345678", also with
// "KvK" or a comma before the number.
var companyLine = regexp.MustCompile(`(?i)^(.*?)[\s,;:]*(?:kvk(?:-?nummer)?[\s:]*)?([0-9]{8})$`)

// readActivity reads the activity form into f's errors and the input.
func readActivity(l *Lang, f *entry) activityInput {
	in := activityInput{Kind: f.Value("kind"), OccurredOn: f.Value("occurredOn"),
		Summary: strings.TrimSpace(f.Values.Get("summary")), Themes: f.Values["themes"], Areas: f.Values["areas"]}
	if in.Summary == "" {
		f.fail("summary", l.T("activity.error.summary"))
	}
	if _, ok := parseDate(in.OccurredOn); !ok {
		f.fail("occurredOn", l.T("activity.error.occurredOn"))
	}
	for name, dst := range map[string]*int32{"durationMinutes": &in.DurationMinutes, "entrepreneursReached": &in.Reached} {
		if v := f.Value(name); v != "" {
			n, err := strconv.ParseInt(v, 10, 32)
			if err != nil || n < 0 {
				f.fail(name, l.T("activity.error."+name))
			}
			*dst = int32(n)
		}
	}
	for _, line := range strings.Split(f.Values.Get("organisations"), "\n") {
		line = strings.TrimSpace(line)
		if m := companyLine.FindStringSubmatch(line); m != nil && strings.TrimSpace(m[1]) != "" {
			name := strings.TrimSpace(m[1])
			in.Companies = append(in.Companies, &ambassadorsv1.Company{Name: name, KvkNumber: m[2]})
			in.Organisations = append(in.Organisations, name)
			continue
		}
		for _, o := range strings.Split(line, ",") {
			if o = strings.TrimSpace(o); o != "" {
				in.Organisations = append(in.Organisations, o)
			}
		}
	}
	return in
}

// organisationLines writes an activity's organisations back into the
// form's field, each company with its KvK number after its name.
func organisationLines(a *ambassadorsv1.Activity) string {
	kvk := map[string]string{}
	for _, c := range a.GetCompanies() {
		if c.GetKvkNumber() != "" {
			kvk[c.GetName()] = c.GetKvkNumber()
		}
	}
	lines := make([]string, 0, len(a.GetOrganisations()))
	for _, o := range a.GetOrganisations() {
		if n := kvk[o]; n != "" {
			o += " " + n
		}
		lines = append(lines, o)
	}
	return strings.Join(lines, "\n")
}

// ownActivity finds one of the signed-in ambassador's own activities; one
// of another ambassador, or none, is NotFound.
func (h *Handler) ownActivity(ctx context.Context, s *session, id string) (*ambassadorsv1.Activity, error) {
	token := ""
	for range 20 {
		resp, err := h.ambassadors.ListActivities(ctx, &ambassadorsv1.ListActivitiesRequest{AmbassadorId: s.User.AmbassadorID,
			PageSize: 200, PageToken: token})
		if err != nil {
			return nil, err
		}
		for _, a := range resp.GetItems() {
			if a.GetId() == id && a.GetAmbassadorId() == s.User.AmbassadorID {
				return a, nil
			}
		}
		if token = resp.GetNextPageToken(); token == "" {
			break
		}
	}
	return nil, status.Error(codes.NotFound, "no such activity of yours")
}

// activityPath is the edit page of an activity.
func activityPath(id string) string { return "/ambassadeur/activiteiten/" + url.PathEscape(id) }

// editActivity serves GET /ambassadeur/activiteiten/{activityId}: the
// activity in the form, to change while the term lasts.
func (h *Handler) editActivity(w http.ResponseWriter, r *http.Request, s *session, l *Lang, t term) {
	a, err := h.ownActivity(r.Context(), s, r.PathValue("activityId"))
	if err != nil {
		h.portalFailed(w, r, err)
		return
	}
	v := url.Values{"kind": {a.GetKind()}, "occurredOn": {a.GetOccurredOn()}, "summary": {a.GetSummary()},
		"durationMinutes":      {strconv.Itoa(int(a.GetDurationMinutes()))},
		"entrepreneursReached": {strconv.Itoa(int(a.GetEntrepreneursReached()))},
		"organisations":        {organisationLines(a)}, "themes": a.GetThemes(), "areas": a.GetAreas()}
	h.renderStaff(w, r, s, http.StatusOK, "portal/activity", h.editPage(l, t, newEntry(v, activityFields...), a.GetId()))
}

func (h *Handler) editPage(l *Lang, t term, f *entry, id string) activityPage {
	p := h.activityPage(l, t, f)
	p.Action, p.EditID = activityPath(id), id
	return p
}

// updateActivity serves POST /ambassadeur/activiteiten/{activityId}: the
// changed activity, which goes back to the organiser's review.
func (h *Handler) updateActivity(w http.ResponseWriter, r *http.Request, s *session, l *Lang, t term) {
	ctx := r.Context()
	id := r.PathValue("activityId")
	if _, err := h.ownActivity(ctx, s, id); err != nil {
		h.portalFailed(w, r, err)
		return
	}
	f := newEntry(r.PostForm, activityFields...)
	p := h.editPage(l, t, f, id)
	if !t.Open {
		f.General = l.T("portal.termClosed")
		h.renderStaff(w, r, s, http.StatusUnprocessableEntity, "portal/activity", p)
		return
	}
	in := readActivity(l, f)
	if !f.Invalid() {
		_, err := h.ambassadors.UpdateActivity(ctx, &ambassadorsv1.UpdateActivityRequest{ActivityId: id, Kind: &in.Kind,
			OccurredOn: &in.OccurredOn, Summary: &in.Summary, DurationMinutes: &in.DurationMinutes,
			EntrepreneursReached: &in.Reached, Organisations: in.Organisations, SetOrganisations: true,
			Themes: in.Themes, SetThemes: true, Areas: in.Areas, SetAreas: true, Companies: in.Companies, SetCompanies: true})
		if h.portalAnswered(w, r, l, f, err, "gewijzigd", "activity.error.") {
			return
		}
	}
	h.renderStaff(w, r, s, http.StatusUnprocessableEntity, "portal/activity", p)
}

// deleteActivityPage is the data of the delete confirmation.
type deleteActivityPage struct {
	ID, Date, Kind, Summary string
}

// confirmDeleteActivity serves GET
// /ambassadeur/activiteiten/{activityId}/verwijderen: what is deleted,
// and the button that does it.
func (h *Handler) confirmDeleteActivity(w http.ResponseWriter, r *http.Request, s *session, l *Lang, t term) {
	if !t.Open {
		http.Redirect(w, r, "/ambassadeur", http.StatusSeeOther)
		return
	}
	a, err := h.ownActivity(r.Context(), s, r.PathValue("activityId"))
	if err != nil {
		h.portalFailed(w, r, err)
		return
	}
	h.renderStaff(w, r, s, http.StatusOK, "portal/delete-activity", deleteActivityPage{ID: a.GetId(),
		Date: l.Day(a.GetOccurredOn()), Kind: l.T(messageID("kind.", a.GetKind())), Summary: a.GetSummary()})
}

// deleteActivity serves POST /ambassadeur/activiteiten/{activityId}/verwijderen.
func (h *Handler) deleteActivity(w http.ResponseWriter, r *http.Request, s *session, l *Lang, t term) {
	ctx := r.Context()
	id := r.PathValue("activityId")
	if _, err := h.ownActivity(ctx, s, id); err != nil {
		h.portalFailed(w, r, err)
		return
	}
	if !t.Open {
		h.fail(w, r, http.StatusUnprocessableEntity, "error.termClosed")
		return
	}
	if _, err := h.ambassadors.DeleteActivity(ctx, &ambassadorsv1.DeleteActivityRequest{ActivityId: id}); err != nil {
		h.portalFailed(w, r, err)
		return
	}
	http.Redirect(w, r, "/ambassadeur?melding=verwijderd", http.StatusSeeOther)
}
