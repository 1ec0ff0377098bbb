package web

import (
	"context"
	"slices"
	"strings"
	"sync"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/timestamppb"

	"plein.dev/platform/identity"
	"plein.dev/platform/rpcerr"
	ambassadorsv1 "plein.dev/proto/gen/plein/ambassadors/v1"
	eventsv1 "plein.dev/proto/gen/plein/events/v1"
	registrationsv1 "plein.dev/proto/gen/plein/registrations/v1"
)

// Hand-written fakes of the services for the console and portal pages.
// Like the real services they check the caller's identity themselves, so
// a page that forgot to call as the signed-in user fails its test; the
// real services are driven by the end-to-end tests in deploy/plein.

func asOrganiser(ctx context.Context) error {
	return identity.Require(ctx, identity.RoleOrganiser)
}

type staffEvents struct {
	eventsv1.EventsServiceClient
	mu       sync.Mutex
	events   []*eventsv1.Event
	venues   []*eventsv1.Venue
	bookings map[string][]*eventsv1.Booking // room id -> bookings
	created  []*eventsv1.CreateEventRequest
	updated  []*eventsv1.UpdateEventRequest
}

func (f *staffEvents) find(id string) *eventsv1.Event {
	for _, e := range f.events {
		if e.GetId() == id {
			return e
		}
	}
	return nil
}

