package grpcapi

import (
	"context"

	"plein.dev/events/internal/app"
	"plein.dev/events/internal/domain"
	"plein.dev/events/internal/protoconv"
	"plein.dev/platform/page"
	eventsv1 "plein.dev/proto/gen/plein/events/v1"
)

// CreateVenue implements eventsv1.EventsServiceServer.
func (s *Server) CreateVenue(ctx context.Context, req *eventsv1.CreateVenueRequest) (*eventsv1.CreateVenueResponse, error) {
	v, err := s.app.CreateVenue(ctx, domain.Venue{Name: req.GetName(), Address: req.GetAddress(), City: req.GetCity()})
	if err != nil {
		return nil, s.status(ctx, "create venue", err)
	}
	return &eventsv1.CreateVenueResponse{Venue: protoconv.Venue(v)}, nil
}

// UpdateVenue implements eventsv1.EventsServiceServer.
func (s *Server) UpdateVenue(ctx context.Context, req *eventsv1.UpdateVenueRequest) (*eventsv1.UpdateVenueResponse, error) {
	v, err := s.app.UpdateVenue(ctx, req.GetVenueId(), app.VenueChange{Name: req.Name, Address: req.Address, City: req.City})
	if err != nil {
		return nil, s.status(ctx, "update venue", err)
	}
	return &eventsv1.UpdateVenueResponse{Venue: protoconv.Venue(v)}, nil
}

// GetVenue implements eventsv1.EventsServiceServer.
func (s *Server) GetVenue(ctx context.Context, req *eventsv1.GetVenueRequest) (*eventsv1.GetVenueResponse, error) {
	v, err := s.app.GetVenue(ctx, req.GetVenueId())
	if err != nil {
		return nil, s.status(ctx, "get venue", err)
	}
	return &eventsv1.GetVenueResponse{Venue: protoconv.Venue(v)}, nil
}

// ListVenues implements eventsv1.EventsServiceServer.
func (s *Server) ListVenues(ctx context.Context, req *eventsv1.ListVenuesRequest) (*eventsv1.ListVenuesResponse, error) {
	r, err := page.Parse[app.VenueCursor](req.GetPageToken(), req.GetPageSize())
	if err != nil {
		return nil, s.status(ctx, "list venues", err)
	}
	venues, next, err := s.app.ListVenues(ctx, r)
	if err != nil {
		return nil, s.status(ctx, "list venues", err)
	}
	resp := &eventsv1.ListVenuesResponse{Items: make([]*eventsv1.Venue, 0, len(venues)), NextPageToken: next}
	for _, v := range venues {
		resp.Items = append(resp.Items, protoconv.Venue(v))
	}
	return resp, nil
}

// CreateRoom implements eventsv1.EventsServiceServer.
func (s *Server) CreateRoom(ctx context.Context, req *eventsv1.CreateRoomRequest) (*eventsv1.CreateRoomResponse, error) {
	r, err := s.app.CreateRoom(ctx, domain.Room{VenueID: req.GetVenueId(), Name: req.GetName(),
		Capacity: int(req.GetCapacity()), SetupMinutes: int(req.GetSetupMinutes()), Facilities: req.GetFacilities(),
		BookableHours: protoconv.BookableHoursFrom(req.GetBookableHours()),
		Blackouts:     protoconv.BlackoutsFrom(req.GetBlackouts())})
	if err != nil {
		return nil, s.status(ctx, "create room", err)
	}
	return &eventsv1.CreateRoomResponse{Room: protoconv.Room(r)}, nil
}

// UpdateRoom implements eventsv1.EventsServiceServer.
func (s *Server) UpdateRoom(ctx context.Context, req *eventsv1.UpdateRoomRequest) (*eventsv1.UpdateRoomResponse, error) {
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
		return nil, s.status(ctx, "update room", err)
	}
	return &eventsv1.UpdateRoomResponse{Room: protoconv.Room(r)}, nil
}
