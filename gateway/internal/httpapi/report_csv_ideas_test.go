package httpapi

import (
	"testing"

	ambassadorsv1 "plein.dev/proto/gen/plein/ambassadors/v1"
)

// The supported ideas close the CSV report, one line each: id, title, the
// day decided, organisation, themes and the organisers' note.
func TestReportCSVSupportedIdeas(t *testing.T) {
	t.Parallel()
	rep := &ambassadorsv1.GetProgrammeReportResponse{ProgrammeId: "p1", SupportedIdeas: []*ambassadorsv1.IdeaSummary{
		{Id: "i1", Title: "Gedeelde bezorgdienst", Organisation: "Bakkerij Jansen", Themes: []string{"innovatie", "logistiek"},
			DecidedOn: "2025-06-16", Note: "Eerste jaar gefinancierd"}}}
	lines := reportCSVLines(rep)
	last := lines[len(lines)-1].cells()
	want := map[string]string{"section": "idea", "key": "i1", "label": "Gedeelde bezorgdienst", "decidedOn": "2025-06-16",
		"organisation": "Bakkerij Jansen", "themes": "innovatie; logistiek", "note": "Eerste jaar gefinancierd", "value": ""}
	for i, c := range reportCSVColumns {
		if w, ok := want[c]; ok && last[i] != w {
			t.Errorf("column %s = %q, want %q", c, last[i], w)
		}
	}
}
