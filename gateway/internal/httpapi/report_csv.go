package httpapi

import (
	"bytes"
	"context"
	"net/http"
	"strconv"

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
// (section total, theme, kind, ambassador, month), then the leaderboard.
var reportCSVColumns = []string{"section", "key", "label", "activities", "pendingActivities", "minutes",
	"entrepreneursReached", "eventsHosted", "attendance", "rank"}

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
	var buf bytes.Buffer
	cw, err := csvout.NewWriter(&buf)
	if err != nil {
		return nil, err
	}
	rows := [][]string{reportCSVColumns}
	add := func(section string, rs ...*ambassadorsv1.ReportRow) {
		for _, r := range rs {
			rows = append(rows, []string{section, r.GetKey(), r.GetLabel(), itoa(r.GetActivities()),
				itoa(r.GetPendingActivities()), itoa(r.GetMinutes()), itoa(r.GetEntrepreneursReached()),
				itoa(r.GetEventsHosted()), itoa(r.GetAttendance()), ""})
		}
	}
	add("total", rep.GetTotals())
	add("theme", rep.GetByTheme()...)
	add("kind", rep.GetByKind()...)
	add("ambassador", rep.GetByAmbassador()...)
	add("month", rep.GetByMonth()...)
	for _, e := range rep.GetLeaderboard() {
		rows = append(rows, []string{"leaderboard", e.GetAmbassadorId(), e.GetName(), itoa(e.GetActivities()), "",
			itoa(e.GetMinutes()), itoa(e.GetEntrepreneursReached()), itoa(e.GetEventsHosted()), "", itoa(e.GetRank())})
	}
	for _, row := range rows {
		if err := cw.Write(row); err != nil {
			return nil, err
		}
	}
	if err := cw.Flush(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func itoa(n int32) string { return strconv.Itoa(int(n)) }
