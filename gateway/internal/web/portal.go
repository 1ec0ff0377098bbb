package web

import (
	"context"
	"net/http"
	"time"

	"google.golang.org/protobuf/types/known/timestamppb"

	"plein.dev/platform/zone"
	ambassadorsv1 "plein.dev/proto/gen/plein/ambassadors/v1"
	eventsv1 "plein.dev/proto/gen/plein/events/v1"
)

// portalRoutes registers the ambassador portal, guarded by the ambassador
// role (staff.go). An ambassador sees only their own: every call names
// the account's own ambassador, and the service checks it again.
func (h *Handler) portalRoutes(staffRoute func(method, pattern string, fn staffHandler)) {
	route := func(method, pattern string, fn portalHandler) { staffRoute(method, pattern, h.inTerm(fn)) }
	route("GET", "/ambassadeur", h.portal)
	route("GET", "/ambassadeur/activiteiten/nieuw", h.newActivity)
	route("POST", "/ambassadeur/activiteiten/nieuw", h.logActivity)
	// portal_activities.go: an own activity changed or deleted while the
	// term lasts.
	route("GET", "/ambassadeur/activiteiten/{activityId}", h.editActivity)
	route("POST", "/ambassadeur/activiteiten/{activityId}", h.updateActivity)
	route("GET", "/ambassadeur/activiteiten/{activityId}/verwijderen", h.confirmDeleteActivity)
	route("POST", "/ambassadeur/activiteiten/{activityId}/verwijderen", h.deleteActivity)
	// portal_proposals.go: an event proposed to the organisers.
	route("GET", "/ambassadeur/evenementen/voorstellen", h.newProposal)
	route("POST", "/ambassadeur/evenementen/voorstellen", h.propose)
}

// activityKinds are the values of the kind select.
var activityKinds = []string{"company-visit", "presentation", "workshop", "mentoring", "municipality-meeting", "media",
	"event-hosted", "other"}

// term is an ambassador with their programme, as the portal shows them.
type term struct {
	Ambassador *ambassadorsv1.Ambassador
	Programme  *ambassadorsv1.Programme
	Period     string
	// Open is true while the ambassador may log activities: active, and
	// today within the term.
	Open bool
}

// portalHandler serves a portal page to the signed-in ambassador, with
// their term.
type portalHandler func(w http.ResponseWriter, r *http.Request, s *session, l *Lang, t term)

// inTerm reads the signed-in ambassador's term for fn; an account without
// an ambassador gets 403, a term that cannot be read an error page.
func (h *Handler) inTerm(fn portalHandler) staffHandler {
	return func(w http.ResponseWriter, r *http.Request, s *session) {
		l := h.lang(w, r)
		t, err := h.ownTerm(r.Context(), l, s)
		if err != nil {
			h.portalFailed(w, r, err)
			return
		}
		fn(w, r, s, l, t)
	}
}

// ownTerm reads the signed-in ambassador and their programme.
func (h *Handler) ownTerm(ctx context.Context, l *Lang, s *session) (term, error) {
	if s.User.AmbassadorID == "" {
		return term{}, errNoAmbassador
	}
	resp, err := h.ambassadors.GetAmbassador(ctx, &ambassadorsv1.GetAmbassadorRequest{AmbassadorId: s.User.AmbassadorID})
	if err != nil {
		return term{}, err
	}
	a := resp.GetAmbassador()
	t := term{Ambassador: a, Period: l.T("programmes.period", "From", l.Day(a.GetAppointedOn()), "To", l.Day(a.GetTermEndsOn()))}
	prog, err := h.ambassadors.GetProgramme(ctx, &ambassadorsv1.GetProgrammeRequest{ProgrammeId: a.GetProgrammeId()})
	if err != nil {
		return term{}, err
	}
	t.Programme = prog.GetProgramme()
	today := h.now().In(zone.Amsterdam).Format(dateLayout)
	t.Open = a.GetStatus() == "active" && a.GetAppointedOn() <= today && today <= a.GetTermEndsOn()
	return t, nil
}

// portalPage is the data of /ambassadeur.
type portalPage struct {
	Term       term
	Targets    []targetView
	Activities []activityRow
	// Hosted are the events the ambassador hosts, from hostedSince ago on.
	Hosted []hostedRow
	Notice string
}

