package httpapi

import (
	"bytes"
	"context"
	"encoding/csv"
	"math"
	"net/http"
	"strconv"
	"strings"

	"google.golang.org/grpc"

	"plein.dev/gateway/internal/csvout"
	ambassadorsv1 "plein.dev/proto/gen/plein/ambassadors/v1"
)

// reportPattern is the programme report's route; with Accept: text/csv the
// gateway answers it as CSV itself (reportCSV), otherwise grpc-gateway
// answers JSON.
const reportPattern = "GET /api/v1/programmes/{programmeId}/report"

// reportClient is the part of the ambassadors service the CSV report needs.
type reportClient interface {
	GetProgrammeReport(ctx context.Context, in *ambassadorsv1.GetProgrammeReportRequest, opts ...grpc.CallOption) (*ambassadorsv1.GetProgrammeReportResponse, error)
}

// reportCSVColumns heads the CSV report: one row per group of the report
// (section total, theme — with its parent theme —, area, kind, ambassador,
// sector, month), then the leaderboard, the companies reached (section
// companies: unique, fromActivities, fromRegistrations, selfReported, the
// figure in value) and the indicators (section indicator: unit, value,
// target, percentOfTarget, measurements, lastMeasuredOn), then the ideas
// supported in the period (section idea: the title in label, decidedOn,
// organisation, themes joined by "; ", note). A column that does not
// apply to a section is empty.
var reportCSVColumns = []string{"section", "key", "label", "activities", "pendingActivities", "minutes",
	"entrepreneursReached", "eventsHosted", "attendance", "rank", "parent", "unit", "value", "target",
	"percentOfTarget", "measurements", "lastMeasuredOn", "decidedOn", "organisation", "themes", "note"}

// reportCSVNumbers are the columns of figures, which the gateway writes
// itself (itoa, ftoa): a number cannot be a formula, so a negative one is
// written as it is, not made text by the formula guard (csvout.Cell).
var reportCSVNumbers = map[string]bool{"activities": true, "pendingActivities": true, "minutes": true,
	"entrepreneursReached": true, "eventsHosted": true, "attendance": true, "rank": true, "value": true,
	"target": true, "percentOfTarget": true, "measurements": true}

// csvLine is one line of the CSV report by column name.
type csvLine map[string]string

// cells returns the line's cells in column order, ready to write: text
// guarded against formulas, figures as they are (anything but a plain
// number in a figure's column is guarded like text).
func (l csvLine) cells() []string {
	out := make([]string, len(reportCSVColumns))
	for i, c := range reportCSVColumns {
		v := l[c]
		if reportCSVNumbers[c] && isPlainNumber(v) {
			out[i] = v
			continue
		}
		out[i] = csvout.Cell(v)
	}
	return out
}

// isPlainNumber reports whether s is a finite decimal number, as itoa and
// ftoa write them.
func isPlainNumber(s string) bool {
	f, err := strconv.ParseFloat(s, 64)
	return err == nil && !math.IsInf(f, 0) && !math.IsNaN(f) && strings.Trim(s, "-0123456789.") == ""
}

// reportCSV answers the programme report as CSV (RFC 4180, UTF-8 with a
// byte order mark so that spreadsheet programs read the accents right) when
// the request to reportPattern accepts text/csv, and hands every other
// request to next. The
// caller's role is checked before (access table); the service checks again.
func reportCSV(client reportClient, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Pattern != reportPattern || !csvout.Wanted(r) {
			next.ServeHTTP(w, r)
			return
		}
		q := r.URL.Query()
		rep, err := client.GetProgrammeReport(r.Context(), &ambassadorsv1.GetProgrammeReportRequest{
			ProgrammeId: r.PathValue("programmeId"), From: q.Get("from"), To: q.Get("to")})
		if err != nil {
			writeProblem(w, problemFromStatus(err))
			return
		}
		body, err := reportCSVBody(rep)
		if err != nil {
			writeProblem(w, newProblem(http.StatusInternalServerError, "something went wrong on our side"))
			return
		}
		name := "rapportage-" + rep.GetProgrammeId() + "-" + rep.GetFrom() + "-" + rep.GetTo() + ".csv"
		csvout.Start(w, name)
		_, _ = w.Write(body) // the client may be gone; nothing to do then
	})
}

