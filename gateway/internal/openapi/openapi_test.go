package openapi

import (
	"strings"
	"testing"
)

func TestBuildCoversEveryGeneratedAndOwnPath(t *testing.T) {
	doc, err := Build("1.0.0", func(rpc string) int {
		if rpc == "CreateEvent" {
			return 201
		}
		return 200
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{
		"/api/v1/events", "/api/v1/events/{eventId}", "/api/v1/events/{eventId}/publish",
		"/api/v1/events/{eventId}/registrations", "/api/v1/registrations/{registrationId}",
		"/api/v1/programmes", "/api/v1/sessions", "/api/v1/me", "/api/v1/tokens", "/healthz",
	} {
		if doc.Paths.Value(path) == nil {
			t.Errorf("no path %s", path)
		}
	}
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			if strings.HasPrefix(path, "/api/v1/") && op.Responses.Value("default") == nil && !hasErrorResponse(op.Responses.Map()) {
				t.Errorf("%s %s documents no error response", method, path)
			}
		}
	}
	if op := doc.Paths.Value("/api/v1/events").Post; op.Responses.Value("201") == nil || op.Responses.Value("200") != nil {
		t.Error("CreateEvent is not documented as answering 201")
	}
	for _, path := range []string{"/api/v1/events/{eventId}/registrations", "/api/v1/programmes/{programmeId}/report"} {
		if doc.Paths.Value(path).Get.Responses.Value("200").Value.Content.Get("text/csv") == nil {
			t.Errorf("GET %s does not document its CSV form", path)
		}
	}
	if _, ok := doc.Components.Schemas["rpcStatus"]; ok {
		t.Error("the document still describes google.rpc.Status errors")
	}
}

func hasErrorResponse[V any](m map[string]V) bool {
	for code := range m {
		if code >= "400" {
			return true
		}
	}
	return false
}
