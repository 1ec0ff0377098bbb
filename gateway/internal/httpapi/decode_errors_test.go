package httpapi

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/grpc-ecosystem/grpc-gateway/v2/runtime"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"

	eventsv1 "plein.dev/proto/gen/plein/events/v1"
	registrationsv1 "plein.dev/proto/gen/plein/registrations/v1"
)

const rfc3339Reason = "must be a date-time in RFC 3339, e.g. 2026-03-01T09:00:00+01:00"

func TestBodyFaultsNameEachFieldInPlainWords(t *testing.T) {
	t.Parallel()
	event := func() proto.Message { return &eventsv1.CreateEventRequest{} }
	registration := func() proto.Message { return &registrationsv1.CreateRegistrationRequest{} }
	cases := []struct {
		name string
		msg  func() proto.Message
		body string
		want map[string]string // name -> reason
	}{
		{"timestamp in words", event, `{"title": "x", "startsAt": "gisteren"}`, map[string]string{"startsAt": rfc3339Reason}},
		{"timestamp without offset", event, `{"endsAt": "2026-03-01T09:00:00"}`, map[string]string{"endsAt": rfc3339Reason}},
		{"timestamp as number", event, `{"startsAt": 1772352000}`, map[string]string{"startsAt": rfc3339Reason}},
		{"integer in words", event, `{"capacity": "twintig"}`,
			map[string]string{"capacity": "must be a whole number between -2147483648 and 2147483647, e.g. 20"}},
		{"integer with a fraction", event, `{"capacity": 20.5}`,
			map[string]string{"capacity": "must be a whole number between -2147483648 and 2147483647, e.g. 20"}},
		{"text as number", event, `{"title": 5}`, map[string]string{"title": `must be text in double quotes, e.g. "Rotterdam"`}},
		{"bool as number", registration, `{"name": "Anna", "consent": 1}`, map[string]string{"consent": "must be true or false (without quotes)"}},
		{"list as text", event, `{"themes": "innovatie"}`,
			map[string]string{"themes": `must be a list (a JSON array) whose items each be text in double quotes, e.g. "Rotterdam"`}},
		{"one item of a list", event, `{"themes": ["innovatie", 7]}`, map[string]string{"themes[1]": `must be text in double quotes, e.g. "Rotterdam"`}},
		{"inside an object", event, `{"accessibility": {"wheelchairAccessible": "ja", "languages": ["nl"]}}`,
			map[string]string{"accessibility.wheelchairAccessible": "must be true or false (without quotes)"}},
		{"object as text", event, `{"accessibility": "ja"}`, map[string]string{"accessibility": "must be an object (in braces)"}},
		{"inside a list of objects", registration, `{"answers": [{"questionId": "q1"}, {"questionId": 2}]}`,
			map[string]string{"answers[1].questionId": `must be text in double quotes, e.g. "Rotterdam"`}},
		{"unknown field", event, `{"title": "x", "colour": "red"}`, map[string]string{"colour": "is not a field of this request"}},
		{"proto name", event, `{"starts_at": "morgen"}`, map[string]string{"starts_at": rfc3339Reason}},
		{"several at once", event, `{"startsAt": "gisteren", "capacity": true, "title": "ok"}`, map[string]string{
			"startsAt": rfc3339Reason, "capacity": "must be a whole number between -2147483648 and 2147483647, e.g. 20"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if protojson.Unmarshal([]byte(tc.body), tc.msg()) == nil {
				t.Fatalf("protojson accepts %s", tc.body)
			}
			got := map[string]string{}
			for _, p := range bodyFaults([]byte(tc.body), tc.msg().ProtoReflect()) {
				got[p.Name] = p.Reason
			}
			if fmt.Sprint(got) != fmt.Sprint(tc.want) {
				t.Errorf("invalidParams\n got %v\nwant %v", got, tc.want)
			}
		})
	}
}

