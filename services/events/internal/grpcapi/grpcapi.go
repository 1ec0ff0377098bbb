// Package grpcapi serves the events service's gRPC API: it maps protobuf to
// domain types, checks the caller's role and maps domain errors to gRPC
// statuses.
package grpcapi

import (
	"context"
	"errors"
	"log/slog"
	"strings"
	"time"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/timestamppb"

	"plein.dev/events/internal/app"
	"plein.dev/events/internal/domain"
	"plein.dev/events/internal/protoconv"
	"plein.dev/events/internal/store"
	"plein.dev/platform/identity"
	"plein.dev/platform/pagetoken"
	"plein.dev/platform/rpcerr"
	eventsv1 "plein.dev/proto/gen/plein/events/v1"
)

// Server implements eventsv1.EventsServiceServer.
type Server struct {
	eventsv1.UnimplementedEventsServiceServer
	app *app.Service
	log *slog.Logger
}

// New returns the gRPC server of the events service.
func New(a *app.Service, log *slog.Logger) *Server {
	return &Server{app: a, log: log}
}

// toStatus maps the service's errors to gRPC statuses; anything unknown is
// logged and answered as Internal without detail.
func (s *Server) toStatus(ctx context.Context, op string, err error) error {
	var ve *domain.ValidationError
	var rc *domain.RoomConflictError
	var te *domain.TransitionError
	var re *domain.RecurrenceError
	var sc *domain.SeriesConflictError
	switch {
	case err == nil:
		return nil
	case errors.As(err, &ve):
		return rpcerr.Invalid(codes.FailedPrecondition, ve.Error(), rpcerr.Violation{Field: ve.Field, Reason: ve.Reason})
	case errors.As(err, &rc):
		return status.Error(codes.AlreadyExists, rc.Error())
	case errors.As(err, &sc):
		code := codes.FailedPrecondition
		if sc.RoomTaken() {
			code = codes.AlreadyExists
		}
		return rpcerr.Invalid(code, sc.Error(), rpcerr.Violation{Field: "recurrence",
			Reason: "cannot be booked on " + strings.Join(sc.Dates(), ", ")})
	case errors.As(err, &re):
		return rpcerr.Invalid(codes.InvalidArgument, re.Error(), rpcerr.Violation{Field: "recurrence", Reason: re.Reason})
	case errors.Is(err, domain.ErrNotFound):
		return status.Error(codes.NotFound, "not found")
	case errors.As(err, &te):
		return rpcerr.Invalid(codes.FailedPrecondition, te.Error(), rpcerr.Violation{Field: "status",
			Reason: "is " + string(te.Current)})
	case errors.Is(err, pagetoken.ErrInvalid):
		return rpcerr.Invalid(codes.InvalidArgument, "invalid page token", rpcerr.Violation{Field: "pageToken", Reason: "not a token this API gave"})
	}
	return rpcerr.Internal(ctx, s.log, op, err)
}

func organiser(ctx context.Context) bool {
	return identity.FromContext(ctx).Has(identity.RoleOrganiser)
}

// CreateVenue implements eventsv1.EventsServiceServer.
func (s *Server) CreateVenue(ctx context.Context, req *eventsv1.CreateVenueRequest) (*eventsv1.CreateVenueResponse, error) {
	if err := identity.Require(ctx, identity.RoleOrganiser); err != nil {
		return nil, err
	}
	v, err := s.app.CreateVenue(ctx, domain.Venue{Name: req.GetName(), Address: req.GetAddress(), City: req.GetCity()})
	if err != nil {
		return nil, s.toStatus(ctx, "create venue", err)
	}
	return &eventsv1.CreateVenueResponse{Venue: protoconv.Venue(v)}, nil
}

// GetVenue implements eventsv1.EventsServiceServer.
func (s *Server) GetVenue(ctx context.Context, req *eventsv1.GetVenueRequest) (*eventsv1.GetVenueResponse, error) {
	v, err := s.app.GetVenue(ctx, req.GetVenueId())
	if err != nil {
		return nil, s.toStatus(ctx, "get venue", err)
	}
	return &eventsv1.GetVenueResponse{Venue: protoconv.Venue(v)}, nil
}

