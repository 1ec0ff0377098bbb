package openapi_test

import (
	"fmt"
	"maps"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"plein.dev/gateway/internal/httpapi"
	"plein.dev/gateway/internal/openapi"
)

// The Dutch government's API Design Rules (NL GOV ADR), as its linter reads
// an OpenAPI document, held on the document exactly as the gateway serves
// it. Each rule reports every place that breaks it.

// served returns the document as GET /api/v1/openapi.json answers it.
func served(t *testing.T) *openapi3.T {
	t.Helper()
	raw, err := openapi.JSON(httpapi.APIVersion, httpapi.SuccessStatus)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := openapi3.NewLoader().LoadFromData(raw)
	if err != nil {
		t.Fatalf("the served document does not load: %v", err)
	}
	return doc
}

// operation is one method on one path of the document.
type operation struct {
	method, path string
	item         *openapi3.PathItem
	op           *openapi3.Operation
}

func (o operation) String() string { return o.method + " " + o.path }

func operations(doc *openapi3.T) []operation {
	var ops []operation
	for _, path := range slices.Sorted(maps.Keys(doc.Paths.Map())) {
		item := doc.Paths.Value(path)
		for _, method := range slices.Sorted(maps.Keys(item.Operations())) {
			ops = append(ops, operation{method: method, path: path, item: item, op: item.GetOperation(method)})
		}
	}
	return ops
}

// responses lists every response of the document by where it is: those of
// the operations (a $ref resolved) and those under components.
func responses(doc *openapi3.T) map[string]*openapi3.Response {
	out := map[string]*openapi3.Response{}
	for _, o := range operations(doc) {
		for code, r := range o.op.Responses.Map() {
			out[fmt.Sprintf("%s -> %s", o, code)] = r.Value
		}
	}
	for name, r := range doc.Components.Responses {
		out["components.responses."+name] = r.Value
	}
	return out
}

func report(t *testing.T, rule string, violations []string) {
	t.Helper()
	slices.Sort(violations)
	for _, v := range violations {
		t.Errorf("%s: %s", rule, v)
	}
	if len(violations) > 0 {
		t.Logf("%s: %d violations", rule, len(violations))
	}
}

// /core/version-header: every response declares the API-Version header
// the gateway sends with it.
func TestDesignRuleVersionHeader(t *testing.T) {
	t.Parallel()
	var bad []string
	for where, r := range responses(served(t)) {
		h := r.Headers["API-Version"]
		if h == nil || h.Value == nil || !h.Value.Required {
			bad = append(bad, where+" does not declare a required API-Version header")
		}
	}
	report(t, "version-header", bad)
}

// Every operation that takes input can be refused as malformed: each
// POST, PUT and PATCH, and each GET and DELETE with parameters, documents
// a 400 problem.
func TestDesignRuleBadRequestDocumented(t *testing.T) {
	t.Parallel()
	var bad []string
	for _, o := range operations(served(t)) {
		takesInput := len(o.item.Parameters)+len(o.op.Parameters) > 0 || o.op.RequestBody != nil
		switch o.method {
		case http.MethodPost, http.MethodPut, http.MethodPatch:
			takesInput = true
		}
		if !takesInput {
			continue
		}
		r := o.op.Responses.Value("400")
		if r == nil || r.Value == nil || r.Value.Content.Get("application/problem+json") == nil {
			bad = append(bad, o.String()+" documents no 400 problem+json")
		}
	}
	report(t, "bad-request", bad)
}

// /core/uri-version: the server URL carries the major version, and the
// paths are relative to it.
func TestDesignRuleMajorVersionInURI(t *testing.T) {
	t.Parallel()
	doc := served(t)
	var bad []string
	if len(doc.Servers) == 0 {
		bad = append(bad, "no servers")
	}
	for i, s := range doc.Servers {
		if !strings.HasSuffix(s.URL, "/api/v1") {
			bad = append(bad, fmt.Sprintf("servers[%d].url %q does not end in /api/v1", i, s.URL))
		}
	}
	for _, path := range slices.Sorted(maps.Keys(doc.Paths.Map())) {
		item := doc.Paths.Value(path)
		if strings.HasPrefix(path, "/api/") {
			bad = append(bad, path+" repeats the server's /api/v1")
		}
		if strings.HasSuffix(path, "/") && path != "/" {
			bad = append(bad, path+" ends in a slash")
		}
		for _, s := range item.Servers {
			if s.URL != "/" {
				bad = append(bad, fmt.Sprintf("%s has its own server %q", path, s.URL))
			}
		}
	}
	report(t, "uri-version", bad)
}

// /core/doc-openapi-contact and /core/semver.
func TestDesignRuleInfo(t *testing.T) {
	t.Parallel()
	info := served(t).Info
	var bad []string
	switch c := info.Contact; {
	case c == nil:
		bad = append(bad, "no info.contact")
	default:
		if c.Name == "" || c.Email == "" || c.URL == "" {
			bad = append(bad, fmt.Sprintf("info.contact %+v lacks a name, e-mail or URL", *c))
		}
	}
	if !regexp.MustCompile(`^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$`).MatchString(info.Version) {
		bad = append(bad, fmt.Sprintf("info.version %q is not MAJOR.MINOR.PATCH", info.Version))
	}
	report(t, "info", bad)
}

// Errors are RFC 9457 problems: every 4xx, 5xx and default response is
// application/problem+json, and nothing else.
func TestDesignRuleErrorsAreProblems(t *testing.T) {
	t.Parallel()
	doc := served(t)
	var bad []string
	check := func(where string, r *openapi3.Response) {
		if r == nil || len(r.Content) == 0 {
			return
		}
		if r.Content.Get("application/problem+json") == nil || len(r.Content) != 1 {
			bad = append(bad, fmt.Sprintf("%s is %v, not application/problem+json", where, slices.Sorted(maps.Keys(r.Content))))
		}
	}
	for _, o := range operations(doc) {
		for code, r := range o.op.Responses.Map() {
			if code == "default" || code >= "4" {
				check(fmt.Sprintf("%s -> %s", o, code), r.Value)
			}
		}
	}
	report(t, "problem-json", bad)
}

// pascalCase is how the linter reads "UpperCamelCase": a capital, then
// words that each start with a capital or a digit.
var pascalCase = regexp.MustCompile(`^[A-Z][a-z0-9]*(?:[A-Z0-9](?:[a-z0-9]+|$))*$`)

// Schema names are UpperCamelCase (no v1Event-style generator names).
func TestDesignRuleSchemaNames(t *testing.T) {
	t.Parallel()
	var bad []string
	for name := range served(t).Components.Schemas {
		if !pascalCase.MatchString(name) {
			bad = append(bad, fmt.Sprintf("schema %q is not UpperCamelCase", name))
		}
	}
	report(t, "schema-names", bad)
}

func TestPascalCase(t *testing.T) {
	t.Parallel()
	for name, want := range map[string]bool{
		"Event": true, "ListEventsResponse": true, "CheckInByCodeBody": true, "Problem": true, "V1Event": true,
		"v1Event": false, "rpcStatus": false, "plein.events.v1.Event": false, "EventsV1.Event": false,
		"Events_Event": false, "QRCode": false, "": false,
	} {
		if got := pascalCase.MatchString(name); got != want {
			t.Errorf("pascalCase(%q) = %v, want %v", name, got, want)
		}
	}
}