func TestPlainJSONDecodesAsJSONPbAndRecordsFaults(t *testing.T) {
	t.Parallel()
	m := plainJSON{&runtime.JSONPb{}}
	decode := func(body string) (*eventsv1.CreateEventRequest, *recordingBody, error) {
		rb := &recordingBody{ReadCloser: io.NopCloser(strings.NewReader(body))}
		var req eventsv1.CreateEventRequest
		return &req, rb, m.NewDecoder(rb).Decode(&req)
	}

	req, rb, err := decode(`{"title": "Netwerkborrel", "startsAt": "2026-03-01T09:00:00+01:00", "capacity": "20"}`)
	if err != nil || rb.faulty || req.GetTitle() != "Netwerkborrel" || req.GetCapacity() != 20 || req.GetStartsAt().GetSeconds() == 0 {
		t.Fatalf("valid body: %v, faulty %v, %v", err, rb.faulty, req)
	}
	if _, rb, err = decode(""); !errors.Is(err, io.EOF) || rb.faulty {
		t.Fatalf("empty body: %v, faulty %v; want io.EOF as JSONPb gives", err, rb.faulty)
	}

	_, rb, err = decode(`{"title": "x", "startsAt": "gisteren"}`)
	if err == nil || !rb.faulty || len(rb.params) != 1 || rb.params[0].Name != "startsAt" {
		t.Fatalf("bad timestamp: %v, faulty %v, %+v", err, rb.faulty, rb.params)
	}
	if strings.Contains(err.Error(), "proto") || !strings.Contains(err.Error(), "startsAt must be a date-time") {
		t.Errorf("the error leaks or does not explain: %q", err)
	}

	_, rb, err = decode(`[1, 2]`)
	if err == nil || !rb.faulty || len(rb.params) != 0 {
		t.Fatalf("not an object: %v, faulty %v, %+v", err, rb.faulty, rb.params)
	}
	r := httptest.NewRequest("POST", "/api/v1/events", nil)
	r.Body = rb
	p, ok := inputProblem(t.Context(), r, statusInvalid(err))
	if !ok || p.Status != http.StatusBadRequest || strings.Contains(p.Detail, "proto") {
		t.Errorf("problem for a body that is no object: %v %+v", ok, p)
	}
}

func TestQueryFaults(t *testing.T) {
	t.Parallel()
	md := (&eventsv1.ListEventsRequest{}).ProtoReflect().Descriptor()
	got := map[string]string{}
	for _, p := range queryFaults(md, url.Values{
		"from": {"gisteren"}, "to": {"2026-03-01T09:00:00Z"}, "pageSize": {"veel"}, "q": {"borrel"}, "unknown": {"x"},
	}) {
		got[p.Name] = p.Reason
	}
	want := map[string]string{
		"from":     rfc3339Reason,
		"pageSize": "must be a whole number between -2147483648 and 2147483647, e.g. 20",
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("query faults\n got %v\nwant %v", got, want)
	}
	if ps := queryFaults(md, url.Values{"from": {"2026-03-01T09:00:00+01:00"}, "pageSize": {"20"}}); len(ps) != 0 {
		t.Errorf("valid query refused: %+v", ps)
	}
}

func TestJSONProblemNamesTheField(t *testing.T) {
	t.Parallel()
	var v struct {
		Name  string   `json:"name"`
		Roles []string `json:"roles"`
	}
	err := json.Unmarshal([]byte(`{"name": 5}`), &v)
	p := jsonProblem(err)
	if p.Status != http.StatusBadRequest || len(p.InvalidParams) != 1 || p.InvalidParams[0].Name != "name" ||
		p.InvalidParams[0].Reason != `must be text in double quotes, e.g. "Rotterdam"` || strings.Contains(p.Detail, "json:") {
		t.Errorf("problem %+v", p)
	}
	if p := jsonProblem(json.Unmarshal([]byte(`{"roles": "admin"}`), &v)); len(p.InvalidParams) != 1 || p.InvalidParams[0].Name != "roles" {
		t.Errorf("problem %+v", p)
	}
}

// statusInvalid is err as grpc-gateway's generated code returns a decoding
// failure.
func statusInvalid(err error) error { return status.Errorf(codes.InvalidArgument, "%v", err) }