type venueCursor struct {
	Name string `json:"n"`
	ID   string `json:"i"`
}

// ListVenues implements eventsv1.EventsServiceServer.
func (s *Server) ListVenues(ctx context.Context, req *eventsv1.ListVenuesRequest) (*eventsv1.ListVenuesResponse, error) {
	var cur venueCursor
	if err := pagetoken.Decode(req.GetPageToken(), &cur); err != nil {
		return nil, s.toStatus(ctx, "list venues", err)
	}
	size := pagetoken.Size(req.GetPageSize(), 50, 200)
	venues, err := s.app.ListVenues(ctx, cur.Name, cur.ID, size+1)
	if err != nil {
		return nil, s.toStatus(ctx, "list venues", err)
	}
	resp := &eventsv1.ListVenuesResponse{Items: []*eventsv1.Venue{}}
	if len(venues) > size {
		venues = venues[:size]
		last := venues[size-1]
		if resp.NextPageToken, err = pagetoken.Encode(venueCursor{Name: last.Name, ID: last.ID}); err != nil {
			return nil, s.toStatus(ctx, "list venues", err)
		}
	}
	for _, v := range venues {
		resp.Items = append(resp.Items, protoconv.Venue(v))
	}
	return resp, nil
}

// CreateRoom implements eventsv1.EventsServiceServer.
func (s *Server) CreateRoom(ctx context.Context, req *eventsv1.CreateRoomRequest) (*eventsv1.CreateRoomResponse, error) {
	if err := identity.Require(ctx, identity.RoleOrganiser); err != nil {
		return nil, err
	}
	r, err := s.app.CreateRoom(ctx, domain.Room{VenueID: req.GetVenueId(), Name: req.GetName(),
		Capacity: int(req.GetCapacity()), SetupMinutes: int(req.GetSetupMinutes()), Facilities: req.GetFacilities(),
		BookableHours: protoconv.BookableHoursFrom(req.GetBookableHours()),
		Blackouts:     protoconv.BlackoutsFrom(req.GetBlackouts())})
	if err != nil {
		return nil, s.toStatus(ctx, "create room", err)
	}
	return &eventsv1.CreateRoomResponse{Room: protoconv.Room(r)}, nil
}

// ListRoomBookings implements eventsv1.EventsServiceServer.
func (s *Server) ListRoomBookings(ctx context.Context, req *eventsv1.ListRoomBookingsRequest) (*eventsv1.ListRoomBookingsResponse, error) {
	if err := identity.Require(ctx, identity.RoleOrganiser); err != nil {
		return nil, err
	}
	from, to := time.Unix(0, 0), time.Now().AddDate(100, 0, 0)
	if req.GetFrom() != nil {
		from = req.GetFrom().AsTime()
	}
	if req.GetTo() != nil {
		to = req.GetTo().AsTime()
	}
	bookings, err := s.app.RoomBookings(ctx, req.GetRoomId(), from, to)
	if err != nil {
		return nil, s.toStatus(ctx, "room bookings", err)
	}
	resp := &eventsv1.ListRoomBookingsResponse{Items: []*eventsv1.Booking{}}
	for _, b := range bookings {
		resp.Items = append(resp.Items, protoconv.Booking(b))
	}
	return resp, nil
}

