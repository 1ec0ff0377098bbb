package grpcapi

import (
	"context"
	"time"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/timestamppb"

	"plein.dev/events/internal/app"
	"plein.dev/events/internal/calendar"
	"plein.dev/events/internal/domain"
	"plein.dev/events/internal/protoconv"
	"plein.dev/platform/identity"
	eventsv1 "plein.dev/proto/gen/plein/events/v1"
)

// UpdateVenue implements eventsv1.EventsServiceServer.
func (s *Server) UpdateVenue(ctx context.Context, req *eventsv1.UpdateVenueRequest) (*eventsv1.UpdateVenueResponse, error) {
	if err := identity.Require(ctx, identity.RoleOrganiser); err != nil {
		return nil, err
	}
	v, err := s.app.UpdateVenue(ctx, req.GetVenueId(), req.Name, req.Address, req.City)
	if err != nil {
		return nil, s.toStatus(ctx, "update venue", err)
	}
	return &eventsv1.UpdateVenueResponse{Venue: protoconv.Venue(v)}, nil
}

// UpdateRoom implements eventsv1.EventsServiceServer.
func (s *Server) UpdateRoom(ctx context.Context, req *eventsv1.UpdateRoomRequest) (*eventsv1.UpdateRoomResponse, error) {
	if err := identity.Require(ctx, identity.RoleOrganiser); err != nil {
		return nil, err
	}
	c := app.RoomChange{Name: req.Name}
	if req.Capacity != nil {
		n := int(req.GetCapacity())
		c.Capacity = &n
	}
	if req.SetupMinutes != nil {
		n := int(req.GetSetupMinutes())
		c.SetupMinutes = &n
	}
	if req.GetSetFacilities() {
		f := req.GetFacilities()
		c.Facilities = &f
	}
	if req.GetSetBookableHours() {
		h := protoconv.BookableHoursFrom(req.GetBookableHours())
		c.BookableHours = &h
	}
	if req.GetSetBlackouts() {
		b := protoconv.BlackoutsFrom(req.GetBlackouts())
		c.Blackouts = &b
	}
	r, err := s.app.UpdateRoom(ctx, req.GetRoomId(), c)
	if err != nil {
		return nil, s.toStatus(ctx, "update room", err)
	}
	return &eventsv1.UpdateRoomResponse{Room: protoconv.Room(r)}, nil
}

// ListFreeSlots implements eventsv1.EventsServiceServer.
func (s *Server) ListFreeSlots(ctx context.Context, req *eventsv1.ListFreeSlotsRequest) (*eventsv1.ListFreeSlotsResponse, error) {
	if err := identity.Require(ctx, identity.RoleOrganiser); err != nil {
		return nil, err
	}
	slots, err := s.app.FreeSlots(ctx, req.GetRoomId(), req.GetFrom().AsTime(), req.GetTo().AsTime(),
		time.Duration(req.GetDurationMinutes())*time.Minute)
	if err != nil {
		return nil, s.toStatus(ctx, "free slots", err)
	}
	resp := &eventsv1.ListFreeSlotsResponse{Items: []*eventsv1.TimeSlot{}}
	for _, f := range slots {
		resp.Items = append(resp.Items, &eventsv1.TimeSlot{StartsAt: timestamppb.New(f.Start), EndsAt: timestamppb.New(f.End)})
	}
	return resp, nil
}

// GetRoomOccupancy implements eventsv1.EventsServiceServer.
func (s *Server) GetRoomOccupancy(ctx context.Context, req *eventsv1.GetRoomOccupancyRequest) (*eventsv1.GetRoomOccupancyResponse, error) {
	if err := identity.Require(ctx, identity.RoleOrganiser); err != nil {
		return nil, err
	}
	o, err := s.app.RoomOccupancy(ctx, req.GetRoomId(), req.GetMonth())
	if err != nil {
		return nil, s.toStatus(ctx, "room occupancy", err)
	}
	resp := &eventsv1.GetRoomOccupancyResponse{RoomId: req.GetRoomId(), Month: req.GetMonth(),
		BookedHours: o.Booked.Hours(), BookableHours: o.Bookable.Hours()}
	if o.Bookable > 0 {
		resp.Ratio = o.Booked.Hours() / o.Bookable.Hours()
	}
	return resp, nil
}

