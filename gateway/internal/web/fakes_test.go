package web

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"sync"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"plein.dev/platform/identity"
	"plein.dev/platform/rpcerr"
	ambassadorsv1 "plein.dev/proto/gen/plein/ambassadors/v1"
	eventsv1 "plein.dev/proto/gen/plein/events/v1"
	registrationsv1 "plein.dev/proto/gen/plein/registrations/v1"
)

// Hand-written fakes of the three services, just enough for rendering
// pages: the real services are exercised by the end-to-end tests in
// deploy/plein. Each fake embeds the client interface, so a method a page
// should not call panics.

type fakeEvents struct {
	eventsv1.EventsServiceClient
	mu     sync.Mutex
	events []*eventsv1.Event
	venues []*eventsv1.Venue
	calls  int
}

func (f *fakeEvents) GetEvent(ctx context.Context, in *eventsv1.GetEventRequest, _ ...grpc.CallOption) (*eventsv1.GetEventResponse, error) {
	if !identity.FromContext(ctx).Anonymous() {
		panic("pages must call as a visitor")
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, e := range f.events {
		if e.GetId() == in.GetEventId() && e.GetStatus() != "draft" && e.GetVisibility() != "internal" {
			return &eventsv1.GetEventResponse{Event: e}, nil
		}
	}
	return nil, status.Error(codes.NotFound, "not found")
}

// ListEvents filters like the service does for a visitor; the page token
// is the index of the next event.
func (f *fakeEvents) ListEvents(_ context.Context, in *eventsv1.ListEventsRequest, _ ...grpc.CallOption) (*eventsv1.ListEventsResponse, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls++
	var match []*eventsv1.Event
	for _, e := range f.events {
		switch {
		case e.GetVisibility() != "public" || (in.GetStatus() != "" && e.GetStatus() != in.GetStatus()):
		case in.GetFrom() != nil && e.GetStartsAt().AsTime().Before(in.GetFrom().AsTime()):
		case in.GetTo() != nil && !e.GetStartsAt().AsTime().Before(in.GetTo().AsTime()):
		case in.GetProgrammeId() != "" && e.GetProgrammeId() != in.GetProgrammeId():
		case in.GetTheme() != "" && !slices.Contains(e.GetThemes(), in.GetTheme()):
		case in.GetQ() != "" && !strings.Contains(strings.ToLower(e.GetTitle()), strings.ToLower(in.GetQ())):
		case in.GetVenueId() != "" && !f.inVenue(e.GetRoomId(), in.GetVenueId()):
		default:
			match = append(match, e)
		}
	}
	start, _ := strconv.Atoi(in.GetPageToken())
	size := int(in.GetPageSize())
	if size == 0 {
		size = 50
	}
	resp := &eventsv1.ListEventsResponse{}
	end := min(start+size, len(match))
	if start < len(match) {
		resp.Items = match[start:end]
	}
	if end < len(match) {
		resp.NextPageToken = strconv.Itoa(end)
	}
	return resp, nil
}

// inVenue reports whether the room belongs to the venue.
func (f *fakeEvents) inVenue(roomID, venueID string) bool {
	for _, v := range f.venues {
		for _, r := range v.GetRooms() {
			if r.GetId() == roomID {
				return v.GetId() == venueID
			}
		}
	}
	return false
}

func (f *fakeEvents) ListVenues(context.Context, *eventsv1.ListVenuesRequest, ...grpc.CallOption) (*eventsv1.ListVenuesResponse, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return &eventsv1.ListVenuesResponse{Items: f.venues}, nil
}

type fakeAmbassadors struct {
	ambassadorsv1.AmbassadorsServiceClient
	programmes  []*ambassadorsv1.Programme
	ambassadors []*ambassadorsv1.Ambassador
}

func (f *fakeAmbassadors) ListProgrammes(context.Context, *ambassadorsv1.ListProgrammesRequest, ...grpc.CallOption) (*ambassadorsv1.ListProgrammesResponse, error) {
	return &ambassadorsv1.ListProgrammesResponse{Items: f.programmes}, nil
}

func (f *fakeAmbassadors) GetAmbassador(_ context.Context, in *ambassadorsv1.GetAmbassadorRequest, _ ...grpc.CallOption) (*ambassadorsv1.GetAmbassadorResponse, error) {
	for _, a := range f.ambassadors {
		if a.GetId() == in.GetAmbassadorId() {
			return &ambassadorsv1.GetAmbassadorResponse{Ambassador: a}, nil
		}
	}
	return nil, status.Error(codes.NotFound, "not found")
}

// fakeRegistrations keeps registrations in memory with the service's
// rules that pages show: capacity and waiting list, one registration per
// address, invite codes, manage tokens.
type fakeRegistrations struct {
	registrationsv1.RegistrationsServiceClient
	ev *fakeEvents

	mu        sync.Mutex
	regs      []*registrationsv1.Registration
	questions map[string][]*registrationsv1.Question
	invite    map[string]string // event id -> invite code
	last      *registrationsv1.CreateRegistrationRequest
}

func (f *fakeRegistrations) event(id string) *eventsv1.Event {
	f.ev.mu.Lock()
	defer f.ev.mu.Unlock()
	for _, e := range f.ev.events {
		if e.GetId() == id {
			return e
		}
	}
	return nil
}

func (f *fakeRegistrations) CreateRegistration(_ context.Context, in *registrationsv1.CreateRegistrationRequest, _ ...grpc.CallOption) (*registrationsv1.CreateRegistrationResponse, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.last = in
	e := f.event(in.GetEventId())
	if e == nil {
		return nil, status.Error(codes.NotFound, "not found")
	}
	if !strings.Contains(in.GetEmail(), "@") {
		return nil, rpcerr.Invalid(codes.InvalidArgument, "invalid", rpcerr.Violation{Field: "email", Reason: "must be a valid e-mail address"})
	}
	if !kvkPattern.MatchString(in.GetKvkNumber()) { // as the service's validation
		return nil, rpcerr.Invalid(codes.InvalidArgument, "invalid", rpcerr.Violation{Field: "kvkNumber", Reason: "must be eight digits"})
	}
	if code, ok := f.invite[e.GetId()]; ok && in.GetInviteCode() != code {
		return nil, rpcerr.Invalid(codes.FailedPrecondition, "invite code invalid", rpcerr.Violation{Field: "inviteCode", Reason: "invite code invalid"})
	}
	confirmed, waiting := int(e.GetSeatsTaken()), 0
	for _, r := range f.regs {
		if r.GetEventId() != e.GetId() || r.GetStatus() == "cancelled" {
			continue
		}
		if strings.EqualFold(r.GetEmail(), in.GetEmail()) {
			return nil, status.Error(codes.AlreadyExists, "this e-mail address is registered for this event already")
		}
		if r.GetStatus() == "confirmed" {
			confirmed++
		} else {
			waiting++
		}
	}
	r := &registrationsv1.Registration{Id: "r" + strconv.Itoa(len(f.regs)+1), EventId: e.GetId(), Name: in.GetName(),
		Email: in.GetEmail(), Status: "confirmed", CheckInCode: "ABCD2345"}
	if confirmed >= int(e.GetCapacity()) {
		pos := int32(waiting + 1)
		r.Status, r.WaitlistPosition = "waitlisted", &pos
	}
	f.regs = append(f.regs, r)
	return &registrationsv1.CreateRegistrationResponse{Id: r.GetId(), Status: r.GetStatus(),
		WaitlistPosition: r.WaitlistPosition, ManageToken: "token-" + r.GetId()}, nil
}

func (f *fakeRegistrations) find(id, token string) (*registrationsv1.Registration, error) {
	for _, r := range f.regs {
		if r.GetId() == id && token == "token-"+id {
			return r, nil
		}
	}
	return nil, status.Error(codes.NotFound, "not found")
}

func (f *fakeRegistrations) GetRegistration(_ context.Context, in *registrationsv1.GetRegistrationRequest, _ ...grpc.CallOption) (*registrationsv1.GetRegistrationResponse, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	r, err := f.find(in.GetRegistrationId(), in.GetToken())
	if err != nil {
		return nil, err
	}
	return &registrationsv1.GetRegistrationResponse{Registration: r}, nil
}

func (f *fakeRegistrations) CancelRegistration(_ context.Context, in *registrationsv1.CancelRegistrationRequest, _ ...grpc.CallOption) (*registrationsv1.CancelRegistrationResponse, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	r, err := f.find(in.GetRegistrationId(), in.GetToken())
	if err != nil {
		return nil, err
	}
	was := r.GetStatus()
	r.Status, r.CancelledBy, r.WaitlistPosition = "cancelled", "attendee", nil
	if was == "confirmed" { // promote the first on the waiting list
		for _, o := range f.regs {
			if o.GetEventId() == r.GetEventId() && o.GetStatus() == "waitlisted" {
				o.Status, o.WaitlistPosition = "confirmed", nil
				break
			}
		}
	}
	return &registrationsv1.CancelRegistrationResponse{}, nil
}

func (f *fakeRegistrations) GetSeats(_ context.Context, in *registrationsv1.GetSeatsRequest, _ ...grpc.CallOption) (*registrationsv1.GetSeatsResponse, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	e := f.event(in.GetEventId())
	if e == nil {
		return nil, status.Error(codes.NotFound, "not found")
	}
	s := &registrationsv1.Seats{EventId: e.GetId(), Capacity: e.GetCapacity(), SeatsTaken: e.GetSeatsTaken()}
	for _, r := range f.regs {
		switch {
		case r.GetEventId() != e.GetId():
		case r.GetStatus() == "confirmed":
			s.SeatsTaken++
		case r.GetStatus() == "waitlisted":
			s.WaitlistLength++
		}
	}
	s.SeatsFree = max(0, s.Capacity-s.SeatsTaken)
	return &registrationsv1.GetSeatsResponse{Seats: s}, nil
}

func (f *fakeRegistrations) ListEventQuestions(_ context.Context, in *registrationsv1.ListEventQuestionsRequest, _ ...grpc.CallOption) (*registrationsv1.ListEventQuestionsResponse, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if code, ok := f.invite[in.GetEventId()]; ok && in.GetInviteCode() != code {
		return nil, status.Error(codes.NotFound, "not found")
	}
	return &registrationsv1.ListEventQuestionsResponse{Items: f.questions[in.GetEventId()]}, nil
}
