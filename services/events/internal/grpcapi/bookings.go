package grpcapi

import (
	"context"
	"time"

	"google.golang.org/protobuf/types/known/timestamppb"

	"plein.dev/events/internal/protoconv"
	eventsv1 "plein.dev/proto/gen/plein/events/v1"
)

// ListRoomBookings implements eventsv1.EventsServiceServer.
func (s *Server) ListRoomBookings(ctx context.Context, req *eventsv1.ListRoomBookingsRequest) (*eventsv1.ListRoomBookingsResponse, error) {
	bookings, err := s.app.RoomBookings(ctx, req.GetRoomId(), optTime(req.GetFrom()), optTime(req.GetTo()))
	if err != nil {
		return nil, s.status(ctx, "room bookings", err)
	}
	resp := &eventsv1.ListRoomBookingsResponse{Items: make([]*eventsv1.Booking, 0, len(bookings))}
	for _, b := range bookings {
		resp.Items = append(resp.Items, protoconv.Booking(b))
	}
	return resp, nil
}

// ListFreeSlots implements eventsv1.EventsServiceServer.
func (s *Server) ListFreeSlots(ctx context.Context, req *eventsv1.ListFreeSlotsRequest) (*eventsv1.ListFreeSlotsResponse, error) {
	slots, err := s.app.FreeSlots(ctx, req.GetRoomId(), req.GetFrom().AsTime(), req.GetTo().AsTime(),
		time.Duration(req.GetDurationMinutes())*time.Minute)
	if err != nil {
		return nil, s.status(ctx, "free slots", err)
	}
	resp := &eventsv1.ListFreeSlotsResponse{Items: make([]*eventsv1.TimeSlot, 0, len(slots))}
	for _, f := range slots {
		resp.Items = append(resp.Items, &eventsv1.TimeSlot{StartsAt: timestamppb.New(f.Start), EndsAt: timestamppb.New(f.End)})
	}
	return resp, nil
}

// GetRoomOccupancy implements eventsv1.EventsServiceServer.
func (s *Server) GetRoomOccupancy(ctx context.Context, req *eventsv1.GetRoomOccupancyRequest) (*eventsv1.GetRoomOccupancyResponse, error) {
	o, err := s.app.RoomOccupancy(ctx, req.GetRoomId(), req.GetMonth())
	if err != nil {
		return nil, s.status(ctx, "room occupancy", err)
	}
	return &eventsv1.GetRoomOccupancyResponse{RoomId: req.GetRoomId(), Month: req.GetMonth(),
		BookedHours: o.Booked.Hours(), BookableHours: o.Bookable.Hours(), Ratio: o.Ratio()}, nil
}
