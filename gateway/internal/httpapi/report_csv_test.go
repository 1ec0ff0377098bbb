package httpapi

import (
	"bytes"
	"context"
	"encoding/csv"
	"net/http"
	"net/http/httptest"
	"slices"
	"testing"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	ambassadorsv1 "plein.dev/proto/gen/plein/ambassadors/v1"
)

type fakeReports struct {
	got *ambassadorsv1.GetProgrammeReportRequest
	err error
}

func (f *fakeReports) GetProgrammeReport(_ context.Context, in *ambassadorsv1.GetProgrammeReportRequest, _ ...grpc.CallOption) (*ambassadorsv1.GetProgrammeReportResponse, error) {
	f.got = in
	if f.err != nil {
		return nil, f.err
	}
	row := func(key, label string, n int32) *ambassadorsv1.ReportRow {
		return &ambassadorsv1.ReportRow{Key: key, Label: label, Activities: n, Minutes: 60 * n, EntrepreneursReached: 2 * n,
			EventsHosted: 1, Attendance: 37, PendingActivities: 1}
	}
	theme := row("duurzame logistiek", "duurzame logistiek", 2)
	theme.Parent = "mobiliteit"
	target, pct := 300.0, 14.0/3
	return &ambassadorsv1.GetProgrammeReportResponse{
		ProgrammeId: in.GetProgrammeId(), From: "2025-01-01", To: "2025-12-31",
		Totals:    row("total", "Totaal", 3),
		ByTheme:   []*ambassadorsv1.ReportRow{theme},
		ByArea:    []*ambassadorsv1.ReportRow{row("Havens", "Havens", 1)},
		BySector:  []*ambassadorsv1.ReportRow{row("", "Geen sector", 2)},
		Companies: &ambassadorsv1.CompaniesReached{Unique: 6, FromActivities: 4, FromRegistrations: 5, SelfReported: 25},
		Indicators: []*ambassadorsv1.IndicatorResult{
			{Indicator: &ambassadorsv1.Indicator{Key: "banen", Label: "Banen", Unit: "count", Target: &target},
				Value: 42, Measurements: 2, PercentOfTarget: &pct, LastMeasuredOn: "2025-06-01"},
			{Indicator: &ambassadorsv1.Indicator{Key: "uren", Label: "=Uren", Unit: "hours"}},
		},
		ByKind:       []*ambassadorsv1.ReportRow{row("event-hosted", "event-hosted", 1)},
		ByAmbassador: []*ambassadorsv1.ReportRow{row("a1", "=HYPERLINK(\"http://x\")", 1), row("a2", "Özlem, \"Oz\" Yılmaz", 2)},
		ByMonth:      []*ambassadorsv1.ReportRow{row("2025-03", "2025-03", 3)},
		Leaderboard:  []*ambassadorsv1.LeaderboardEntry{{Rank: 1, AmbassadorId: "a2", Name: "@Özlem", Activities: 2, Minutes: 120}},
	}, nil
}

func serveReport(t *testing.T, f *fakeReports, accept string) *httptest.ResponseRecorder {
	t.Helper()
	mux := http.NewServeMux()
	next := http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusTeapot) })
	mux.Handle(reportPattern, reportCSV(f, next))
	req := httptest.NewRequest(http.MethodGet, "/api/v1/programmes/p1/report?from=2025-01-01&to=2025-12-31", nil)
	if accept != "" {
		req.Header.Set("Accept", accept)
	}
	w := httptest.NewRecorder()
	mux.ServeHTTP(w, req)
	return w
}