func reportCSVBody(rep *ambassadorsv1.GetProgrammeReportResponse) ([]byte, error) {
	// Not csvout.Writer, which guards every cell: cells guards the text.
	buf := bytes.NewBufferString("\uFEFF")
	cw := csv.NewWriter(buf)
	cw.UseCRLF = true
	rows := [][]string{reportCSVColumns}
	for _, l := range reportCSVLines(rep) {
		rows = append(rows, l.cells())
	}
	for _, row := range rows {
		if err := cw.Write(row); err != nil {
			return nil, err
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// reportCSVLines are the report's lines, section by section.
func reportCSVLines(rep *ambassadorsv1.GetProgrammeReportResponse) []csvLine {
	var out []csvLine
	add := func(section string, rs ...*ambassadorsv1.ReportRow) {
		for _, r := range rs {
			out = append(out, csvLine{"section": section, "key": r.GetKey(), "label": r.GetLabel(),
				"activities": itoa(r.GetActivities()), "pendingActivities": itoa(r.GetPendingActivities()),
				"minutes": itoa(r.GetMinutes()), "entrepreneursReached": itoa(r.GetEntrepreneursReached()),
				"eventsHosted": itoa(r.GetEventsHosted()), "attendance": itoa(r.GetAttendance()), "parent": r.GetParent()})
		}
	}
	add("total", rep.GetTotals())
	add("theme", rep.GetByTheme()...)
	add("area", rep.GetByArea()...)
	add("kind", rep.GetByKind()...)
	add("ambassador", rep.GetByAmbassador()...)
	add("sector", rep.GetBySector()...)
	add("month", rep.GetByMonth()...)
	for _, e := range rep.GetLeaderboard() {
		out = append(out, csvLine{"section": "leaderboard", "key": e.GetAmbassadorId(), "label": e.GetName(),
			"activities": itoa(e.GetActivities()), "minutes": itoa(e.GetMinutes()),
			"entrepreneursReached": itoa(e.GetEntrepreneursReached()), "eventsHosted": itoa(e.GetEventsHosted()),
			"rank": itoa(e.GetRank())})
	}
	if c := rep.GetCompanies(); c != nil {
		for _, f := range []struct {
			key, label string
			n          int32
		}{
			{"unique", "Unieke bedrijven (KvK)", c.GetUnique()},
			{"fromActivities", "Bedrijven uit activiteiten (KvK)", c.GetFromActivities()},
			{"fromRegistrations", "Bedrijven uit aanmeldingen (KvK)", c.GetFromRegistrations()},
			{"selfReported", "Ondernemers bereikt (zelf gemeld)", c.GetSelfReported()},
		} {
			out = append(out, csvLine{"section": "companies", "key": f.key, "label": f.label, "value": itoa(f.n)})
		}
	}
	for _, r := range rep.GetIndicators() {
		in := r.GetIndicator()
		l := csvLine{"section": "indicator", "key": in.GetKey(), "label": in.GetLabel(), "unit": in.GetUnit(),
			"value": ftoa(r.GetValue()), "measurements": itoa(r.GetMeasurements()), "lastMeasuredOn": r.GetLastMeasuredOn()}
		if in.Target != nil {
			l["target"] = ftoa(in.GetTarget())
		}
		if r.PercentOfTarget != nil {
			l["percentOfTarget"] = ftoa(r.GetPercentOfTarget())
		}
		out = append(out, l)
	}
	for _, i := range rep.GetSupportedIdeas() {
		out = append(out, csvLine{"section": "idea", "key": i.GetId(), "label": i.GetTitle(), "decidedOn": i.GetDecidedOn(),
			"organisation": i.GetOrganisation(), "themes": strings.Join(i.GetThemes(), "; "), "note": i.GetNote()})
	}
	return out
}

func itoa(n int32) string { return strconv.Itoa(int(n)) }

// ftoa writes a figure with at most two decimals.
func ftoa(f float64) string { return strconv.FormatFloat(math.Round(f*100)/100, 'f', -1, 64) }