// CreateEvent implements eventsv1.EventsServiceServer.
func (s *Server) CreateEvent(ctx context.Context, req *eventsv1.CreateEventRequest) (*eventsv1.CreateEventResponse, error) {
	if err := identity.Require(ctx, identity.RoleOrganiser); err != nil {
		return nil, err
	}
	e := domain.Event{
		Title:                req.GetTitle(),
		Description:          req.GetDescription(),
		ProgrammeID:          req.GetProgrammeId(),
		Themes:               req.GetThemes(),
		RoomID:               req.GetRoomId(),
		Location:             req.GetLocation(),
		StartsAt:             req.GetStartsAt().AsTime(),
		EndsAt:               req.GetEndsAt().AsTime(),
		Capacity:             int(req.GetCapacity()),
		RegistrationOpensAt:  optTime(req.GetRegistrationOpensAt()),
		RegistrationClosesAt: optTime(req.GetRegistrationClosesAt()),
		Visibility:           domain.Visibility(req.GetVisibility()),
		HostAmbassadorIDs:    req.GetHostAmbassadorIds(),
		Recurrence:           req.GetRecurrence(),
		Accessibility:        protoconv.AccessibilityFrom(req.GetAccessibility()),
	}
	created, err := s.app.CreateEvent(ctx, e, req.Capacity != nil)
	if err != nil {
		return nil, s.toStatus(ctx, "create event", err)
	}
	return &eventsv1.CreateEventResponse{Event: eventFor(ctx, created)}, nil
}

// GetEvent implements eventsv1.EventsServiceServer. Callers who are not
// organisers see published and completed events that are not internal;
// anything else is NotFound to them.
func (s *Server) GetEvent(ctx context.Context, req *eventsv1.GetEventRequest) (*eventsv1.GetEventResponse, error) {
	e, err := s.app.GetEvent(ctx, req.GetEventId())
	if err != nil {
		return nil, s.toStatus(ctx, "get event", err)
	}
	if !visible(ctx, e) {
		return nil, status.Error(codes.NotFound, "not found")
	}
	return &eventsv1.GetEventResponse{Event: eventFor(ctx, e)}, nil
}

type eventCursor struct {
	Start int64  `json:"s"`
	ID    string `json:"i"`
}

// ListEvents implements eventsv1.EventsServiceServer.
func (s *Server) ListEvents(ctx context.Context, req *eventsv1.ListEventsRequest) (*eventsv1.ListEventsResponse, error) {
	var cur eventCursor
	if err := pagetoken.Decode(req.GetPageToken(), &cur); err != nil {
		return nil, s.toStatus(ctx, "list events", err)
	}
	size := pagetoken.Size(req.GetPageSize(), 50, 200)
	f := store.ListFilter{
		From:        optTime(req.GetFrom()),
		To:          optTime(req.GetTo()),
		ProgrammeID: req.GetProgrammeId(),
		Theme:       req.GetTheme(),
		Query:       req.GetQ(),
		Status:      domain.Status(req.GetStatus()),
		SeriesID:    req.GetSeriesId(),
		PublicOnly:  !organiser(ctx),
		ProposedBy:  identity.FromContext(ctx).AmbassadorID,
		AfterStart:  cur.Start,
		AfterID:     cur.ID,
		Limit:       size + 1,
	}
	events, err := s.app.ListEvents(ctx, f)
	if err != nil {
		return nil, s.toStatus(ctx, "list events", err)
	}
	resp := &eventsv1.ListEventsResponse{Items: []*eventsv1.Event{}}
	if len(events) > size {
		events = events[:size]
		last := events[size-1]
		if resp.NextPageToken, err = pagetoken.Encode(eventCursor{Start: last.StartsAt.Unix(), ID: last.ID}); err != nil {
			return nil, s.toStatus(ctx, "list events", err)
		}
	}
	for _, e := range events {
		resp.Items = append(resp.Items, eventFor(ctx, e))
	}
	return resp, nil
}