func TestReportCSV(t *testing.T) {
	f := &fakeReports{}
	w := serveReport(t, f, "application/json;q=0.5, text/csv")
	if w.Code != http.StatusOK || w.Header().Get("Content-Type") != "text/csv; charset=utf-8; header=present" {
		t.Fatalf("status %d, content type %q: %s", w.Code, w.Header().Get("Content-Type"), w.Body)
	}
	if f.got.GetProgrammeId() != "p1" || f.got.GetFrom() != "2025-01-01" || f.got.GetTo() != "2025-12-31" {
		t.Fatalf("request = %v", f.got)
	}
	if cd := w.Header().Get("Content-Disposition"); cd != `attachment; filename=rapportage-p1-2025-01-01-2025-12-31.csv` {
		t.Errorf("content disposition = %q", cd)
	}
	body, ok := bytes.CutPrefix(w.Body.Bytes(), []byte("\ufeff"))
	if !ok {
		t.Fatal("no UTF-8 byte order mark")
	}
	if !bytes.Contains(body, []byte("\r\n")) {
		t.Error("lines do not end in CRLF")
	}
	rows, err := csv.NewReader(bytes.NewReader(body)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	// The first ten columns, then parent, unit, value, target,
	// percentOfTarget, measurements, lastMeasuredOn.
	pad := func(cells ...string) []string {
		return append(cells, make([]string, len(reportCSVColumns)-len(cells))...)
	}
	want := [][]string{
		reportCSVColumns,
		pad("total", "total", "Totaal", "3", "1", "180", "6", "1", "37", ""),
		pad("theme", "duurzame logistiek", "duurzame logistiek", "2", "1", "120", "4", "1", "37", "", "mobiliteit"),
		pad("area", "Havens", "Havens", "1", "1", "60", "2", "1", "37", ""),
		pad("kind", "event-hosted", "event-hosted", "1", "1", "60", "2", "1", "37", ""),
		pad("ambassador", "a1", "'=HYPERLINK(\"http://x\")", "1", "1", "60", "2", "1", "37", ""),
		pad("ambassador", "a2", "Özlem, \"Oz\" Yılmaz", "2", "1", "120", "4", "1", "37", ""),
		pad("sector", "", "Geen sector", "2", "1", "120", "4", "1", "37", ""),
		pad("month", "2025-03", "2025-03", "3", "1", "180", "6", "1", "37", ""),
		pad("leaderboard", "a2", "'@Özlem", "2", "", "120", "0", "0", "", "1"),
		pad("companies", "unique", "Unieke bedrijven (KvK)", "", "", "", "", "", "", "", "", "", "6"),
		pad("companies", "fromActivities", "Bedrijven uit activiteiten (KvK)", "", "", "", "", "", "", "", "", "", "4"),
		pad("companies", "fromRegistrations", "Bedrijven uit aanmeldingen (KvK)", "", "", "", "", "", "", "", "", "", "5"),
		pad("companies", "selfReported", "Ondernemers bereikt (zelf gemeld)", "", "", "", "", "", "", "", "", "", "25"),
		// 14/3 = 4.666… is written with two decimals.
		pad("indicator", "banen", "Banen", "", "", "", "", "", "", "", "", "count", "42", "300", "4.67", "2", "2025-06-01"),
		pad("indicator", "uren", "'=Uren", "", "", "", "", "", "", "", "", "hours", "0", "", "", "0", ""),
	}
	if len(rows) != len(want) {
		t.Fatalf("%d rows, want %d: %q", len(rows), len(want), rows)
	}
	for i := range want {
		if !slices.Equal(rows[i], want[i]) {
			t.Errorf("row %d = %q, want %q", i, rows[i], want[i])
		}
	}
}

func TestReportCSVOnlyWhenAsked(t *testing.T) {
	for _, accept := range []string{"", "application/json", "*/*", "text/csvx"} {
		if w := serveReport(t, &fakeReports{}, accept); w.Code != http.StatusTeapot {
			t.Errorf("Accept %q: status %d, want the JSON handler", accept, w.Code)
		}
	}
}

func TestReportCSVErrorIsAProblem(t *testing.T) {
	w := serveReport(t, &fakeReports{err: status.Error(codes.NotFound, "not found")}, "text/csv")
	if w.Code != http.StatusNotFound || w.Header().Get("Content-Type") != "application/problem+json" {
		t.Fatalf("status %d, content type %q", w.Code, w.Header().Get("Content-Type"))
	}
}
