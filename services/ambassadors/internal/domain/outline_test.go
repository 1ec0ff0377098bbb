package domain

import (
	"errors"
	"maps"
	"testing"

	"plein.dev/platform/rule"
)

func TestThemeParents(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name    string
		parents map[string]string
		want    map[string]string // nil: refused
	}{
		{"three levels, spelled as the programme", map[string]string{"LIJN": "speerpunt", "speerpunt": "Cluster"},
			map[string]string{"lijn": "speerpunt", "speerpunt": "cluster"}},
		{"two children of one parent", map[string]string{"lijn": "cluster", "speerpunt": "cluster"},
			map[string]string{"lijn": "cluster", "speerpunt": "cluster"}},
		{"four levels", map[string]string{"lijn": "speerpunt", "speerpunt": "cluster", "cluster": "los"}, nil},
		{"two-cycle", map[string]string{"lijn": "speerpunt", "speerpunt": "lijn"}, nil},
		{"one key twice by case", map[string]string{"lijn": "speerpunt", "Lijn": "cluster"}, nil},
		{"unknown parent", map[string]string{"lijn": "onbekend"}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := Programme{Name: "P", Municipality: "M", StartsOn: "2025-01-01", EndsOn: "2025-12-31", Status: ProgrammeActive,
				Owners: []string{"o"}, Themes: []string{"lijn", "speerpunt", "cluster", "los"}, ThemeParents: tc.parents}
			err := p.Validate()
			var re *rule.Error
			switch {
			case tc.want == nil && (!errors.As(err, &re) || re.Kind != rule.Invalid || re.Field() != "themeParents"):
				t.Errorf("err = %v, want InvalidArgument on themeParents", err)
			case tc.want != nil && (err != nil || !maps.Equal(p.ThemeParents, tc.want)):
				t.Errorf("parents = %v, %v; want %v", p.ThemeParents, err, tc.want)
			}
		})
	}
}

func TestMeasureIndicators(t *testing.T) {
	t.Parallel()
	zero, eighty := 0.0, 80.0
	p := Programme{Indicators: []Indicator{{Key: "saldo", Unit: UnitEuro, Target: &zero}, {Key: "tevreden", Unit: UnitPercent, Target: &eighty}}}
	rep := Report{From: "2025-01-01", To: "2025-12-31"}
	rep.MeasureIndicators(&p, []Measurement{
		{Indicator: "saldo", Value: 100, On: "2025-02-01"},
		{Indicator: "saldo", Value: -30, On: "2025-03-01"}, // a correction
		{Indicator: "tevreden", Value: 60, On: "2025-06-01"},
		{Indicator: "tevreden", Value: 64, On: "2025-06-01"}, // same day, recorded later: it counts
		{Indicator: "tevreden", Value: 99, On: "2026-01-01"}, // after the period
	})
	saldo, tevreden := rep.Indicators[0], rep.Indicators[1]
	if saldo.Value != 70 || saldo.Measurements != 2 || saldo.PercentOfTarget != nil || saldo.LastMeasuredOn != "2025-03-01" {
		t.Errorf("saldo = %+v (a target of 0 has no percentage)", saldo)
	}
	if tevreden.Value != 64 || tevreden.Measurements != 2 || tevreden.PercentOfTarget == nil || *tevreden.PercentOfTarget != 80 {
		t.Errorf("tevreden = %+v, want 64 = 80%% of 80", tevreden)
	}
}
