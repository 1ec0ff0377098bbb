package httpapi

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strings"

	"github.com/grpc-ecosystem/grpc-gateway/v2/runtime"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/reflect/protoregistry"

	"plein.dev/gateway/internal/accounts"
	"plein.dev/gateway/internal/openapi"
	"plein.dev/platform/identity"
)

// access says who may call a route. The gateway checks it before
// grpc-gateway reads the request; the service checks roles again, and also
// ownership (an ambassador's own activities, a registration's manage token).
type access string

const (
	// public: anyone, who then sees only what the service shows the public.
	public access = "public"
	// signedIn: any signed-in caller; the service decides what they may do.
	signedIn  access = "signed in"
	organiser        = access(identity.RoleOrganiser)
	admin            = access(identity.RoleAdmin)
)

// route is what the gateway adds to an HTTP rule of proto/plein/http.yaml:
// who may call it, and the status its success is answered with.
type route struct {
	access access
	// success is 200, 201 (something was created) or 204 (no body).
	success int
}

// routes holds a route for every rule of proto/plein/http.yaml, by the
// rule's selector, and nothing else: New refuses to start, and
// TestRoutesMatchHTTPRules fails, on a rule without a route or a route
// without a rule.
var routes = map[string]route{
	"plein.events.v1.EventsService.CreateVenue":      {organiser, http.StatusCreated},
	"plein.events.v1.EventsService.ListVenues":       {public, http.StatusOK},
	"plein.events.v1.EventsService.GetVenue":         {public, http.StatusOK},
	"plein.events.v1.EventsService.UpdateVenue":      {organiser, http.StatusOK},
	"plein.events.v1.EventsService.CreateRoom":       {organiser, http.StatusCreated},
	"plein.events.v1.EventsService.UpdateRoom":       {organiser, http.StatusOK},
	"plein.events.v1.EventsService.GetRoomOccupancy": {organiser, http.StatusOK},
	"plein.events.v1.EventsService.ListRoomBookings": {organiser, http.StatusOK},
	"plein.events.v1.EventsService.ListFreeSlots":    {organiser, http.StatusOK},
	"plein.events.v1.EventsService.CreateEvent":      {organiser, http.StatusCreated},
	"plein.events.v1.EventsService.ListEvents":       {public, http.StatusOK},
	"plein.events.v1.EventsService.GetEvent":         {public, http.StatusOK},
	"plein.events.v1.EventsService.UpdateEvent":      {organiser, http.StatusOK},
	"plein.events.v1.EventsService.PublishEvent":     {organiser, http.StatusOK},
	"plein.events.v1.EventsService.CancelEvent":      {organiser, http.StatusOK},
	"plein.events.v1.EventsService.CompleteEvent":    {organiser, http.StatusOK},
	"plein.events.v1.EventsService.ProposeEvent":     {signedIn, http.StatusCreated},
	"plein.events.v1.EventsService.ApproveEvent":     {organiser, http.StatusOK},
	"plein.events.v1.EventsService.DeclineEvent":     {organiser, http.StatusOK},

	"plein.registrations.v1.RegistrationsService.CreateRegistration":     {public, http.StatusCreated},
	"plein.registrations.v1.RegistrationsService.ListEventRegistrations": {organiser, http.StatusOK},
	"plein.registrations.v1.RegistrationsService.GetRegistration":        {public, http.StatusOK},
	"plein.registrations.v1.RegistrationsService.CancelRegistration":     {public, http.StatusNoContent},
	"plein.registrations.v1.RegistrationsService.PromoteRegistration":    {organiser, http.StatusOK},
	"plein.registrations.v1.RegistrationsService.CheckIn":                {organiser, http.StatusOK},
	"plein.registrations.v1.RegistrationsService.SetEventQuestions":      {organiser, http.StatusOK},
	"plein.registrations.v1.RegistrationsService.ListEventQuestions":     {public, http.StatusOK},
	"plein.registrations.v1.RegistrationsService.CheckInByCode":          {organiser, http.StatusOK},
	"plein.registrations.v1.RegistrationsService.GetAttendance":          {organiser, http.StatusOK},

	"plein.ambassadors.v1.AmbassadorsService.ListProgrammes":          {public, http.StatusOK},
	"plein.ambassadors.v1.AmbassadorsService.GetProgramme":            {public, http.StatusOK},
	"plein.ambassadors.v1.AmbassadorsService.CreateProgramme":         {organiser, http.StatusCreated},
	"plein.ambassadors.v1.AmbassadorsService.UpdateProgramme":         {organiser, http.StatusOK},
	"plein.ambassadors.v1.AmbassadorsService.ListAmbassadors":         {public, http.StatusOK},
	"plein.ambassadors.v1.AmbassadorsService.GetAmbassador":           {public, http.StatusOK},
	"plein.ambassadors.v1.AmbassadorsService.AppointAmbassador":       {organiser, http.StatusCreated},
	"plein.ambassadors.v1.AmbassadorsService.UpdateAmbassador":        {organiser, http.StatusOK},
	"plein.ambassadors.v1.AmbassadorsService.ListActivities":          {signedIn, http.StatusOK},
	"plein.ambassadors.v1.AmbassadorsService.ListProgrammeActivities": {organiser, http.StatusOK},
	"plein.ambassadors.v1.AmbassadorsService.LogActivity":             {signedIn, http.StatusCreated},
	"plein.ambassadors.v1.AmbassadorsService.UpdateActivity":          {signedIn, http.StatusOK},
	"plein.ambassadors.v1.AmbassadorsService.DeleteActivity":          {signedIn, http.StatusNoContent},
	"plein.ambassadors.v1.AmbassadorsService.GetProgrammeReport":      {organiser, http.StatusOK},
	"plein.ambassadors.v1.AmbassadorsService.ReviewActivity":          {organiser, http.StatusOK},
	"plein.ambassadors.v1.AmbassadorsService.SetLeaderboardOptOut":    {signedIn, http.StatusOK},
	"plein.ambassadors.v1.AmbassadorsService.GetAmbassadorProgress":   {signedIn, http.StatusOK},
	"plein.ambassadors.v1.AmbassadorsService.GetProgrammeProgress":    {organiser, http.StatusOK},
	"plein.ambassadors.v1.AmbassadorsService.RecordMeasurement":       {organiser, http.StatusCreated},
	"plein.ambassadors.v1.AmbassadorsService.ListMeasurements":        {organiser, http.StatusOK},
	"plein.ambassadors.v1.AmbassadorsService.DeleteMeasurement":       {organiser, http.StatusNoContent},
	"plein.ambassadors.v1.AmbassadorsService.SubmitIdea":              {public, http.StatusCreated},
	"plein.ambassadors.v1.AmbassadorsService.ListIdeas":               {organiser, http.StatusOK},
	"plein.ambassadors.v1.AmbassadorsService.GetIdea":                 {organiser, http.StatusOK},
	"plein.ambassadors.v1.AmbassadorsService.UpdateIdea":              {organiser, http.StatusOK},

	"plein.notifications.v1.NotificationsService.ListEmails":            {organiser, http.StatusOK},
	"plein.notifications.v1.NotificationsService.CreateWebhook":         {admin, http.StatusCreated},
	"plein.notifications.v1.NotificationsService.ListWebhooks":          {admin, http.StatusOK},
	"plein.notifications.v1.NotificationsService.DeleteWebhook":         {admin, http.StatusNoContent},
	"plein.notifications.v1.NotificationsService.ListWebhookDeliveries": {admin, http.StatusOK},
}

