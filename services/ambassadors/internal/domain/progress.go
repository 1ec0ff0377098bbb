package domain

import (
	"strings"
	"time"
)

// Progress states of a target.
const (
	StateMet     = "met"
	StateOnTrack = "on-track"
	StateBehind  = "behind"
)

// TargetProgress is how far a target is met in its current period.
type TargetProgress struct {
	Target   Target
	From, To Date
	// Approved adds up the approved activities of the period; Pending
	// those still waiting for review.
	Approved, Pending int
	// ExpectedByNow is the target's value pro rata of the period's days
	// passed (today included), rounded down.
	ExpectedByNow int
	State         string
}

// Behind reports whether any of the targets is behind.
func Behind(ps []TargetProgress) bool {
	for _, p := range ps {
		if p.State == StateBehind {
			return true
		}
	}
	return false
}

// AmbassadorProgress measures the ambassador's activities against the
// programme's targets with scope ambassador, within the term.
func AmbassadorProgress(p *Programme, a *Ambassador, today Date, acts []Activity) []TargetProgress {
	out := []TargetProgress{}
	for _, t := range p.Targets {
		if t.Scope == ScopeAmbassador {
			out = append(out, MeasureTarget(t, a.AppointedOn, a.TermEndsOn, today, acts))
		}
	}
	return out
}

// ProgrammeProgress measures all of the programme's activities against its
// targets with scope programme.
func ProgrammeProgress(p *Programme, today Date, acts []Activity) []TargetProgress {
	out := []TargetProgress{}
	for _, t := range p.Targets {
		if t.Scope == ScopeProgramme {
			out = append(out, MeasureTarget(t, p.StartsOn, p.EndsOn, today, acts))
		}
	}
	return out
}

// MeasureTarget measures acts against t in the target's period around day
// today, within start..end (a term or a programme's period). Period term is
// all of start..end; period year is today's calendar year, cut to
// start..end. Before start or after end, today counts as start or end, so
// that a finished term shows its final state.
func MeasureTarget(t Target, start, end, today Date, acts []Activity) TargetProgress {
	if today.Before(start) {
		today = start
	}
	if today.After(end) {
		today = end
	}
	from, to := start, end
	if t.Period == PeriodYear {
		year := string(today[:4])
		if y := Date(year + "-01-01"); y.After(from) {
			from = y
		}
		if y := Date(year + "-12-31"); y.Before(to) {
			to = y
		}
	}
	pr := TargetProgress{Target: t, From: from, To: to}
	for i := range acts {
		x := &acts[i]
		if x.OccurredOn.Before(from) || x.OccurredOn.After(to) || !t.counts(x) {
			continue
		}
		switch x.ReviewStatus {
		case ReviewApproved:
			pr.Approved += t.amount(x)
		case ReviewPending:
			pr.Pending += t.amount(x)
		}
	}
	total, passed := days(from, to), days(from, today)
	if total > 0 {
		pr.ExpectedByNow = t.Value * passed / total
	}
	switch {
	case pr.Approved >= t.Value:
		pr.State = StateMet
	case pr.Approved+pr.Pending < pr.ExpectedByNow:
		pr.State = StateBehind
	default:
		pr.State = StateOnTrack
	}
	return pr
}

// counts reports whether the activity is of the target's kind and theme.
func (t Target) counts(x *Activity) bool {
	if t.Kind != "" && x.Kind != t.Kind {
		return false
	}
	if t.Theme == "" {
		return true
	}
	for _, th := range x.Themes {
		if strings.EqualFold(th, t.Theme) {
			return true
		}
	}
	return false
}

// amount is what an activity adds to the target's metric.
func (t Target) amount(x *Activity) int {
	switch t.Metric {
	case MetricMinutes:
		return x.DurationMinutes
	case MetricEntrepreneursReached:
		return x.EntrepreneursReached
	}
	return 1
}

// days counts the days from..to, both included; 0 if to is before from.
func days(from, to Date) int {
	f, err1 := time.Parse(time.DateOnly, string(from))
	t, err2 := time.Parse(time.DateOnly, string(to))
	if err1 != nil || err2 != nil || t.Before(f) {
		return 0
	}
	return int(t.Sub(f).Hours()/24) + 1
}
