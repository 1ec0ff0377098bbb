package httpapi

import (
	"bytes"
	"context"
	"encoding/csv"
	"mime"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"plein.dev/gateway/internal/csvout"
	registrationsv1 "plein.dev/proto/gen/plein/registrations/v1"
)

// fakeRegistrations answers the list in pages of two and the questions;
// the other RPCs are not called (the embedded nil interface would panic).
type fakeRegistrations struct {
	registrationsv1.RegistrationsServiceClient
	items    []*registrationsv1.Registration
	requests []*registrationsv1.ListEventRegistrationsRequest
	err      error
}

func (f *fakeRegistrations) ListEventRegistrations(_ context.Context, in *registrationsv1.ListEventRegistrationsRequest, _ ...grpc.CallOption) (*registrationsv1.ListEventRegistrationsResponse, error) {
	f.requests = append(f.requests, &registrationsv1.ListEventRegistrationsRequest{Q: in.Q, Status: in.Status, CheckedIn: in.CheckedIn, PageToken: in.PageToken})
	if f.err != nil {
		return nil, f.err
	}
	start := 0
	if in.GetPageToken() != "" {
		start = int(in.GetPageToken()[0] - '0')
	}
	end := min(start+2, len(f.items))
	resp := &registrationsv1.ListEventRegistrationsResponse{Items: f.items[start:end]}
	if end < len(f.items) {
		resp.NextPageToken = string(rune('0' + end))
	}
	return resp, nil
}

func (f *fakeRegistrations) ListEventQuestions(context.Context, *registrationsv1.ListEventQuestionsRequest, ...grpc.CallOption) (*registrationsv1.ListEventQuestionsResponse, error) {
	return &registrationsv1.ListEventQuestionsResponse{Items: []*registrationsv1.Question{{Id: "diet", Label: "Dieet"}}}, nil
}

