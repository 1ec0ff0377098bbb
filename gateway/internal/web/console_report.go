package web

import (
	"net/http"
	"net/url"
	"strings"

	ambassadorsv1 "plein.dev/proto/gen/plein/ambassadors/v1"
)

// reportPage is the data of /beheer/rapportage.
type reportPage struct {
	Form       *entry
	Programmes []option
	Report     *reportView
	CSVURL     string
}

type reportView struct {
	ID, Programme, Period string
	Totals                reportRow
	// Indicators, Companies and Ideas are the outcomes beside the
	// activities (console_report_outcomes.go).
	Indicators []indicatorResult
	Companies  companiesView
	Ideas      []supportedIdea
	Sections   []reportSection
}

// reportSection is one breakdown of the report, drawn as a bar chart of
// approved activities with the same numbers in a table beside it.
type reportSection struct {
	ID, Heading string
	Rows        []reportRow
	// Max is the largest number of activities, the chart's full width.
	Max int
	// Summary is the chart's text alternative.
	Summary string
}

type reportRow struct {
	Label                                               string
	Activities, Pending, Minutes, Reached, Events, Seen int
	// In the theme table: Level is the depth under parent themes (0 for
	// a top theme), Parent the parent's label, RollUp marks a theme whose
	// row counts its descendants' activities too.
	Level  int
	Parent string
	RollUp bool
}

func newReportRow(label string, r *ambassadorsv1.ReportRow) reportRow {
	return reportRow{Label: label, Activities: int(r.GetActivities()), Pending: int(r.GetPendingActivities()),
		Minutes: int(r.GetMinutes()), Reached: int(r.GetEntrepreneursReached()), Events: int(r.GetEventsHosted()),
		Seen: int(r.GetAttendance())}
}

// report serves GET /beheer/rapportage?programmeId=&from=&to=: a
// programme's report for a period (the programme's own when no dates are
// given): its indicators against their targets, the companies reached,
// the activities by theme (with the parent themes' roll-up), area, kind,
// sector, ambassador and month, the ideas supported, and a CSV download.
func (h *Handler) report(w http.ResponseWriter, r *http.Request, s *session) {
	l := h.lang(w, r)
	ctx := r.Context()
	dir, err := h.directory.refresh(ctx)
	if err != nil {
		h.staffFailed(w, r, "report", err)
		return
	}
	f := newEntry(r.URL.Query(), "programmeId", "from", "to")
	p := reportPage{Form: f}
	mine := managedProgrammes(ctx, dir.programmes) // console_scope.go
	for _, pr := range mine {
		p.Programmes = append(p.Programmes, option{Value: pr.GetId(), Label: pr.GetName()})
	}
	id := f.Value("programmeId")
	if id == "" && len(mine) > 0 {
		id = mine[0].GetId()
		f.Values.Set("programmeId", id)
	}
	for _, k := range []string{"from", "to"} {
		if v := f.Value(k); v != "" {
			if _, ok := parseDate(v); !ok {
				f.fail(k, l.T("console.error.date"))
			}
		}
	}
	if id == "" || f.Invalid() {
		h.renderStaff(w, r, s, http.StatusOK, "console/report", p)
		return
	}
	resp, err := h.ambassadors.GetProgrammeReport(ctx, &ambassadorsv1.GetProgrammeReportRequest{ProgrammeId: id,
		From: f.Value("from"), To: f.Value("to")})
	if err != nil {
		if refused(l, f, err, "report.error.") {
			h.renderStaff(w, r, s, http.StatusUnprocessableEntity, "console/report", p)
			return
		}
		h.staffFailed(w, r, "report", err)
		return
	}
	rv := &reportView{ID: id, Programme: dir.programme[id].GetName(), Totals: newReportRow(l.T("report.total"), resp.GetTotals()),
		Period:     l.T("programmes.period", "From", l.Day(resp.GetFrom()), "To", l.Day(resp.GetTo())),
		Indicators: indicatorResults(l, resp.GetIndicators()), Companies: companies(resp.GetCompanies()),
		Ideas: supportedIdeas(l, resp.GetSupportedIdeas())}
	add := func(id, heading string, rows []reportRow) {
		sec := reportSection{ID: id, Heading: l.T(heading), Rows: rows}
		var parts []string
		for _, rr := range rows {
			sec.Max = max(sec.Max, rr.Activities)
			parts = append(parts, l.N("report.chartPart", rr.Activities, "Label", rr.Label))
		}
		if len(sec.Rows) == 0 {
			sec.Summary = l.T("report.chartEmpty")
		} else {
			sec.Summary = l.T("report.chartSummary", "Heading", sec.Heading, "Parts", strings.Join(parts, "; "))
		}
		rv.Sections = append(rv.Sections, sec)
	}
	rows := func(in []*ambassadorsv1.ReportRow, label func(*ambassadorsv1.ReportRow) string) []reportRow {
		out := make([]reportRow, 0, len(in))
		for _, r := range in {
			out = append(out, newReportRow(label(r), r))
		}
		return out
	}
	// own is a row's label; none is the label of a row without a key
	// (activities with no area, ambassadors with no sector).
	own := func(none string) func(r *ambassadorsv1.ReportRow) string {
		return func(r *ambassadorsv1.ReportRow) string {
			switch {
			case r.GetLabel() != "":
				return r.GetLabel()
			case r.GetKey() == "" && none != "":
				return l.T(none)
			}
			return r.GetKey()
		}
	}
	add("theme", "report.byTheme", themeTree(resp.GetByTheme(), own("")))
	add("area", "report.byArea", rows(resp.GetByArea(), own("report.noArea")))
	add("kind", "report.byKind", rows(resp.GetByKind(), func(r *ambassadorsv1.ReportRow) string { return l.T(messageID("kind.", r.GetKey())) }))
	add("sector", "report.bySector", rows(resp.GetBySector(), own("report.noSector")))
	add("ambassador", "report.byAmbassador", rows(resp.GetByAmbassador(), own("")))
	add("month", "report.byMonth", rows(resp.GetByMonth(), func(r *ambassadorsv1.ReportRow) string {
		if t, ok := parseDate(r.GetKey() + "-01"); ok {
			return l.MonthName(t)
		}
		return own("")(r)
	}))
	p.Report = rv
	csv := url.Values{"format": {"csv"}}
	for _, k := range []string{"from", "to"} {
		if v := f.Value(k); v != "" {
			csv.Set(k, v)
		}
	}
	p.CSVURL = "/api/v1/programmes/" + url.PathEscape(id) + "/report?" + csv.Encode()
	h.renderStaff(w, r, s, http.StatusOK, "console/report", p)
}
