package domain

import "sort"

// ReportRow totals the activities of one group. Approved activities count
// in every figure; activities still pending review are counted apart in
// PendingActivities; returned activities count nowhere.
type ReportRow struct {
	Key                  string
	Label                string
	Activities           int
	Minutes              int
	EntrepreneursReached int
	// EventsHosted counts distinct events: two ambassadors hosting one
	// event make two activities but one event (and its attendance once).
	EventsHosted int
	// Attendance adds up the attendees checked in at those events.
	Attendance        int
	PendingActivities int
	// Parent is, in ByTheme, the parent theme; a parent's row also counts
	// the activities of its descendants, each once.
	Parent string
}

// hostedEvents remembers, per row, the events counted already.
type hostedEvents map[*ReportRow]map[string]bool

func (seen hostedEvents) add(r *ReportRow, x *Activity) {
	switch x.ReviewStatus {
	case ReviewApproved:
	case ReviewPending:
		r.PendingActivities++
		return
	default:
		return
	}
	r.Activities++
	r.Minutes += x.DurationMinutes
	r.EntrepreneursReached += x.EntrepreneursReached
	if x.Kind != KindEventHosted {
		return
	}
	key := x.EventID
	if key == "" {
		key = "activity:" + x.ID // logged by hand without an event: its own event
	}
	if seen[r] == nil {
		seen[r] = make(map[string]bool)
	}
	if seen[r][key] {
		return
	}
	seen[r][key] = true
	r.EventsHosted++
	r.Attendance += x.Attendance
}

// LeaderboardEntry is an ambassador's place on the programme's leaderboard.
type LeaderboardEntry struct {
	Rank                 int
	AmbassadorID         string
	Name                 string
	Activities           int
	Minutes              int
	EntrepreneursReached int
	EventsHosted         int
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
	// ByArea has a row per area of the programme; BySector one per sector
	// of its ambassadors ("" for those without one).
	ByArea   []ReportRow
	BySector []ReportRow
	// Companies counts the companies reached once by KvK number; see
	// (*Report).CountCompanies.
	Companies CompaniesReached
	// Indicators has every indicator of the programme against its
	// target; see (*Report).MeasureIndicators.
	Indicators []IndicatorResult
	// SupportedIdeas are the ideas that became ondersteund in the period,
	// in that order (ideas_report.go in app).
	SupportedIdeas []Idea
	// Leaderboard ranks the ambassadors who did not opt out by approved
	// activities, then minutes; equal figures share a rank.
	Leaderboard []LeaderboardEntry
}

// CheckPeriod refuses a report period whose last day is before its first.
func CheckPeriod(from, to Date) error {
	if to.Before(from) {
		return broken("to", "must not be before from")
	}
	return nil
}

// BuildReport totals the activities dated from..to (both included) of the
// programme's ambassadors. Every theme of the programme, every kind and
// every ambassador gets a row, also with nothing to count; months appear
// only when something happened in them. An activity on several themes
// counts for each of them.
func BuildReport(p *Programme, from, to Date, ambassadors []Ambassador, activities []Activity) Report {
	rep := Report{ProgrammeID: p.ID, From: from, To: to, Totals: ReportRow{Key: "total", Label: "Totaal"}}
	rep.ByTheme = make([]ReportRow, len(p.Themes))
	for i, t := range p.Themes {
		rep.ByTheme[i] = ReportRow{Key: t, Label: t, Parent: p.ThemeParents[t]}
	}
	themes := rowsByKey(rep.ByTheme)
	rep.ByArea = make([]ReportRow, len(p.Areas))
	for i, a := range p.Areas {
		rep.ByArea[i] = ReportRow{Key: a, Label: a}
	}
	areas := rowsByKey(rep.ByArea)
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
	var sectorOf map[string]*ReportRow // by ambassador id
	rep.BySector, sectorOf = sectorRows(sorted)
	months := make(map[string]*ReportRow)
	seen := make(hostedEvents)
	for i := range activities {
		x := &activities[i]
		if x.OccurredOn.Before(from) || x.OccurredOn.After(to) {
			continue
		}
		if x.ReviewStatus != ReviewApproved && x.ReviewStatus != ReviewPending {
			continue // returned: counts nowhere, not even as a month
		}
		seen.add(&rep.Totals, x)
		// A theme's row and those of its ancestors, each once.
		for _, row := range rowsOf(themes, themeKeys(p, x.Themes)) {
			seen.add(row, x)
		}
		for _, row := range rowsOf(areas, x.Areas) {
			seen.add(row, x)
		}
		if row := sectorOf[x.AmbassadorID]; row != nil {
			seen.add(row, x)
		}
		if row := kinds[x.Kind]; row != nil {
			seen.add(row, x)
		}
		if row := people[x.AmbassadorID]; row != nil {
			seen.add(row, x)
		}
		m := x.OccurredOn.Month()
		if months[m] == nil {
			months[m] = &ReportRow{Key: m, Label: m}
		}
		seen.add(months[m], x)
	}
	for _, row := range months {
		rep.ByMonth = append(rep.ByMonth, *row)
	}
	sort.Slice(rep.ByMonth, func(i, j int) bool { return rep.ByMonth[i].Key < rep.ByMonth[j].Key })
	rep.Leaderboard = leaderboard(sorted, rep.ByAmbassador)
	return rep
}

// leaderboard ranks the rows of the ambassadors who did not opt out; rows
// are in the order of sorted (by name).
func leaderboard(sorted []Ambassador, rows []ReportRow) []LeaderboardEntry {
	out := make([]LeaderboardEntry, 0, len(rows))
	for i, a := range sorted {
		if a.LeaderboardOptOut {
			continue
		}
		r := rows[i]
		out = append(out, LeaderboardEntry{AmbassadorID: a.ID, Name: a.Name, Activities: r.Activities,
			Minutes: r.Minutes, EntrepreneursReached: r.EntrepreneursReached, EventsHosted: r.EventsHosted})
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Activities != out[j].Activities {
			return out[i].Activities > out[j].Activities
		}
		return out[i].Minutes > out[j].Minutes
	})
	for i := range out {
		out[i].Rank = i + 1
		if i > 0 && out[i].Activities == out[i-1].Activities && out[i].Minutes == out[i-1].Minutes {
			out[i].Rank = out[i-1].Rank
		}
	}
	return out
}