func TestNeutralise(t *testing.T) {
	cases := map[string]string{
		"=HYPERLINK(\"http://x\")": "'=HYPERLINK(\"http://x\")",
		"+31 10 123":               "'+31 10 123",
		"-2+3":                     "'-2+3",
		"@SUM(A1)":                 "'@SUM(A1)",
		"\tcmd":                    "'\tcmd",
		"\rcmd":                    "'\rcmd",
		"Anna = Bram":              "Anna = Bram",
		"":                         "",
		"'quoted":                  "'quoted",
		"Ééntje":                   "Ééntje",
	}
	for in, want := range cases {
		if got := csvout.Cells([]string{in})[0]; got != want {
			t.Errorf("csvout.Cells(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestRegistrationsCSV(t *testing.T) {
	org := "=cmd|' /C calc'!A0"
	fake := &fakeRegistrations{items: []*registrationsv1.Registration{
		{Id: "r1", Name: "Anna de Vries", Email: "anna@x.nl", Status: "confirmed", CheckInCode: "ABCD2345", KvkNumber: "69599084",
			Answers: []*registrationsv1.Answer{{QuestionId: "diet", Values: []string{"vegetarisch", "geen noten"}}}},
		{Id: "r2", Name: "@Bram, \"B\" Jansen", Email: "bram@x.nl", Organisation: &org, Status: "waitlisted", WaitlistPosition: new(int32(1))},
		{Id: "r3", Name: "Zoë\nSmit", Email: "zoe@x.nl", Status: "confirmed"},
	}}
	jsonCalled := false
	h := registrationsCSV(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { jsonCalled = true }), fake)
	mux := http.NewServeMux()
	mux.Handle("GET /api/v1/events/{eventId}/registrations", h)

	rec := httptest.NewRecorder()
	req := httptest.NewRequest("GET", "/api/v1/events/e1/registrations?q=a&status=confirmed&checkedIn=false", nil)
	req.Header.Set("Accept", "text/csv")
	mux.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK || rec.Header().Get("Content-Type") != "text/csv; charset=utf-8; header=present" {
		t.Fatalf("%d %s\n%s", rec.Code, rec.Header().Get("Content-Type"), rec.Body)
	}
	if d, params, err := mime.ParseMediaType(rec.Header().Get("Content-Disposition")); err != nil || d != "attachment" ||
		params["filename"] != "registrations-e1.csv" {
		cd := rec.Header().Get("Content-Disposition")
		t.Errorf("Content-Disposition %q", cd)
	}
	body := rec.Body.Bytes()
	if !bytes.HasPrefix(body, []byte("\xEF\xBB\xBF")) {
		t.Fatalf("no UTF-8 byte-order mark: %q", body[:10])
	}
	// Four records ended by CRLF, and the line break inside Zoë's quoted
	// name written as CRLF too.
	if !bytes.HasSuffix(body, []byte("\r\n")) || bytes.Count(body, []byte("\r\n")) != 5 || bytes.Count(body, []byte("\n")) != 5 {
		t.Errorf("want CRLF line ends only:\n%q", body)
	}
	if len(fake.requests) != 2 || fake.requests[1].PageToken != "2" || fake.requests[0].Q != "a" ||
		fake.requests[0].Status != "confirmed" || fake.requests[0].CheckedIn == nil || *fake.requests[0].CheckedIn {
		t.Errorf("list requests %v", fake.requests)
	}
	rows, err := csv.NewReader(bytes.NewReader(body[3:])).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 4 || rows[0][0] != "id" || rows[0][len(rows[0])-2] != "Dieet" || rows[0][len(rows[0])-1] != "kvkNumber" {
		t.Fatalf("rows %q", rows)
	}
	if rows[1][len(rows[1])-2] != "vegetarisch; geen noten" || rows[1][11] != "ABCD2345" || rows[1][len(rows[1])-1] != "69599084" {
		t.Errorf("row 1 %q", rows[1])
	}
	if rows[2][len(rows[2])-1] != "" || len(rows[2]) != len(rows[0]) {
		t.Errorf("row 2 without a KvK number %q", rows[2])
	}
	if rows[2][1] != `'@Bram, "B" Jansen` || rows[2][3] != "'"+org || rows[2][5] != "1" {
		t.Errorf("row 2 %q", rows[2])
	}
	if rows[3][1] != "Zoë\nSmit" {
		t.Errorf("row 3 %q", rows[3])
	}
	if jsonCalled {
		t.Error("CSV request reached the JSON handler")
	}

	// Without Accept: text/csv the JSON list answers.
	rec = httptest.NewRecorder()
	mux.ServeHTTP(rec, httptest.NewRequest("GET", "/api/v1/events/e1/registrations", nil))
	if !jsonCalled {
		t.Error("JSON request did not reach the JSON handler")
	}

	// An error before the first byte is a problem.
	fake.err = status.Error(codes.PermissionDenied, "organisers only")
	rec = httptest.NewRecorder()
	req = httptest.NewRequest("GET", "/api/v1/events/e1/registrations", nil)
	req.Header.Set("Accept", "text/csv, application/json;q=0.5")
	mux.ServeHTTP(rec, req)
	if rec.Code != http.StatusForbidden || !strings.HasPrefix(rec.Header().Get("Content-Type"), "application/problem+json") {
		t.Errorf("error: %d %s", rec.Code, rec.Header().Get("Content-Type"))
	}
	rec = httptest.NewRecorder()
	req = httptest.NewRequest("GET", "/api/v1/events/e1/registrations?checkedIn=perhaps", nil)
	req.Header.Set("Accept", "text/csv")
	mux.ServeHTTP(rec, req)
	if rec.Code != http.StatusBadRequest {
		t.Errorf("bad checkedIn: %d", rec.Code)
	}
}

func TestManageTokenHeader(t *testing.T) {
	var got string
	h := manageTokenHeader(http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) {
		got = r.URL.Query().Get("token")
		if r.Header.Get("X-Manage-Token") != "" {
			t.Error("header passed on")
		}
	}))
	req := httptest.NewRequest("GET", "/api/v1/registrations/r1?token=old", nil)
	req.Header.Set("X-Manage-Token", "secret+/=")
	h.ServeHTTP(httptest.NewRecorder(), req)
	if got != "secret+/=" {
		t.Errorf("token %q", got)
	}
}