// boundRoute is a route with the method and path its rule maps it to.
type boundRoute struct {
	route
	selector string
	// pattern is the net/http pattern, e.g. "POST /api/v1/venues/{venueId}/rooms".
	pattern string
}

// bindRoutes joins table with the operations generated from http.yaml, by
// selector. It fails on an operation without a route, a route without an
// operation, and a route that does not say who may call it or how it
// succeeds.
func bindRoutes(table map[string]route, ops []openapi.Operation) ([]boundRoute, error) {
	var errs []error
	bySelector := make(map[string]string, len(ops)) // selector by operation id
	for _, sel := range slices.Sorted(maps.Keys(table)) {
		id, err := operationID(sel)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if err := table[sel].check(); err != nil {
			errs = append(errs, fmt.Errorf("route %s: %w", sel, err))
		}
		bySelector[id] = sel
	}
	bound := make([]boundRoute, 0, len(ops))
	for _, op := range ops {
		sel, ok := bySelector[op.ID]
		if !ok {
			errs = append(errs, fmt.Errorf("%s %s (%s) has no route: declare who may call it and its success status", op.Method, op.Path, op.ID))
			continue
		}
		delete(bySelector, op.ID)
		bound = append(bound, boundRoute{route: table[sel], selector: sel, pattern: op.Method + " " + op.Path})
	}
	for _, sel := range slices.Sorted(maps.Values(bySelector)) {
		errs = append(errs, fmt.Errorf("route %s has no rule in proto/plein/http.yaml", sel))
	}
	if err := errors.Join(errs...); err != nil {
		return nil, fmt.Errorf("route table: %w", err)
	}
	return bound, nil
}

