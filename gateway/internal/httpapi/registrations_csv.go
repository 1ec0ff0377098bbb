package httpapi

import (
	"context"
	"io"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"time"

	"google.golang.org/protobuf/types/known/timestamppb"

	"plein.dev/gateway/internal/csvout"
	"plein.dev/platform/zone"
	registrationsv1 "plein.dev/proto/gen/plein/registrations/v1"
)

// csvPageSize is the page size used to walk the list for an export.
const csvPageSize = 200

var safeFileName = regexp.MustCompile(`^[A-Za-z0-9-]{1,64}$`)

// registrationsCSV answers GET /api/v1/events/{eventId}/registrations with
// CSV when the client accepts text/csv: RFC 4180 (CRLF, quoted as needed),
// UTF-8 with a byte-order mark so that spreadsheet programs read it as
// UTF-8, every cell that a spreadsheet would take for a formula
// neutralised. The filters are those of the JSON list (status, q,
// checkedIn); the whole list is exported, page by page. Other requests go
// to next.
func registrationsCSV(next http.Handler, c registrationsv1.RegistrationsServiceClient) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !csvout.Wanted(r) {
			next.ServeHTTP(w, r)
			return
		}
		eventID := r.PathValue("eventId")
		q := r.URL.Query()
		req := &registrationsv1.ListEventRegistrationsRequest{EventId: eventID, Status: q.Get("status"),
			Q: q.Get("q"), PageSize: csvPageSize}
		if v := q.Get("checkedIn"); v != "" {
			b, err := strconv.ParseBool(v)
			if err != nil {
				writeProblem(w, newProblem(http.StatusBadRequest, "invalid query", InvalidParam{Name: "checkedIn", Reason: "must be true or false"}))
				return
			}
			req.CheckedIn = &b
		}
		ctx := r.Context()
		page, err := c.ListEventRegistrations(ctx, req)
		if err != nil {
			writeProblem(w, problemFromStatus(err))
			return
		}
		qs, err := c.ListEventQuestions(ctx, &registrationsv1.ListEventQuestionsRequest{EventId: eventID})
		if err != nil {
			writeProblem(w, problemFromStatus(err))
			return
		}
		name := "registrations.csv"
		if safeFileName.MatchString(eventID) {
			name = "registrations-" + eventID + ".csv"
		}
		csvout.Start(w, name)
		if err := writeRegistrationsCSV(ctx, w, c, req, page, qs.GetItems()); err != nil {
			// The status line is sent; all that can be done is to stop.
			panic(http.ErrAbortHandler)
		}
	})
}

// csvHeader is the first row of the export, before one column per question
// and the KvK number last (added after the questions' columns, so that the
// columns of exports before it stay where they were).
var csvHeader = []string{"id", "name", "email", "organisation", "status", "waitlistPosition",
	"registeredAt", "confirmedAt", "checkedInAt", "cancelledAt", "cancellationReason", "checkInCode", "consentVersion"}

func writeRegistrationsCSV(ctx context.Context, out io.Writer, c registrationsv1.RegistrationsServiceClient,
	req *registrationsv1.ListEventRegistrationsRequest, page *registrationsv1.ListEventRegistrationsResponse,
	questions []*registrationsv1.Question) error {
	cw, err := csvout.NewWriter(out)
	if err != nil {
		return err
	}
	header := append([]string{}, csvHeader...)
	for _, q := range questions {
		header = append(header, q.GetLabel())
	}
	header = append(header, "kvkNumber")
	if err := cw.Write(header); err != nil {
		return err
	}
	for {
		for _, reg := range page.GetItems() {
			if err := cw.Write(csvRow(reg, questions)); err != nil {
				return err
			}
		}
		if err := cw.Flush(); err != nil {
			return err
		}
		if page.GetNextPageToken() == "" {
			return nil
		}
		req.PageToken = page.GetNextPageToken()
		if page, err = c.ListEventRegistrations(ctx, req); err != nil {
			return err
		}
	}
}

func csvTime(ts *timestamppb.Timestamp) string {
	if ts == nil {
		return ""
	}
	return ts.AsTime().In(zone.Amsterdam).Format(time.RFC3339)
}

func csvRow(reg *registrationsv1.Registration, questions []*registrationsv1.Question) []string {
	pos := ""
	if reg.WaitlistPosition != nil {
		pos = strconv.Itoa(int(reg.GetWaitlistPosition()))
	}
	row := []string{reg.GetId(), reg.GetName(), reg.GetEmail(), reg.GetOrganisation(), reg.GetStatus(), pos,
		csvTime(reg.GetRegisteredAt()), csvTime(reg.GetConfirmedAt()), csvTime(reg.GetCheckedInAt()),
		csvTime(reg.GetCancelledAt()), reg.GetCancellationReason(), reg.GetCheckInCode(), reg.GetConsentVersion()}
	for _, q := range questions {
		var values []string
		for _, a := range reg.GetAnswers() {
			if a.GetQuestionId() == q.GetId() {
				values = a.GetValues()
			}
		}
		row = append(row, strings.Join(values, "; "))
	}
	return append(row, reg.GetKvkNumber())
}
