package domain

import (
	"sort"
	"strings"
)

// ReportRow totals the activities of one group.
type ReportRow struct {
	Key                  string
	Label                string
	Activities           int
	Minutes              int
	EntrepreneursReached int
	EventsHosted         int
	// Attendance is the number of attendees of hosted events; it stays 0
	// until the service keeps attendance counts.
	Attendance int
}

func (r *ReportRow) add(x *Activity) {
	r.Activities++
	r.Minutes += x.DurationMinutes
	r.EntrepreneursReached += x.EntrepreneursReached
	if x.Kind == KindEventHosted {
		r.EventsHosted++
	}
}

// Report totals a programme's activities over a period.
type Report struct {
	ProgrammeID  string
	From, To     Date
	Totals       ReportRow
	ByTheme      []ReportRow
	ByKind       []ReportRow
	ByAmbassador []ReportRow
	ByMonth      []ReportRow
}

// BuildReport totals the activities dated from..to (both included) of the
// programme's ambassadors. Every theme of the programme, every kind and
// every ambassador gets a row, also with nothing to count; months appear
// only when something happened in them. An activity on several themes
// counts for each of them.
func BuildReport(p *Programme, from, to Date, ambassadors []Ambassador, activities []Activity) Report {
	rep := Report{ProgrammeID: p.ID, From: from, To: to, Totals: ReportRow{Key: "total", Label: "Totaal"}}

	themes := make(map[string]*ReportRow, len(p.Themes))
	rep.ByTheme = make([]ReportRow, len(p.Themes))
	for i, t := range p.Themes {
		rep.ByTheme[i] = ReportRow{Key: t, Label: t}
	}
	for i := range rep.ByTheme {
		themes[strings.ToLower(rep.ByTheme[i].Key)] = &rep.ByTheme[i]
	}

	kinds := make(map[Kind]*ReportRow)
	rep.ByKind = make([]ReportRow, len(Kinds()))
	for i, k := range Kinds() {
		rep.ByKind[i] = ReportRow{Key: string(k), Label: string(k)}
		kinds[k] = &rep.ByKind[i]
	}

	sorted := append([]Ambassador(nil), ambassadors...)
	sort.SliceStable(sorted, func(i, j int) bool {
		if sorted[i].Name != sorted[j].Name {
			return sorted[i].Name < sorted[j].Name
		}
		return sorted[i].ID < sorted[j].ID
	})
	people := make(map[string]*ReportRow, len(sorted))
	rep.ByAmbassador = make([]ReportRow, len(sorted))
	for i, a := range sorted {
		rep.ByAmbassador[i] = ReportRow{Key: a.ID, Label: a.Name}
		people[a.ID] = &rep.ByAmbassador[i]
	}

	months := make(map[string]*ReportRow)
	for i := range activities {
		x := &activities[i]
		if x.OccurredOn.Before(from) || x.OccurredOn.After(to) {
			continue
		}
		rep.Totals.add(x)
		for _, t := range x.Themes {
			if row := themes[strings.ToLower(t)]; row != nil {
				row.add(x)
			}
		}
		if row := kinds[x.Kind]; row != nil {
			row.add(x)
		}
		if row := people[x.AmbassadorID]; row != nil {
			row.add(x)
		}
		m := x.OccurredOn.Month()
		if months[m] == nil {
			months[m] = &ReportRow{Key: m, Label: m}
		}
		months[m].add(x)
	}
	for _, row := range months {
		rep.ByMonth = append(rep.ByMonth, *row)
	}
	sort.Slice(rep.ByMonth, func(i, j int) bool { return rep.ByMonth[i].Key < rep.ByMonth[j].Key })
	return rep
}