func (rt route) check() error {
	if !slices.Contains([]access{public, signedIn, organiser, admin}, rt.access) {
		return fmt.Errorf("access %q is none of public, signed in, organiser, admin", rt.access)
	}
	if !slices.Contains([]int{http.StatusOK, http.StatusCreated, http.StatusNoContent}, rt.success) {
		return fmt.Errorf("success status %d is none of 200, 201, 204", rt.success)
	}
	return nil
}

// operationID returns the OpenAPI operation id of the RPC a selector names
// (Service_Method), or an error when no linked service has that RPC.
func operationID(selector string) (string, error) {
	d, err := protoregistry.GlobalFiles.FindDescriptorByName(protoreflect.FullName(selector))
	if err != nil {
		return "", fmt.Errorf("route %s: no such RPC: %w", selector, err)
	}
	m, ok := d.(protoreflect.MethodDescriptor)
	if !ok {
		return "", fmt.Errorf("route %s: not an RPC", selector)
	}
	return string(m.Parent().Name()) + "_" + string(m.Name()), nil
}

// guard answers 401 or 403 unless the caller has the access, and hands the
// request to next otherwise.
func (a access) guard(next http.Handler) http.Handler {
	serve := func(w http.ResponseWriter, r *http.Request, _ accounts.User) { next.ServeHTTP(w, r) }
	switch a {
	case public:
		return next
	case signedIn:
		return requireUser(serve)
	}
	return requireRole(string(a), serve)
}

// SuccessStatus is the status the gateway answers a generated operation's
// success with, by its operation id (EventsService_CreateVenue).
func SuccessStatus(id string) int {
	for sel, rt := range routes {
		if got, err := operationID(sel); err == nil && got == id {
			return rt.success
		}
	}
	return http.StatusOK
}

// successStatus sets the status of an RPC's answer, for grpc-gateway.
func successStatus(ctx context.Context, w http.ResponseWriter, _ proto.Message) error {
	recordRoute(ctx)
	method, ok := runtime.RPCMethod(ctx) // "/plein.events.v1.EventsService/CreateVenue"
	if !ok {
		return nil
	}
	switch code := routes[strings.ReplaceAll(strings.TrimPrefix(method, "/"), "/", ".")].success; code {
	case 0, http.StatusOK:
	case http.StatusNoContent:
		w.Header().Del("Content-Type")
		w.WriteHeader(code)
	default:
		w.WriteHeader(code)
	}
	return nil
}
