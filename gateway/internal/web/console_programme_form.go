package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	ambassadorsv1 "plein.dev/proto/gen/plein/ambassadors/v1"
)

// programmeFields are the programme form's fields in form order; their
// names are the API's (themes one per line, targets as rows of the
// target* fields).
var programmeFields = []string{"name", "municipality", "description", "themes", "themeParents", "areas", "startsOn", "endsOn",
	"ownerOrganisationIds", "partners", "contacts", "targets", "indicators"}

// The values of a target row's selects.
var (
	targetMetrics = []string{"activities", "minutes", "entrepreneurs-reached"}
	targetScopes  = []string{"ambassador", "programme"}
	targetPeriods = []string{"year", "term"}
)

// targetRows is how many rows for targets the form shows beyond those a
// programme has.
const targetRows = 2

// programmeFormPage is the data of the new and edit pages of a programme.
type programmeFormPage struct {
	Form   *entry
	Action string
	// ID is the programme edited; "" on the new page, where municipality
	// and start can still be chosen.
	ID      string
	Targets []targetRow
	// The choices of a target row's selects.
	Metrics, Kinds, Themes, Scopes, Periods []option
	// The extras' tables and choices (console_programme_extra.go): the
	// owners and partners to choose from, the units of an indicator.
	Owners, PartnerOrgs, Units []option
	Partners                   []partnerRow
	Contacts                   []contactRow
	Roles                      []string
	Parents                    []parentRow
	Indicators                 []indicatorRow
	// choices are the organisations; owners those owning the programme
	// edited, which stay choosable.
	choices organisationChoices
	owners  []string
}

// targetRow is one row of the targets table, as entered.
type targetRow struct {
	N                                         int
	Metric, Value, Kind, Theme, Scope, Period string
}

func (h *Handler) programmeForm(l *Lang, values url.Values, id string) programmeFormPage {
	p := programmeFormPage{Form: newEntry(values, programmeFields...), ID: id, Action: "/beheer/programmas/nieuw"}
	if id != "" {
		p.Action = "/beheer/programmas/" + url.PathEscape(id)
	}
	for _, m := range targetMetrics {
		p.Metrics = append(p.Metrics, option{Value: m, Label: l.T("programmeForm.metric." + m)})
	}
	p.Kinds = []option{{Value: "", Label: l.T("programmeForm.anyKind")}}
	for _, k := range activityKinds {
		p.Kinds = append(p.Kinds, option{Value: k, Label: l.T(messageID("kind.", k))})
	}
	p.Themes = []option{{Value: "", Label: l.T("programmeForm.anyTheme")}}
	for _, t := range lines(values.Get("themes")) {
		p.Themes = append(p.Themes, option{Value: t, Label: t})
	}
	for _, s := range targetScopes {
		p.Scopes = append(p.Scopes, option{Value: s, Label: l.T("programmeForm.scope." + s)})
	}
	for _, s := range targetPeriods {
		p.Periods = append(p.Periods, option{Value: s, Label: l.T("programmeForm.period." + s)})
	}
	metric, value, kind, theme, scope, period := values["targetMetric"], values["targetValue"], values["targetKind"],
		values["targetTheme"], values["targetScope"], values["targetPeriod"]
	at := func(vs []string, i int) string {
		if i < len(vs) {
			return vs[i]
		}
		return ""
	}
	for i := range value {
		if strings.TrimSpace(value[i]) == "" {
			continue // an empty row is no target
		}
		p.Targets = append(p.Targets, targetRow{N: len(p.Targets) + 1, Metric: at(metric, i), Value: value[i], Kind: at(kind, i),
			Theme: at(theme, i), Scope: at(scope, i), Period: at(period, i)})
	}
	for range targetRows {
		p.Targets = append(p.Targets, targetRow{N: len(p.Targets) + 1})
	}
	return p
}

// lines splits a textarea into its non-empty lines, trimmed.
func lines(s string) []string {
	var out []string
	for _, line := range strings.Split(s, "\n") {
		if line = strings.TrimSpace(line); line != "" {
			out = append(out, line)
		}
	}
	return out
}

