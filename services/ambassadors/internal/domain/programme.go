package domain

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// ProgrammeStatus is whether a programme still runs.
type ProgrammeStatus string

// The statuses of a programme.
const (
	ProgrammeActive ProgrammeStatus = "active"
	ProgrammeClosed ProgrammeStatus = "closed"
)

// Limits on a programme's lists.
const (
	MaxThemes   = 30
	MaxThemeLen = 100
	MaxTargets  = 50
)

// Target metrics, scopes and periods.
const (
	MetricActivities           = "activities"
	MetricMinutes              = "minutes"
	MetricEntrepreneursReached = "entrepreneurs-reached"

	ScopeAmbassador = "ambassador"
	ScopeProgramme  = "programme"

	PeriodYear = "year"
	PeriodTerm = "term"
)

// Programme is a regional programme with its ambassadors, e.g. Rotterdam's
// Smart Industry ambassadors, organised around focus themes (speerpunten).
type Programme struct {
	ID           string
	Name         string
	Municipality string
	Description  string
	Themes       []string
	StartsOn     Date
	EndsOn       Date
	Status       ProgrammeStatus
	Targets      []Target
	// Owners are the organisations that run the programme (one or more):
	// their organisers manage it, its ambassadors, activities and events.
	Owners []string
	// Partners work on the programme without managing it.
	Partners []Partner
	// Contacts, Areas, ThemeParents (theme -> parent theme) and Indicators
	// are issue 16's (outline.go).
	Contacts     []Contact
	Areas        []string
	ThemeParents map[string]string
	Indicators   []Indicator
	CreatedAt    time.Time
	UpdatedAt    time.Time
	Version      int64
}

// Target is a goal of a programme, e.g. 10 company visits per ambassador
// per year.
type Target struct {
	// Metric is activities, minutes or entrepreneurs-reached.
	Metric string
	Value  int
	// Kind, when set, counts only activities of this kind.
	Kind Kind
	// Theme, when set, counts only activities on this theme.
	Theme string
	// Scope is ambassador (each) or programme (all together).
	Scope string
	// Period is year or term.
	Period string
}

// Validate checks the rules every programme satisfies. It trims the themes.
func (p *Programme) Validate() error {
	if err := required("name", p.Name); err != nil {
		return err
	}
	if err := required("municipality", p.Municipality); err != nil {
		return err
	}
	if !p.EndsOn.After(p.StartsOn) {
		return broken("endsOn", "must be after startsOn")
	}
	switch p.Status {
	case ProgrammeActive, ProgrammeClosed:
	default:
		return broken("status", "must be active or closed")
	}
	themes, err := cleanList("themes", p.Themes, MaxThemes, MaxThemeLen)
	if err != nil {
		return err
	}
	p.Themes = themes
	if len(p.Targets) > MaxTargets {
		return broken("targets", fmt.Sprintf("must have at most %d entries", MaxTargets))
	}
	for i, t := range p.Targets {
		if field, reason := p.checkTarget(t); field != "" {
			return broken(fmt.Sprintf("targets[%d].%s", i, field), reason)
		}
	}
	if err := p.checkOutline(); err != nil { // outline.go
		return err
	}
	return p.checkOrganisations() // owners.go
}

// checkTarget returns the field of t that breaks a rule and why, or "".
func (p *Programme) checkTarget(t Target) (field, reason string) {
	switch {
	case !slices.Contains([]string{MetricActivities, MetricMinutes, MetricEntrepreneursReached}, t.Metric):
		return "metric", "must be activities, minutes or entrepreneurs-reached"
	case t.Value < 1:
		return "value", "must be at least 1"
	case t.Kind != "" && !t.Kind.Valid():
		return "kind", "is not a kind of activity"
	case t.Theme != "" && !p.HasTheme(t.Theme):
		return "theme", "is not a theme of the programme"
	case t.Scope != ScopeAmbassador && t.Scope != ScopeProgramme:
		return "scope", "must be ambassador or programme"
	case t.Period != PeriodYear && t.Period != PeriodTerm:
		return "period", "must be year or term"
	}
	return "", ""
}

// HasTheme reports whether theme is one of the programme's themes,
// ignoring case and surrounding space.
func (p *Programme) HasTheme(theme string) bool {
	theme = strings.TrimSpace(theme)
	for _, t := range p.Themes {
		if strings.EqualFold(t, theme) {
			return true
		}
	}
	return false
}

// Editable returns ErrClosed for a closed programme: a closed programme and
// its ambassadors and activities no longer change, so reports stay final.
func (p *Programme) Editable() error {
	if p.Status == ProgrammeClosed {
		return ErrClosed
	}
	return nil
}

// Close ends the programme; its ambassadors become alumni.
func (p *Programme) Close() error {
	if err := p.Editable(); err != nil {
		return err
	}
	p.Status = ProgrammeClosed
	return nil
}

// Touch records a change at now.
func (p *Programme) Touch(now time.Time) {
	p.UpdatedAt = now
	p.Version++
}
