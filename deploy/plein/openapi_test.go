package plein_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"
)

// Every response the end-to-end tests receive is checked against the
// OpenAPI document the gateway serves, so the document cannot drift from
// what the gateway does.
var (
	routersMu sync.Mutex
	routerFor = map[string]routers.Router{}
)

func openAPIRouter(t testing.TB, base string) routers.Router {
	t.Helper()
	routersMu.Lock()
	defer routersMu.Unlock()
	if r, ok := routerFor[base]; ok {
		return r
	}
	resp, err := http.Get(base + "/api/v1/openapi.json")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := openapi3.NewLoader().LoadFromData(raw)
	if err != nil {
		t.Fatalf("openapi document: %v", err)
	}
	// The server URL is relative (/api/v1), so paths match on any host.
	r, err := gorillamux.NewRouter(doc)
	if err != nil {
		t.Fatalf("openapi router: %v", err)
	}
	routerFor[base] = r
	return r
}

// checkResponse fails the test when a response is not one the document
// describes for its route and status.
func checkResponse(t testing.TB, base string, req *http.Request, status int, header http.Header, body []byte) {
	t.Helper()
	if !strings.HasPrefix(req.URL.Path, "/api/") {
		return
	}
	router := openAPIRouter(t, base)
	route, params, err := router.FindRoute(req)
	if err != nil {
		if status == http.StatusNotFound || status == http.StatusMethodNotAllowed {
			return // no such route: the 404 problem itself was checked by the test
		}
		t.Errorf("%s %s answered %d but is not in the OpenAPI document: %v", req.Method, req.URL.Path, status, err)
		return
	}
	in := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route,
			Options: &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc}},
		Status:  status,
		Header:  header,
		Body:    io.NopCloser(bytes.NewReader(body)),
		Options: &openapi3filter.Options{IncludeResponseStatus: true, MultiError: true},
	}
	if err := openapi3filter.ValidateResponse(context.Background(), in); err != nil {
		var pretty bytes.Buffer
		_ = json.Indent(&pretty, body, "", "  ")
		t.Errorf("%s %s -> %d does not match the OpenAPI document:\n%v\n%s", req.Method, req.URL.Path, status, err, pretty.String())
	}
}

// TestDocumentMatchesRequestsByServerURL checks that the document's paths,
// relative to its server URL /api/v1, still find the operation a request
// reaches, and that the paths outside the API keep their own place.
func TestDocumentMatchesRequestsByServerURL(t *testing.T) {
	base := startPlein(t)
	router := openAPIRouter(t, base)
	for path, wantID := range map[string]string{
		"/api/v1/events":                  "EventsService_ListEvents",
		"/api/v1/events/abc/calendar.ics": "GetEventCalendar",
		"/api/v1/openapi.json":            "OpenAPI",
		"/healthz":                        "Healthz",
		"/readyz":                         "Readyz",
		"/events":                         "",
		"/api/v1/healthz":                 "",
	} {
		req, err := http.NewRequest("GET", base+path, nil)
		if err != nil {
			t.Fatal(err)
		}
		route, _, err := router.FindRoute(req)
		switch {
		case wantID == "" && err == nil:
			t.Errorf("GET %s matches %s, want no operation", path, route.Operation.OperationID)
		case wantID != "" && err != nil:
			t.Errorf("GET %s matches no operation: %v", path, err)
		case wantID != "" && route.Operation.OperationID != wantID:
			t.Errorf("GET %s matches %s, want %s", path, route.Operation.OperationID, wantID)
		}
	}
}