// programmeValues fills the form from a programme.
func programmeValues(l *Lang, p *ambassadorsv1.Programme) url.Values {
	v := url.Values{"name": {p.GetName()}, "municipality": {p.GetMunicipality()}, "description": {p.GetDescription()},
		"themes": {strings.Join(p.GetThemes(), "\n")}, "startsOn": {p.GetStartsOn()}, "endsOn": {p.GetEndsOn()}}
	for _, t := range p.GetTargets() {
		v.Add("targetMetric", t.GetMetric())
		v.Add("targetValue", strconv.Itoa(int(t.GetValue())))
		v.Add("targetKind", t.GetKind())
		v.Add("targetTheme", t.GetTheme())
		v.Add("targetScope", t.GetScope())
		v.Add("targetPeriod", t.GetPeriod())
	}
	addProgrammeExtra(l, v, p)
	return v
}

// programmeInput is the programme form read as far as the page can check
// it; the service judges the rest.
type programmeInput struct {
	Name, Municipality, Description, StartsOn, EndsOn string
	Themes                                            []string
	Targets                                           []*ambassadorsv1.Target
	Extra                                             programmeExtra
}

func readProgramme(l *Lang, p programmeFormPage) programmeInput {
	e := p.Form
	in := programmeInput{Name: e.Value("name"), Municipality: e.Value("municipality"),
		Description: strings.TrimSpace(e.Values.Get("description")), Themes: lines(e.Values.Get("themes")),
		StartsOn: e.Value("startsOn"), EndsOn: e.Value("endsOn")}
	if in.Name == "" {
		e.fail("name", l.T("programmeForm.error.name"))
	}
	if p.ID == "" && in.Municipality == "" {
		e.fail("municipality", l.T("programmeForm.error.municipality"))
	}
	if _, ok := parseDate(in.StartsOn); !ok && p.ID == "" {
		e.fail("startsOn", l.T("programmeForm.error.startsOn"))
	}
	if _, ok := parseDate(in.EndsOn); !ok {
		e.fail("endsOn", l.T("programmeForm.error.endsOn"))
	}
	for _, t := range p.Targets {
		if strings.TrimSpace(t.Value) == "" {
			continue
		}
		n, err := strconv.ParseInt(strings.TrimSpace(t.Value), 10, 32)
		if err != nil || n < 1 {
			e.fail("targets", l.T("programmeForm.error.targets"))
			continue
		}
		in.Targets = append(in.Targets, &ambassadorsv1.Target{Metric: t.Metric, Value: int32(n), Kind: t.Kind, Theme: t.Theme,
			Scope: t.Scope, Period: t.Period})
	}
	in.Extra = readProgrammeExtra(l, p, in.Themes)
	return in
}

// newProgramme serves GET /beheer/programmas/nieuw.
func (h *Handler) newProgramme(w http.ResponseWriter, r *http.Request, s *session) {
	l := h.lang(w, r)
	p := h.programmeForm(l, url.Values{}, "")
	if err := h.programmeExtras(r.Context(), l, &p, nil); err != nil {
		h.staffFailed(w, r, "new programme", err)
		return
	}
	if len(p.Owners) == 1 {
		p.Form.Values.Set("ownerOrganisationIds", p.Owners[0].Value) // the one choice, made
	}
	h.renderStaff(w, r, s, http.StatusOK, "console/programme", p)
}

