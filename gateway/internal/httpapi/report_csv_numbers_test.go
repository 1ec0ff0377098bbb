package httpapi

import (
	"bytes"
	"encoding/csv"
	"testing"

	ambassadorsv1 "plein.dev/proto/gen/plein/ambassadors/v1"
)

// A negative measurement stays a number in the CSV report: the formula
// guard (an apostrophe before "-") is for text, and the figures are the
// gateway's own, so they cannot be formulas. Text cells keep the guard.
func TestReportCSVNegativeNumbersStayNumbers(t *testing.T) {
	t.Parallel()
	target, pct := 1000.0, -12.5
	rep := &ambassadorsv1.GetProgrammeReportResponse{ProgrammeId: "p1", Indicators: []*ambassadorsv1.IndicatorResult{
		{Indicator: &ambassadorsv1.Indicator{Key: "leegstand", Label: "-Leegstand", Unit: "m2", Target: &target},
			Value: -125.456, Measurements: 3, PercentOfTarget: &pct, LastMeasuredOn: "2025-06-01"}}}
	body, err := reportCSVBody(rep)
	if err != nil {
		t.Fatal(err)
	}
	body, ok := bytes.CutPrefix(body, []byte("\ufeff"))
	if !ok {
		t.Fatal("no byte order mark")
	}
	rows, err := csv.NewReader(bytes.NewReader(body)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	last := rows[len(rows)-1]
	want := map[string]string{"section": "indicator", "label": "'-Leegstand", "value": "-125.46", "target": "1000",
		"percentOfTarget": "-12.5", "measurements": "3"}
	for i, c := range reportCSVColumns {
		if w, ok := want[c]; ok && last[i] != w {
			t.Errorf("column %s = %q, want %q", c, last[i], w)
		}
	}
}

// A number column holding anything but a number (it cannot, but if it
// did) is guarded like text.
func TestReportCSVNumberColumnGuardsText(t *testing.T) {
	t.Parallel()
	cells := csvLine{"section": "indicator", "value": "-1+1", "target": "=1", "measurements": "-2"}.cells()
	want := map[string]string{"value": "'-1+1", "target": "'=1", "measurements": "-2"}
	for i, c := range reportCSVColumns {
		if w, ok := want[c]; ok && cells[i] != w {
			t.Errorf("column %s = %q, want %q", c, cells[i], w)
		}
	}
}
