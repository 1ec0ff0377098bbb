package openapi

import (
	"strings"
	"testing"
)

func TestBuildCoversEveryGeneratedAndOwnPath(t *testing.T) {
	t.Parallel()
	doc, err := Build("1.0.0", func(operationID string) int {
		if operationID == "EventsService_CreateEvent" {
			return 201
		}
		return 200
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{
		"/events", "/events/{eventId}", "/events/{eventId}/publish",
		"/events/{eventId}/registrations", "/registrations/{registrationId}",
		"/programmes", "/sessions", "/me", "/tokens", "/openapi.json", "/healthz",
	} {
		if doc.Paths.Value(path) == nil {
			t.Errorf("no path %s", path)
		}
	}
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			if len(item.Servers) == 0 && op.Responses.Value("default") == nil && !hasErrorResponse(op.Responses.Map()) {
				t.Errorf("%s %s documents no error response", method, path)
			}
		}
	}
	if op := doc.Paths.Value("/events").Post; op.Responses.Value("201") == nil || op.Responses.Value("200") != nil {
		t.Error("CreateEvent is not documented as answering 201")
	}
	for _, path := range []string{"/events/{eventId}/registrations", "/programmes/{programmeId}/report"} {
		if doc.Paths.Value(path).Get.Responses.Value("200").Value.Content.Get("text/csv") == nil {
			t.Errorf("GET %s does not document its CSV form", path)
		}
	}
	for _, name := range []string{"rpcStatus", "protobufAny", "Status", "Any"} {
		if _, ok := doc.Components.Schemas[name]; ok {
			t.Errorf("the document still describes google.rpc.Status errors (%s)", name)
		}
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

func TestGeneratedListsEveryGeneratedOperation(t *testing.T) {
	t.Parallel()
	ops, err := Generated()
	if err != nil {
		t.Fatal(err)
	}
	doc, err := Build("1.0.0", func(string) int { return 200 })
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]bool{}
	for _, op := range ops {
		if ids[op.ID] {
			t.Errorf("operation id %s twice", op.ID)
		}
		ids[op.ID] = true
		item := doc.Paths.Value(strings.TrimPrefix(op.Path, BasePath))
		if item == nil || item.GetOperation(op.Method) == nil || item.GetOperation(op.Method).OperationID != op.ID {
			t.Errorf("%s %s (%s) is not in the served document", op.Method, op.Path, op.ID)
		}
	}
	if len(ops) == 0 {
		t.Fatal("no generated operations")
	}
}