// createProgramme serves POST /beheer/programmas/nieuw.
func (h *Handler) createProgramme(w http.ResponseWriter, r *http.Request, s *session) {
	l := h.lang(w, r)
	p := h.programmeForm(l, r.PostForm, "")
	if err := h.programmeExtras(r.Context(), l, &p, nil); err != nil {
		h.staffFailed(w, r, "create programme", err)
		return
	}
	in := readProgramme(l, p)
	if !p.Form.Invalid() {
		_, err := h.ambassadors.CreateProgramme(r.Context(), &ambassadorsv1.CreateProgrammeRequest{Name: in.Name,
			Municipality: in.Municipality, Description: in.Description, Themes: in.Themes, StartsOn: in.StartsOn,
			EndsOn: in.EndsOn, Targets: in.Targets, OwnerOrganisationIds: in.Extra.Owners, Partners: in.Extra.Partners,
			Contacts: in.Extra.Contacts, Areas: in.Extra.Areas, ThemeParents: in.Extra.ThemeParents, Indicators: in.Extra.Indicators})
		if err == nil {
			h.directory.forget()
			http.Redirect(w, r, "/beheer/programmas?melding=aangemaakt", http.StatusSeeOther)
			return
		}
		if !rowsRefused(l, p.Form, err, "programmeForm.error.", programmeGroups) {
			h.staffFailed(w, r, "create programme", err)
			return
		}
	}
	h.renderStaff(w, r, s, http.StatusUnprocessableEntity, "console/programme", p)
}

// editProgramme serves GET /beheer/programmas/{programmeId}.
func (h *Handler) editProgramme(w http.ResponseWriter, r *http.Request, s *session) {
	l := h.lang(w, r)
	id := r.PathValue("programmeId")
	// Another organisation's programme is not found (console_measurements.go).
	prog, err := h.managedProgramme(r.Context(), id)
	if err != nil {
		h.staffFailed(w, r, "programme", err)
		return
	}
	p := h.programmeForm(l, programmeValues(l, prog), id)
	if err := h.programmeExtras(r.Context(), l, &p, prog.GetOwnerOrganisationIds()); err != nil {
		h.staffFailed(w, r, "programme", err)
		return
	}
	h.renderStaff(w, r, s, http.StatusOK, "console/programme", p)
}

// updateProgramme serves POST /beheer/programmas/{programmeId}: name,
// description, themes, end, targets and the extras (municipality and
// start stay).
func (h *Handler) updateProgramme(w http.ResponseWriter, r *http.Request, s *session) {
	l := h.lang(w, r)
	id := r.PathValue("programmeId")
	prog, err := h.managedProgramme(r.Context(), id)
	if err != nil {
		h.staffFailed(w, r, "programme", err)
		return
	}
	// What the form cannot change is shown as it is.
	r.PostForm.Set("municipality", prog.GetMunicipality())
	r.PostForm.Set("startsOn", prog.GetStartsOn())
	p := h.programmeForm(l, r.PostForm, id)
	if err := h.programmeExtras(r.Context(), l, &p, prog.GetOwnerOrganisationIds()); err != nil {
		h.staffFailed(w, r, "programme", err)
		return
	}
	in := readProgramme(l, p)
	if !p.Form.Invalid() {
		_, err := h.ambassadors.UpdateProgramme(r.Context(), &ambassadorsv1.UpdateProgrammeRequest{ProgrammeId: id,
			Name: &in.Name, Description: &in.Description, EndsOn: &in.EndsOn, Themes: in.Themes, SetThemes: true,
			Targets: in.Targets, SetTargets: true, OwnerOrganisationIds: in.Extra.Owners, SetOwnerOrganisationIds: len(in.Extra.Owners) > 0,
			Partners: in.Extra.Partners, SetPartners: true, Contacts: in.Extra.Contacts, SetContacts: true,
			Areas: in.Extra.Areas, SetAreas: true, ThemeParents: in.Extra.ThemeParents, SetThemeParents: true,
			Indicators: in.Extra.Indicators, SetIndicators: true})
		if err == nil {
			h.directory.forget()
			http.Redirect(w, r, "/beheer/programmas?melding=opgeslagen", http.StatusSeeOther)
			return
		}
		if !rowsRefused(l, p.Form, err, "programmeForm.error.", programmeGroups) {
			h.staffFailed(w, r, "update programme", err)
			return
		}
	}
	h.renderStaff(w, r, s, http.StatusUnprocessableEntity, "console/programme", p)
}
