package openapi

import (
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// What the Dutch government's API Design Rules ask of the document beyond
// what the generator writes, applied to the merged document by Build (the
// document's info and contact come from gateway.yaml).

// BasePath is the server URL of the API, with its major version; the
// document's paths are relative to it.
const BasePath = "/api/v1"

// relativeToServer makes BasePath the server URL and the API's paths
// relative to it. The few paths outside the API (/healthz, /readyz) keep
// their place with a server of their own.
func relativeToServer(doc *openapi3.T) {
	doc.Servers = openapi3.Servers{{URL: BasePath, Description: "this API, version 1"}}
	paths := openapi3.NewPaths()
	for _, path := range slices.Sorted(maps.Keys(doc.Paths.Map())) {
		item := doc.Paths.Value(path)
		if rel, ok := strings.CutPrefix(path, BasePath+"/"); ok {
			paths.Set("/"+rel, item)
			continue
		}
		item.Servers = openapi3.Servers{{URL: "/", Description: "operations, outside the versioned API"}}
		paths.Set(path, item)
	}
	doc.Paths = paths
}

// declareVersionHeader declares the API-Version header (gateway.yaml's
// components.headers) on every response, as the gateway sends it on every
// response; its example is the version the document describes.
func declareVersionHeader(doc *openapi3.T, version string) error {
	const name = "API-Version"
	header := doc.Components.Headers[name]
	if header == nil || header.Value == nil || header.Value.Schema == nil || header.Value.Schema.Value == nil {
		return fmt.Errorf("openapi: gateway.yaml lacks components.headers.%s with a schema", name)
	}
	header.Value.Schema.Value.Example = version
	ref := &openapi3.HeaderRef{Ref: "#/components/headers/" + name, Value: header.Value}
	declare := func(r *openapi3.ResponseRef) {
		if r == nil || r.Ref != "" || r.Value == nil {
			return // a $ref: declared on the component it points to
		}
		if r.Value.Headers == nil {
			r.Value.Headers = openapi3.Headers{}
		}
		r.Value.Headers[name] = ref
	}
	for _, r := range doc.Components.Responses {
		declare(r)
	}
	for _, item := range doc.Paths.Map() {
		for _, op := range item.Operations() {
			for _, r := range op.Responses.Map() {
				declare(r)
			}
		}
	}
	return nil
}

// documentBadRequests gives every operation that takes input a 400 (the
// gateway's BadRequest response) unless it documents its own: each POST,
// PUT and PATCH, and each operation with parameters.
func documentBadRequests(doc *openapi3.T) error {
	bad := doc.Components.Responses["BadRequest"]
	if bad == nil {
		return fmt.Errorf("openapi: gateway.yaml lacks components.responses.BadRequest")
	}
	for _, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			takesInput := len(item.Parameters)+len(op.Parameters) > 0 || op.RequestBody != nil
			switch method {
			case http.MethodPost, http.MethodPut, http.MethodPatch:
				takesInput = true
			}
			if takesInput && op.Responses.Value("400") == nil {
				op.Responses.Set("400", &openapi3.ResponseRef{Ref: "#/components/responses/BadRequest", Value: bad.Value})
			}
		}
	}
	return nil
}
