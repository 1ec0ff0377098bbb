// Package openapi assembles the gateway's OpenAPI 3 document: the paths
// generated from the services' protos (OpenAPI 2, converted) and the
// gateway's own routes, with every error answered as problem+json.
package openapi

import (
	"context"
	_ "embed"
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strconv"

	"github.com/getkin/kin-openapi/openapi2"
	"github.com/getkin/kin-openapi/openapi2conv"
	"github.com/getkin/kin-openapi/openapi3"
)

// generated is written by scripts/proto (protoc-gen-openapiv2).
//
//go:embed plein.swagger.json
var generated []byte

//go:embed gateway.yaml
var handWritten []byte

// SuccessStatus tells the status the gateway answers a generated operation's
// success with, by the operation's id (Service_Method, e.g.
// EventsService_CreateVenue).
type SuccessStatus func(operationID string) int

// Operation is one route generated from a rule of proto/plein/http.yaml.
type Operation struct {
	// Method is the HTTP method: GET, POST, PUT, PATCH or DELETE.
	Method string
	// Path has its parameters in lowerCamelCase, e.g.
	// /api/v1/venues/{venueId}, as a net/http pattern writes them too.
	Path string
	// ID is protoc-gen-openapiv2's operation id: Service_Method.
	ID string
}

// Generated lists the operations generated from proto/plein/http.yaml (one
// per rule, with the same generator run as grpc-gateway's handlers), sorted
// by path and method.
func Generated() ([]Operation, error) {
	v2, err := generatedV2()
	if err != nil {
		return nil, err
	}
	var ops []Operation
	for _, path := range slices.Sorted(maps.Keys(v2.Paths)) {
		item := v2.Paths[path]
		for _, method := range slices.Sorted(maps.Keys(item.Operations())) {
			ops = append(ops, Operation{Method: method, Path: path, ID: item.GetOperation(method).OperationID})
		}
	}
	return ops, nil
}

func generatedV2() (*openapi2.T, error) {
	var v2 openapi2.T
	if err := json.Unmarshal(generated, &v2); err != nil {
		return nil, fmt.Errorf("openapi: generated document: %w", err)
	}
	return &v2, nil
}

// Build returns the OpenAPI 3 document as a parsed value: the generated
// operations and the gateway's own routes, every error a problem, the paths
// relative to the server URL /api/v1, the API-Version header on every
// response and a 400 on every operation that takes input (designrules.go).
func Build(version string, success SuccessStatus) (*openapi3.T, error) {
	v2, err := generatedV2()
	if err != nil {
		return nil, err
	}
	doc, err := openapi2conv.ToV3(v2)
	if err != nil {
		return nil, fmt.Errorf("openapi: convert to v3: %w", err)
	}
	own, err := openapi3.NewLoader().LoadFromData(handWritten)
	if err != nil {
		return nil, fmt.Errorf("openapi: gateway routes: %w", err)
	}
	doc.OpenAPI = "3.0.3"
	info := *own.Info
	info.Version = version
	doc.Info = &info
	if doc.Components == nil {
		doc.Components = &openapi3.Components{}
	}
	if doc.Components.Schemas == nil {
		doc.Components.Schemas = openapi3.Schemas{}
	}
	if doc.Components.Responses == nil {
		doc.Components.Responses = openapi3.ResponseBodies{}
	}
	if doc.Components.Headers == nil {
		doc.Components.Headers = openapi3.Headers{}
	}
	for name := range own.Components.Schemas {
		if _, ok := doc.Components.Schemas[name]; ok {
			return nil, fmt.Errorf("openapi: schema %s is both generated and in gateway.yaml", name)
		}
	}
	maps.Copy(doc.Components.Schemas, own.Components.Schemas)
	maps.Copy(doc.Components.Responses, own.Components.Responses)
	maps.Copy(doc.Components.Headers, own.Components.Headers)
	for _, name := range slices.Sorted(maps.Keys(own.Paths.Map())) {
		doc.Paths.Set(name, own.Paths.Value(name))
	}
	// The generator writes no error responses (disable_default_errors):
	// the gateway answers every error as a problem.
	problem := own.Components.Responses["Problem"]
	if problem == nil {
		return nil, fmt.Errorf("openapi: gateway routes lack the Problem response")
	}
	for _, item := range doc.Paths.Map() {
		for _, op := range item.Operations() {
			if op.Responses == nil {
				op.Responses = openapi3.NewResponses()
			}
			setSuccessStatus(op, success)
			op.Responses.Set("default", &openapi3.ResponseRef{Ref: "#/components/responses/Problem", Value: problem.Value})
		}
	}
	addCSV(doc)
	if err := documentBadRequests(doc); err != nil {
		return nil, err
	}
	if err := declareVersionHeader(doc, version); err != nil {
		return nil, err
	}
	relativeToServer(doc)
	if err := doc.Validate(context.Background()); err != nil {
		return nil, fmt.Errorf("openapi: assembled document is invalid: %w", err)
	}
	return doc, nil
}

// setSuccessStatus moves a generated operation's 200 answer to the status
// the gateway really gives (201 for creations, 204 without a body), and
// describes it where the generator left the description empty (the rules
// with a response_body).
func setSuccessStatus(op *openapi3.Operation, success SuccessStatus) {
	ok200 := op.Responses.Value("200")
	if ok200 == nil || ok200.Value == nil {
		return
	}
	if ok200.Value.Description == nil || *ok200.Value.Description == "" {
		ok200.Value.WithDescription("A successful response.")
	}
	switch code := success(op.OperationID); code {
	case http.StatusOK:
	case http.StatusNoContent:
		op.Responses.Delete("200")
		op.Responses.Set("204", &openapi3.ResponseRef{Value: openapi3.NewResponse().WithDescription("done; no content")})
	default:
		op.Responses.Delete("200")
		op.Responses.Set(strconv.Itoa(code), ok200)
	}
}

// csvExports are the operations the gateway also answers as CSV when asked
// with Accept: text/csv.
var csvExports = []string{"RegistrationsService_ListEventRegistrations", "AmbassadorsService_GetProgrammeReport"}

// addCSV documents the CSV form of the exports next to their JSON.
func addCSV(doc *openapi3.T) {
	for _, item := range doc.Paths.Map() {
		for _, op := range item.Operations() {
			if !slices.Contains(csvExports, op.OperationID) {
				continue
			}
			ok := op.Responses.Value("200")
			if ok == nil || ok.Value == nil {
				continue
			}
			ok.Value.Content["text/csv"] = openapi3.NewMediaType().WithSchema(
				openapi3.NewStringSchema().WithFormat("binary"))
			if ok.Value.Description != nil {
				d := *ok.Value.Description + " With Accept: text/csv, RFC 4180 CSV in UTF-8 with a byte-order mark; cells that a spreadsheet would run as a formula start with an apostrophe."
				ok.Value.Description = &d
			}
		}
	}
}

// JSON returns the OpenAPI 3 document as served.
func JSON(version string, success SuccessStatus) ([]byte, error) {
	doc, err := Build(version, success)
	if err != nil {
		return nil, err
	}
	b, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("openapi: marshal: %w", err)
	}
	return b, nil
}