// UpdateEvent implements eventsv1.EventsServiceServer.
func (s *Server) UpdateEvent(ctx context.Context, req *eventsv1.UpdateEventRequest) (*eventsv1.UpdateEventResponse, error) {
	if err := identity.Require(ctx, identity.RoleOrganiser); err != nil {
		return nil, err
	}
	c := app.Change{
		Title:                req.Title,
		Description:          req.Description,
		RoomID:               req.RoomId,
		Location:             req.Location,
		ProgrammeID:          req.ProgrammeId,
		Visibility:           req.Visibility,
		StartsAt:             optTime(req.GetStartsAt()),
		EndsAt:               optTime(req.GetEndsAt()),
		RegistrationOpensAt:  optTime(req.GetRegistrationOpensAt()),
		RegistrationClosesAt: optTime(req.GetRegistrationClosesAt()),
	}
	if req.Capacity != nil {
		n := int(req.GetCapacity())
		c.Capacity = &n
	}
	if req.GetSetThemes() {
		themes := req.GetThemes()
		c.Themes = &themes
	}
	if req.GetSetHostAmbassadorIds() {
		hosts := req.GetHostAmbassadorIds()
		c.HostAmbassadorIDs = &hosts
	}
	if req.Accessibility != nil {
		a := protoconv.AccessibilityFrom(req.GetAccessibility())
		c.Accessibility = &a
	}
	e, err := s.app.UpdateEvent(ctx, req.GetEventId(), c)
	if err != nil {
		return nil, s.toStatus(ctx, "update event", err)
	}
	return &eventsv1.UpdateEventResponse{Event: eventFor(ctx, e)}, nil
}

// PublishEvent implements eventsv1.EventsServiceServer.
func (s *Server) PublishEvent(ctx context.Context, req *eventsv1.PublishEventRequest) (*eventsv1.PublishEventResponse, error) {
	if err := identity.Require(ctx, identity.RoleOrganiser); err != nil {
		return nil, err
	}
	publish := s.app.Publish
	if req.GetSeries() {
		publish = s.app.PublishSeries
	}
	e, err := publish(ctx, req.GetEventId())
	if err != nil {
		return nil, s.toStatus(ctx, "publish event", err)
	}
	return &eventsv1.PublishEventResponse{Event: eventFor(ctx, e)}, nil
}

// CancelEvent implements eventsv1.EventsServiceServer.
func (s *Server) CancelEvent(ctx context.Context, req *eventsv1.CancelEventRequest) (*eventsv1.CancelEventResponse, error) {
	if err := identity.Require(ctx, identity.RoleOrganiser); err != nil {
		return nil, err
	}
	cancel := s.app.Cancel
	if req.GetSeries() {
		cancel = s.app.CancelSeries
	}
	e, err := cancel(ctx, req.GetEventId(), req.GetReason())
	if err != nil {
		return nil, s.toStatus(ctx, "cancel event", err)
	}
	return &eventsv1.CancelEventResponse{Event: eventFor(ctx, e)}, nil
}

// CompleteEvent implements eventsv1.EventsServiceServer.
func (s *Server) CompleteEvent(ctx context.Context, req *eventsv1.CompleteEventRequest) (*eventsv1.CompleteEventResponse, error) {
	if err := identity.Require(ctx, identity.RoleOrganiser); err != nil {
		return nil, err
	}
	e, err := s.app.Complete(ctx, req.GetEventId())
	if err != nil {
		return nil, s.toStatus(ctx, "complete event", err)
	}
	return &eventsv1.CompleteEventResponse{Event: eventFor(ctx, e)}, nil
}

// eventFor returns the protobuf form of an event as the caller may see
// it: the invite code is for organisers only.
func eventFor(ctx context.Context, e domain.Event) *eventsv1.Event {
	p := protoconv.Event(e)
	if !organiser(ctx) {
		p.InviteCode = nil
	}
	return p
}

// visible reports whether the caller may see the event: organisers see
// all, the proposing ambassador their proposal, others what is public.
func visible(ctx context.Context, e domain.Event) bool {
	id := identity.FromContext(ctx)
	switch {
	case id.Has(identity.RoleOrganiser), e.VisibleToPublic():
		return true
	case e.ProposedByAmbassadorID != "" && id.AmbassadorID == e.ProposedByAmbassadorID:
		return true
	}
	return false
}

func optTime(ts *timestamppb.Timestamp) *time.Time {
	if ts == nil {
		return nil
	}
	t := ts.AsTime()
	return &t
}