// hostedRow is an event the ambassador hosts, with its registrations.
type hostedRow struct {
	Title, When, Status       string
	Taken, Capacity, Waitlist int
	Internal                  bool
}

// hostedSince is how far back the portal lists hosted events.
const hostedSince = 90 * 24 * time.Hour

type targetView struct {
	Label, Text, State string
	Approved, Pending  int
	Value, Percent     int
}

type activityRow struct {
	ID, Date, Kind, Summary, Status, Comment string
	Minutes, Reached                         int
}

// portal serves GET /ambassadeur: the ambassador's progress against the
// targets of their term (bars with words), and their own activities with
// their review status and the organiser's comment. After the term the
// page is read-only and says so.
func (h *Handler) portal(w http.ResponseWriter, r *http.Request, s *session, l *Lang, t term) {
	ctx := r.Context()
	p := portalPage{Term: t, Notice: notice(r, "gelogd", "gewijzigd", "verwijderd", "voorgesteld")}
	prog, err := h.ambassadors.GetAmbassadorProgress(ctx, &ambassadorsv1.GetAmbassadorProgressRequest{AmbassadorId: s.User.AmbassadorID})
	if err != nil {
		h.portalFailed(w, r, err)
		return
	}
	for _, tp := range prog.GetProgress().GetTargets() {
		tg := tp.GetTarget()
		label := l.T("target."+tg.GetMetric(), "Value", tg.GetValue())
		if tg.GetKind() != "" {
			label += " · " + l.T(messageID("kind.", tg.GetKind()))
		}
		if tg.GetTheme() != "" {
			label += " · " + tg.GetTheme()
		}
		p.Targets = append(p.Targets, targetView{Label: label, State: tp.GetState(), Approved: int(tp.GetApproved()),
			Pending: int(tp.GetPending()), Value: int(tg.GetValue()), Percent: percent(int(tp.GetApproved()), int(tg.GetValue())),
			Text: l.T("target.progress", "Approved", tp.GetApproved(), "Value", tg.GetValue(), "Pending", tp.GetPending(),
				"State", l.T("target.state."+tp.GetState()))})
	}
	token := ""
	for range 5 {
		resp, err := h.ambassadors.ListActivities(ctx, &ambassadorsv1.ListActivitiesRequest{AmbassadorId: s.User.AmbassadorID,
			PageSize: 200, PageToken: token})
		if err != nil {
			h.portalFailed(w, r, err)
			return
		}
		for _, a := range resp.GetItems() {
			p.Activities = append(p.Activities, activityRow{ID: a.GetId(), Date: l.Day(a.GetOccurredOn()), Kind: l.T(messageID("kind.", a.GetKind())),
				Summary: a.GetSummary(), Status: a.GetReviewStatus(), Comment: a.GetReviewComment(),
				Minutes: int(a.GetDurationMinutes()), Reached: int(a.GetEntrepreneursReached())})
		}
		if token = resp.GetNextPageToken(); token == "" {
			break
		}
	}
	if p.Hosted, err = h.hostedEvents(ctx, l, s.User.AmbassadorID); err != nil {
		h.portalFailed(w, r, err)
		return
	}
	h.renderStaff(w, r, s, http.StatusOK, "portal/home", p)
}

// hostedEvents returns the events an ambassador hosts that end after
// hostedSince ago, internal ones included (the events service shows an
// ambassador all of their own once published), with their seats.
func (h *Handler) hostedEvents(ctx context.Context, l *Lang, ambassadorID string) ([]hostedRow, error) {
	resp, err := h.events.ListEvents(ctx, &eventsv1.ListEventsRequest{HostAmbassadorId: ambassadorID,
		From: timestamppb.New(h.now().Add(-hostedSince)), PageSize: 100})
	if err != nil {
		return nil, err
	}
	rows := make([]hostedRow, 0, len(resp.GetItems()))
	for _, e := range resp.GetItems() {
		rows = append(rows, hostedRow{Title: e.GetTitle(), When: l.Span(e.GetStartsAt().AsTime(), e.GetEndsAt().AsTime()),
			Status: e.GetStatus(), Taken: int(e.GetSeatsTaken()), Capacity: int(e.GetCapacity()),
			Waitlist: int(e.GetWaitlistLength()), Internal: e.GetVisibility() == "internal"})
	}
	return rows, nil
}

