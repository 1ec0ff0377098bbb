package web

import (
	"math"

	ambassadorsv1 "plein.dev/proto/gen/plein/ambassadors/v1"
)

// What a council asks of a programme beside its activities: the outcome
// indicators against their targets, the companies reached (each once)
// and the ideas supported; and the themes as a tree, parents rolling up
// their children.

// indicatorResult is one indicator against its target over the period.
type indicatorResult struct {
	Label, Value, Target, LastOn, LastOnISO string
	Measurements                            int
	// HasTarget tells whether Percent and Bar mean anything; Percent is
	// in words ("62%"), Bar the bar's width (at most 100), Met whether
	// the target is reached.
	HasTarget bool
	Percent   string
	Bar       int
	Met       bool
}

func indicatorResults(l *Lang, in []*ambassadorsv1.IndicatorResult) []indicatorResult {
	out := make([]indicatorResult, 0, len(in))
	for _, r := range in {
		ind := r.GetIndicator()
		v := indicatorResult{Label: ind.GetLabel(), Value: l.Amount(ind.GetUnit(), r.GetValue()),
			Measurements: int(r.GetMeasurements()), LastOnISO: r.GetLastMeasuredOn()}
		if v.Label == "" {
			v.Label = ind.GetKey()
		}
		if r.GetLastMeasuredOn() != "" {
			v.LastOn = l.Day(r.GetLastMeasuredOn())
		}
		if ind.Target != nil {
			v.Target = l.Amount(ind.GetUnit(), ind.GetTarget())
		}
		if r.PercentOfTarget != nil {
			p := r.GetPercentOfTarget()
			// Rounded down, so that 99.6% does not read "100% of
			// target" without being met.
			v.HasTarget, v.Met = true, p >= 100
			v.Percent = l.T("amount.percent", "Value", l.Number(math.Floor(p)))
			v.Bar = int(math.Floor(min(max(p, 0), 100)))
		}
		out = append(out, v)
	}
	return out
}

// companiesView counts the companies reached.
type companiesView struct {
	Unique, FromActivities, FromRegistrations, SelfReported int
}

func companies(c *ambassadorsv1.CompaniesReached) companiesView {
	return companiesView{Unique: int(c.GetUnique()), FromActivities: int(c.GetFromActivities()),
		FromRegistrations: int(c.GetFromRegistrations()), SelfReported: int(c.GetSelfReported())}
}

// supportedIdea is an idea supported in the period.
type supportedIdea struct {
	ID, Title, Organisation, Decided, DecidedOn, Note string
	Themes                                            []string
}

func supportedIdeas(l *Lang, in []*ambassadorsv1.IdeaSummary) []supportedIdea {
	out := make([]supportedIdea, 0, len(in))
	for _, x := range in {
		out = append(out, supportedIdea{ID: x.GetId(), Title: x.GetTitle(), Organisation: x.GetOrganisation(),
			Decided: l.Day(x.GetDecidedOn()), DecidedOn: x.GetDecidedOn(), Note: x.GetNote(), Themes: x.GetThemes()})
	}
	return out
}

// themeTree orders the theme rows as a tree, each parent followed by its
// children (depth first, in the service's order otherwise), and marks
// their levels. A row whose parent has no row is a top theme; a cycle,
// which the service refuses, cannot loop here.
func themeTree(in []*ambassadorsv1.ReportRow, label func(*ambassadorsv1.ReportRow) string) []reportRow {
	byKey := make(map[string]*ambassadorsv1.ReportRow, len(in))
	for _, r := range in {
		byKey[r.GetKey()] = r
	}
	children := map[string][]*ambassadorsv1.ReportRow{}
	var roots []*ambassadorsv1.ReportRow
	for _, r := range in {
		if p := r.GetParent(); p != "" && p != r.GetKey() && byKey[p] != nil {
			children[p] = append(children[p], r)
		} else {
			roots = append(roots, r)
		}
	}
	out := make([]reportRow, 0, len(in))
	seen := map[string]bool{}
	var walk func(r *ambassadorsv1.ReportRow, level int, parent string)
	walk = func(r *ambassadorsv1.ReportRow, level int, parent string) {
		if seen[r.GetKey()] {
			return
		}
		seen[r.GetKey()] = true
		row := newReportRow(label(r), r)
		row.Level, row.Parent, row.RollUp = min(level, 3), parent, len(children[r.GetKey()]) > 0
		out = append(out, row)
		for _, c := range children[r.GetKey()] {
			walk(c, level+1, row.Label)
		}
	}
	for _, r := range roots {
		walk(r, 0, "")
	}
	for _, r := range in { // rows only reachable through a cycle
		walk(r, 0, "")
	}
	return out
}