// ProposeEvent implements eventsv1.EventsServiceServer: ambassadors (and
// organisers) propose; the proposal waits for an organiser.
func (s *Server) ProposeEvent(ctx context.Context, req *eventsv1.ProposeEventRequest) (*eventsv1.ProposeEventResponse, error) {
	if err := identity.Require(ctx, identity.RoleOrganiser, identity.RoleAmbassador); err != nil {
		return nil, err
	}
	id := identity.FromContext(ctx)
	if !id.Has(identity.RoleOrganiser) && id.AmbassadorID == "" {
		return nil, status.Error(codes.PermissionDenied, "an ambassador account must be linked to an ambassador")
	}
	e := domain.Event{
		Title:             req.GetTitle(),
		Description:       req.GetDescription(),
		ProgrammeID:       req.GetProgrammeId(),
		Themes:            req.GetThemes(),
		RoomID:            req.GetRoomId(),
		Location:          req.GetLocation(),
		StartsAt:          req.GetStartsAt().AsTime(),
		EndsAt:            req.GetEndsAt().AsTime(),
		Capacity:          int(req.GetCapacity()),
		Visibility:        domain.Visibility(req.GetVisibility()),
		HostAmbassadorIDs: req.GetHostAmbassadorIds(),
		Accessibility:     protoconv.AccessibilityFrom(req.GetAccessibility()),
	}
	p, err := s.app.Propose(ctx, e, id.AmbassadorID, req.Capacity != nil)
	if err != nil {
		return nil, s.toStatus(ctx, "propose event", err)
	}
	return &eventsv1.ProposeEventResponse{Event: eventFor(ctx, p)}, nil
}

// ApproveEvent implements eventsv1.EventsServiceServer.
func (s *Server) ApproveEvent(ctx context.Context, req *eventsv1.ApproveEventRequest) (*eventsv1.ApproveEventResponse, error) {
	if err := identity.Require(ctx, identity.RoleOrganiser); err != nil {
		return nil, err
	}
	e, err := s.app.Approve(ctx, req.GetEventId(), req.GetPublish())
	if err != nil {
		return nil, s.toStatus(ctx, "approve event", err)
	}
	return &eventsv1.ApproveEventResponse{Event: eventFor(ctx, e)}, nil
}

// DeclineEvent implements eventsv1.EventsServiceServer.
func (s *Server) DeclineEvent(ctx context.Context, req *eventsv1.DeclineEventRequest) (*eventsv1.DeclineEventResponse, error) {
	if err := identity.Require(ctx, identity.RoleOrganiser); err != nil {
		return nil, err
	}
	e, err := s.app.Decline(ctx, req.GetEventId(), req.GetReason())
	if err != nil {
		return nil, s.toStatus(ctx, "decline event", err)
	}
	return &eventsv1.DeclineEventResponse{Event: eventFor(ctx, e)}, nil
}

// GetEventCalendar implements eventsv1.EventsServiceServer.
func (s *Server) GetEventCalendar(ctx context.Context, req *eventsv1.GetEventCalendarRequest) (*eventsv1.GetEventCalendarResponse, error) {
	e, err := s.app.GetEvent(ctx, req.GetEventId())
	if err != nil {
		return nil, s.toStatus(ctx, "event calendar", err)
	}
	if !visible(ctx, e) {
		return nil, status.Error(codes.NotFound, "not found")
	}
	place, err := s.app.Place(ctx, e)
	if err != nil {
		return nil, s.toStatus(ctx, "event calendar", err)
	}
	ics := calendar.Build([]calendar.Entry{{Event: e, Location: place}}, e.Title, s.app.Now())
	return &eventsv1.GetEventCalendarResponse{Ics: ics}, nil
}

// GetCalendar implements eventsv1.EventsServiceServer. Anyone gets the
// public events (cancelled ones too, so that subscribed calendars drop
// them); organisers get every event except proposals.
func (s *Server) GetCalendar(ctx context.Context, req *eventsv1.GetCalendarRequest) (*eventsv1.GetCalendarResponse, error) {
	events, err := s.app.CalendarEvents(ctx, req.GetProgrammeId(), req.GetVenueId())
	if err != nil {
		return nil, s.toStatus(ctx, "calendar", err)
	}
	org := organiser(ctx)
	places := map[string]string{}
	var entries []calendar.Entry
	for _, e := range events {
		switch {
		case e.Status == domain.StatusProposed || e.Status == domain.StatusDeclined:
			continue
		case !org && (e.Visibility != domain.VisibilityPublic || !e.VisibleToPublic()):
			continue
		}
		key := e.RoomID + "\x00" + e.Location
		place, ok := places[key]
		if !ok {
			if place, err = s.app.Place(ctx, e); err != nil {
				return nil, s.toStatus(ctx, "calendar", err)
			}
			places[key] = place
		}
		entries = append(entries, calendar.Entry{Event: e, Location: place})
	}
	return &eventsv1.GetCalendarResponse{Ics: calendar.Build(entries, "Plein", s.app.Now())}, nil
}