// portalAnswered answers a portal form's call to a service, reporting
// whether it did: back to the portal with notice when it succeeded, an
// error page when it failed otherwise than by refusing the form's values.
// A refusal is put on the form (errors prefixes its messages) for the
// caller to show again.
func (h *Handler) portalAnswered(w http.ResponseWriter, r *http.Request, l *Lang, f *entry, err error, notice, errors string) bool {
	switch {
	case err == nil:
		http.Redirect(w, r, "/ambassadeur?melding="+notice, http.StatusSeeOther)
	case !refused(l, f, err, errors):
		h.portalFailed(w, r, err)
	default:
		return false
	}
	return true
}

// portalFailed answers a portal page whose data could not be read; an
// account without an ambassador gets 403.
func (h *Handler) portalFailed(w http.ResponseWriter, r *http.Request, err error) {
	if err == errNoAmbassador {
		h.fail(w, r, http.StatusForbidden, "error.role")
		return
	}
	h.staffFailed(w, r, "portal", err)
}

// activityFields are the activity form's fields in form order.
var activityFields = []string{"kind", "occurredOn", "durationMinutes", "summary", "entrepreneursReached", "organisations", "themes", "areas"}

// activityPage is the data of /ambassadeur/activiteiten/nieuw.
type activityPage struct {
	Term   term
	Form   *entry
	Kinds  []option
	Themes []option
	Areas  []option
	Today  string
	// Action is where the form posts; EditID the activity changed ("" for
	// a new one).
	Action, EditID string
}

func (h *Handler) activityPage(l *Lang, t term, f *entry) activityPage {
	p := activityPage{Term: t, Form: f, Today: h.now().In(zone.Amsterdam).Format(dateLayout),
		Action: "/ambassadeur/activiteiten/nieuw"}
	for _, k := range activityKinds {
		p.Kinds = append(p.Kinds, option{Value: k, Label: l.T(messageID("kind.", k))})
	}
	for _, th := range t.Programme.GetThemes() {
		p.Themes = append(p.Themes, option{Value: th, Label: th})
	}
	for _, a := range t.Programme.GetAreas() {
		p.Areas = append(p.Areas, option{Value: a, Label: a})
	}
	return p
}

// newActivity serves GET /ambassadeur/activiteiten/nieuw: the form to log
// an activity, made to be filled in within a minute on a phone; after the
// term, a message instead.
func (h *Handler) newActivity(w http.ResponseWriter, r *http.Request, s *session, l *Lang, t term) {
	f := newEntry(nil, activityFields...)
	f.Values.Set("occurredOn", h.now().In(zone.Amsterdam).Format(dateLayout))
	f.Values.Set("kind", "company-visit")
	h.renderStaff(w, r, s, http.StatusOK, "portal/activity", h.activityPage(l, t, f))
}

// logActivity serves POST /ambassadeur/activiteiten/nieuw (fields kind,
// occurredOn, durationMinutes, summary, entrepreneursReached,
// organisations: one a line or comma separated, themes).
func (h *Handler) logActivity(w http.ResponseWriter, r *http.Request, s *session, l *Lang, t term) {
	ctx := r.Context()
	f := newEntry(r.PostForm, activityFields...)
	p := h.activityPage(l, t, f)
	if !t.Open {
		f.General = l.T("portal.termClosed")
		h.renderStaff(w, r, s, http.StatusUnprocessableEntity, "portal/activity", p)
		return
	}
	in := readActivity(l, f) // portal_activities.go
	req := &ambassadorsv1.LogActivityRequest{AmbassadorId: s.User.AmbassadorID, Kind: in.Kind, OccurredOn: in.OccurredOn,
		Summary: in.Summary, DurationMinutes: in.DurationMinutes, EntrepreneursReached: in.Reached,
		Organisations: in.Organisations, Themes: in.Themes, Areas: in.Areas, Companies: in.Companies}
	if !f.Invalid() {
		_, err := h.ambassadors.LogActivity(ctx, req)
		if h.portalAnswered(w, r, l, f, err, "gelogd", "activity.error.") {
			return
		}
	}
	h.renderStaff(w, r, s, http.StatusUnprocessableEntity, "portal/activity", p)
}