func (f *staffEvents) GetEvent(ctx context.Context, in *eventsv1.GetEventRequest, _ ...grpc.CallOption) (*eventsv1.GetEventResponse, error) {
	if err := asOrganiser(ctx); err != nil {
		return nil, err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if e := f.find(in.GetEventId()); e != nil {
		return &eventsv1.GetEventResponse{Event: proto.Clone(e).(*eventsv1.Event)}, nil
	}
	return nil, status.Error(codes.NotFound, "not found")
}

func (f *staffEvents) ListEvents(ctx context.Context, in *eventsv1.ListEventsRequest, _ ...grpc.CallOption) (*eventsv1.ListEventsResponse, error) {
	host := in.GetHostAmbassadorId()
	// As the service: an ambassador may list the events they host.
	if err := asOrganiser(ctx); err != nil && (host == "" || identity.FromContext(ctx).AmbassadorID != host) {
		return nil, err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	resp := &eventsv1.ListEventsResponse{}
	for _, e := range f.events {
		switch {
		case host != "" && !slices.Contains(e.GetHostAmbassadorIds(), host):
		case in.GetStatus() != "" && e.GetStatus() != in.GetStatus():
		case in.GetFrom() != nil && e.GetEndsAt().AsTime().Before(in.GetFrom().AsTime()):
		case in.GetTo() != nil && !e.GetStartsAt().AsTime().Before(in.GetTo().AsTime()):
		case in.GetQ() != "" && !strings.Contains(strings.ToLower(e.GetTitle()), strings.ToLower(in.GetQ())):
		default:
			resp.Items = append(resp.Items, e)
		}
	}
	return resp, nil
}

func (f *staffEvents) ListVenues(context.Context, *eventsv1.ListVenuesRequest, ...grpc.CallOption) (*eventsv1.ListVenuesResponse, error) {
	return &eventsv1.ListVenuesResponse{Items: f.venues}, nil
}

// CreateEvent refuses a room taken at an overlapping time, like the
// service: AlreadyExists without fields.
func (f *staffEvents) CreateEvent(ctx context.Context, in *eventsv1.CreateEventRequest, _ ...grpc.CallOption) (*eventsv1.CreateEventResponse, error) {
	if err := asOrganiser(ctx); err != nil {
		return nil, err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.created = append(f.created, in)
	if !in.GetEndsAt().AsTime().After(in.GetStartsAt().AsTime()) {
		return nil, rpcerr.Invalid(codes.FailedPrecondition, "ends before it starts", rpcerr.Violation{Field: "endsAt", Reason: "must be after startsAt"})
	}
	for _, b := range f.bookings[in.GetRoomId()] {
		if b.GetStartsAt().AsTime().Before(in.GetEndsAt().AsTime()) && in.GetStartsAt().AsTime().Before(b.GetEndsAt().AsTime()) {
			return nil, status.Errorf(codes.AlreadyExists, "the room is booked by %q", b.GetTitle())
		}
	}
	e := &eventsv1.Event{Id: "new" + string(rune('0'+len(f.events))), Title: in.GetTitle(), Description: in.GetDescription(),
		RoomId: in.RoomId, Location: in.Location, StartsAt: in.GetStartsAt(), EndsAt: in.GetEndsAt(),
		Capacity: in.GetCapacity(), Visibility: in.GetVisibility(), Status: "draft", Themes: in.GetThemes(), ProgrammeId: in.ProgrammeId}
	f.events = append(f.events, e)
	return &eventsv1.CreateEventResponse{Event: e}, nil
}

func (f *staffEvents) UpdateEvent(ctx context.Context, in *eventsv1.UpdateEventRequest, _ ...grpc.CallOption) (*eventsv1.UpdateEventResponse, error) {
	if err := asOrganiser(ctx); err != nil {
		return nil, err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.updated = append(f.updated, in)
	e := f.find(in.GetEventId())
	if e == nil {
		return nil, status.Error(codes.NotFound, "not found")
	}
	if in.Capacity != nil && in.GetCapacity() < e.GetSeatsTaken() {
		return nil, rpcerr.Invalid(codes.FailedPrecondition, "the capacity is below the seats taken",
			rpcerr.Violation{Field: "capacity", Reason: "below the seats taken"})
	}
	e.Title = in.GetTitle()
	return &eventsv1.UpdateEventResponse{Event: e}, nil
}

func (f *staffEvents) transition(ctx context.Context, id, from, to string) error {
	if err := asOrganiser(ctx); err != nil {
		return err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	e := f.find(id)
	if e == nil {
		return status.Error(codes.NotFound, "not found")
	}
	if !strings.Contains(from, e.GetStatus()) {
		return status.Errorf(codes.FailedPrecondition, "cannot go from %s to %s", e.GetStatus(), to)
	}
	e.Status = to
	return nil
}

func (f *staffEvents) PublishEvent(ctx context.Context, in *eventsv1.PublishEventRequest, _ ...grpc.CallOption) (*eventsv1.PublishEventResponse, error) {
	return &eventsv1.PublishEventResponse{}, f.transition(ctx, in.GetEventId(), "draft", "published")
}

func (f *staffEvents) CancelEvent(ctx context.Context, in *eventsv1.CancelEventRequest, _ ...grpc.CallOption) (*eventsv1.CancelEventResponse, error) {
	err := f.transition(ctx, in.GetEventId(), "draft published", "cancelled")
	if err == nil {
		f.mu.Lock()
		f.find(in.GetEventId()).CancellationReason = &in.Reason
		f.mu.Unlock()
	}
	return &eventsv1.CancelEventResponse{}, err
}

func (f *staffEvents) CompleteEvent(ctx context.Context, in *eventsv1.CompleteEventRequest, _ ...grpc.CallOption) (*eventsv1.CompleteEventResponse, error) {
	return &eventsv1.CompleteEventResponse{}, f.transition(ctx, in.GetEventId(), "published", "completed")
}

func (f *staffEvents) ListRoomBookings(ctx context.Context, in *eventsv1.ListRoomBookingsRequest, _ ...grpc.CallOption) (*eventsv1.ListRoomBookingsResponse, error) {
	if err := asOrganiser(ctx); err != nil {
		return nil, err
	}
	return &eventsv1.ListRoomBookingsResponse{Items: f.bookings[in.GetRoomId()]}, nil
}

// ListFreeSlots offers two slots the next day, at 14:00 and 18:00.
func (f *staffEvents) ListFreeSlots(ctx context.Context, in *eventsv1.ListFreeSlotsRequest, _ ...grpc.CallOption) (*eventsv1.ListFreeSlotsResponse, error) {
	if err := asOrganiser(ctx); err != nil {
		return nil, err
	}
	day := dayStart(in.GetFrom().AsTime()).AddDate(0, 0, 1)
	var out []*eventsv1.TimeSlot
	for _, h := range []int{14, 18} {
		s := day.Add(time.Duration(h) * time.Hour)
		out = append(out, &eventsv1.TimeSlot{StartsAt: timestamppb.New(s), EndsAt: timestamppb.New(s.Add(3 * time.Hour))})
	}
	return &eventsv1.ListFreeSlotsResponse{Items: out}, nil
}

type staffRegistrations struct {
	registrationsv1.RegistrationsServiceClient
	mu   sync.Mutex
	regs []*registrationsv1.Registration
	now  func() time.Time
	// capacity is the events' capacity for PromoteRegistration; questions
	// are by event id.
	capacity  int
	questions map[string][]*registrationsv1.Question
}

func (f *staffRegistrations) ListEventRegistrations(ctx context.Context, in *registrationsv1.ListEventRegistrationsRequest, _ ...grpc.CallOption) (*registrationsv1.ListEventRegistrationsResponse, error) {
	if err := asOrganiser(ctx); err != nil {
		return nil, err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	resp := &registrationsv1.ListEventRegistrationsResponse{}
	for _, r := range f.regs {
		if r.GetEventId() == in.GetEventId() && (in.GetStatus() == "" || r.GetStatus() == in.GetStatus()) &&
			strings.Contains(strings.ToLower(r.GetName()+" "+r.GetEmail()), strings.ToLower(in.GetQ())) {
			resp.Items = append(resp.Items, r)
		}
	}
	return resp, nil
}

func (f *staffRegistrations) GetAttendance(ctx context.Context, in *registrationsv1.GetAttendanceRequest, _ ...grpc.CallOption) (*registrationsv1.GetAttendanceResponse, error) {
	if err := asOrganiser(ctx); err != nil {
		return nil, err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	a := &registrationsv1.GetAttendanceResponse{EventId: in.GetEventId(), Capacity: 10}
	for _, r := range f.regs {
		switch {
		case r.GetEventId() != in.GetEventId():
		case r.GetStatus() == "confirmed":
			a.Confirmed++
			if r.GetCheckedInAt() != nil {
				a.CheckedIn++
			}
		case r.GetStatus() == "waitlisted":
			a.Waitlisted++
		default:
			a.Cancelled++
		}
	}
	return a, nil
}

func (f *staffRegistrations) get(id string) *registrationsv1.Registration {
	for _, r := range f.regs {
		if r.GetId() == id {
			return r
		}
	}
	return nil
}

func (f *staffRegistrations) GetRegistration(ctx context.Context, in *registrationsv1.GetRegistrationRequest, _ ...grpc.CallOption) (*registrationsv1.GetRegistrationResponse, error) {
	if err := asOrganiser(ctx); err != nil {
		return nil, err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if r := f.get(in.GetRegistrationId()); r != nil {
		return &registrationsv1.GetRegistrationResponse{Registration: r}, nil
	}
	return nil, status.Error(codes.NotFound, "not found")
}

func (f *staffRegistrations) CancelRegistration(ctx context.Context, in *registrationsv1.CancelRegistrationRequest, _ ...grpc.CallOption) (*registrationsv1.CancelRegistrationResponse, error) {
	if err := asOrganiser(ctx); err != nil {
		return nil, err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	r := f.get(in.GetRegistrationId())
	if r == nil {
		return nil, status.Error(codes.NotFound, "not found")
	}
	r.Status, r.CancelledBy = "cancelled", "organiser"
	return &registrationsv1.CancelRegistrationResponse{}, nil
}

func (f *staffRegistrations) checkIn(r *registrationsv1.Registration) (*timestamppb.Timestamp, error) {
	if r.GetStatus() != "confirmed" {
		return nil, status.Error(codes.FailedPrecondition, "not confirmed")
	}
	if r.CheckedInAt == nil {
		r.CheckedInAt = timestamppb.New(f.now())
	}
	return r.CheckedInAt, nil
}

func (f *staffRegistrations) CheckInByCode(ctx context.Context, in *registrationsv1.CheckInByCodeRequest, _ ...grpc.CallOption) (*registrationsv1.CheckInByCodeResponse, error) {
	if err := asOrganiser(ctx); err != nil {
		return nil, err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	code := strings.ToUpper(strings.NewReplacer(" ", "", "-", "").Replace(in.GetCode()))
	for _, r := range f.regs {
		if r.GetEventId() == in.GetEventId() && r.GetCheckInCode() == code {
			at, err := f.checkIn(r)
			if err != nil {
				return nil, err
			}
			return &registrationsv1.CheckInByCodeResponse{CheckedInAt: at, Registration: r}, nil
		}
	}
	return nil, status.Error(codes.NotFound, "no registration with this code")
}

func (f *staffRegistrations) CheckIn(ctx context.Context, in *registrationsv1.CheckInRequest, _ ...grpc.CallOption) (*registrationsv1.CheckInResponse, error) {
	if err := asOrganiser(ctx); err != nil {
		return nil, err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	r := f.get(in.GetRegistrationId())
	if r == nil {
		return nil, status.Error(codes.NotFound, "not found")
	}
	at, err := f.checkIn(r)
	if err != nil {
		return nil, err
	}
	return &registrationsv1.CheckInResponse{CheckedInAt: at}, nil
}

type staffAmbassadors struct {
	ambassadorsv1.AmbassadorsServiceClient
	mu          sync.Mutex
	programmes  []*ambassadorsv1.Programme
	ambassadors []*ambassadorsv1.Ambassador
	activities  []*ambassadorsv1.Activity
	logged      []*ambassadorsv1.LogActivityRequest
}

// own refuses an ambassador who asks about another ambassador.
func own(ctx context.Context, ambassadorID string) error {
	id := identity.FromContext(ctx)
	if id.Has(identity.RoleOrganiser) || (id.Has(identity.RoleAmbassador) && id.AmbassadorID == ambassadorID) {
		return nil
	}
	if id.Anonymous() {
		return status.Error(codes.Unauthenticated, "sign in")
	}
	return status.Error(codes.PermissionDenied, "not yours")
}

func (f *staffAmbassadors) ListProgrammes(context.Context, *ambassadorsv1.ListProgrammesRequest, ...grpc.CallOption) (*ambassadorsv1.ListProgrammesResponse, error) {
	return &ambassadorsv1.ListProgrammesResponse{Items: f.programmes}, nil
}

func (f *staffAmbassadors) GetProgramme(_ context.Context, in *ambassadorsv1.GetProgrammeRequest, _ ...grpc.CallOption) (*ambassadorsv1.GetProgrammeResponse, error) {
	for _, p := range f.programmes {
		if p.GetId() == in.GetProgrammeId() {
			return &ambassadorsv1.GetProgrammeResponse{Programme: p}, nil
		}
	}
	return nil, status.Error(codes.NotFound, "not found")
}

func (f *staffAmbassadors) ListAmbassadors(_ context.Context, in *ambassadorsv1.ListAmbassadorsRequest, _ ...grpc.CallOption) (*ambassadorsv1.ListAmbassadorsResponse, error) {
	resp := &ambassadorsv1.ListAmbassadorsResponse{}
	for _, a := range f.ambassadors {
		if a.GetProgrammeId() == in.GetProgrammeId() {
			resp.Items = append(resp.Items, a)
		}
	}
	return resp, nil
}

func (f *staffAmbassadors) GetAmbassador(ctx context.Context, in *ambassadorsv1.GetAmbassadorRequest, _ ...grpc.CallOption) (*ambassadorsv1.GetAmbassadorResponse, error) {
	for _, a := range f.ambassadors {
		if a.GetId() == in.GetAmbassadorId() {
			a = proto.Clone(a).(*ambassadorsv1.Ambassador)
			if own(ctx, a.GetId()) != nil {
				a.Email = "" // private
			}
			return &ambassadorsv1.GetAmbassadorResponse{Ambassador: a}, nil
		}
	}
	return nil, status.Error(codes.NotFound, "not found")
}

func (f *staffAmbassadors) ListActivities(ctx context.Context, in *ambassadorsv1.ListActivitiesRequest, _ ...grpc.CallOption) (*ambassadorsv1.ListActivitiesResponse, error) {
	if err := own(ctx, in.GetAmbassadorId()); err != nil {
		return nil, err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	resp := &ambassadorsv1.ListActivitiesResponse{}
	for _, a := range f.activities {
		if a.GetAmbassadorId() == in.GetAmbassadorId() {
			resp.Items = append(resp.Items, a)
		}
	}
	return resp, nil
}

func (f *staffAmbassadors) LogActivity(ctx context.Context, in *ambassadorsv1.LogActivityRequest, _ ...grpc.CallOption) (*ambassadorsv1.LogActivityResponse, error) {
	if err := own(ctx, in.GetAmbassadorId()); err != nil {
		return nil, err
	}
	if !slices.Contains(activityKinds, in.GetKind()) {
		return nil, rpcerr.Invalid(codes.InvalidArgument, "invalid", rpcerr.Violation{Field: "kind", Reason: "unknown kind"})
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.logged = append(f.logged, in)
	a := &ambassadorsv1.Activity{Id: "act" + string(rune('0'+len(f.activities))), AmbassadorId: in.GetAmbassadorId(),
		Kind: in.GetKind(), OccurredOn: in.GetOccurredOn(), Summary: in.GetSummary(), ReviewStatus: "pending",
		DurationMinutes: in.GetDurationMinutes(), EntrepreneursReached: in.GetEntrepreneursReached()}
	f.activities = append(f.activities, a)
	return &ambassadorsv1.LogActivityResponse{Activity: a}, nil
}

func (f *staffAmbassadors) ReviewActivity(ctx context.Context, in *ambassadorsv1.ReviewActivityRequest, _ ...grpc.CallOption) (*ambassadorsv1.ReviewActivityResponse, error) {
	if err := asOrganiser(ctx); err != nil {
		return nil, err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, a := range f.activities {
		if a.GetId() == in.GetActivityId() {
			a.ReviewStatus, a.ReviewComment = map[string]string{"approve": "approved", "return": "returned"}[in.GetDecision()], in.GetComment()
			return &ambassadorsv1.ReviewActivityResponse{Activity: a}, nil
		}
	}
	return nil, status.Error(codes.NotFound, "not found")
}

func (f *staffAmbassadors) GetAmbassadorProgress(ctx context.Context, in *ambassadorsv1.GetAmbassadorProgressRequest, _ ...grpc.CallOption) (*ambassadorsv1.GetAmbassadorProgressResponse, error) {
	if err := own(ctx, in.GetAmbassadorId()); err != nil {
		return nil, err
	}
	return &ambassadorsv1.GetAmbassadorProgressResponse{Progress: &ambassadorsv1.AmbassadorProgress{
		AmbassadorId: in.GetAmbassadorId(), Targets: []*ambassadorsv1.TargetProgress{{
			Target:   &ambassadorsv1.Target{Metric: "activities", Value: 10, Kind: "company-visit", Scope: "ambassador", Period: "year"},
			Approved: 3, Pending: 1, ExpectedByNow: 9, State: "behind"}}}}, nil
}

func (f *staffAmbassadors) GetProgrammeReport(ctx context.Context, in *ambassadorsv1.GetProgrammeReportRequest, _ ...grpc.CallOption) (*ambassadorsv1.GetProgrammeReportResponse, error) {
	if err := asOrganiser(ctx); err != nil {
		return nil, err
	}
	return &ambassadorsv1.GetProgrammeReportResponse{ProgrammeId: in.GetProgrammeId(), From: "2026-01-01", To: "2026-12-31",
		Totals:       &ambassadorsv1.ReportRow{Key: "total", Activities: 4, Minutes: 240, EntrepreneursReached: 12},
		ByTheme:      []*ambassadorsv1.ReportRow{{Key: "innovatie", Label: "innovatie", Activities: 3}, {Key: "onderwijs", Label: "onderwijs", Activities: 1}},
		ByKind:       []*ambassadorsv1.ReportRow{{Key: "company-visit", Activities: 3}, {Key: "other", Activities: 1}},
		ByAmbassador: []*ambassadorsv1.ReportRow{{Key: "amb1", Label: "Anouk de Vries", Activities: 4}},
		ByMonth:      []*ambassadorsv1.ReportRow{{Key: "2026-11", Activities: 4}}}, nil
}
