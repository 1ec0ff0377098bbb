package grpcapi

import (
	"context"

	eventsv1 "plein.dev/proto/gen/plein/events/v1"
)

// GetEventCalendar implements eventsv1.EventsServiceServer.
func (s *Server) GetEventCalendar(ctx context.Context, req *eventsv1.GetEventCalendarRequest) (*eventsv1.GetEventCalendarResponse, error) {
	ics, err := s.app.EventCalendar(ctx, req.GetEventId())
	if err != nil {
		return nil, s.status(ctx, "event calendar", err)
	}
	return &eventsv1.GetEventCalendarResponse{Ics: ics}, nil
}

// GetCalendar implements eventsv1.EventsServiceServer.
func (s *Server) GetCalendar(ctx context.Context, req *eventsv1.GetCalendarRequest) (*eventsv1.GetCalendarResponse, error) {
	ics, err := s.app.Calendar(ctx, req.GetProgrammeId(), req.GetVenueId())
	if err != nil {
		return nil, s.status(ctx, "calendar", err)
	}
	return &eventsv1.GetCalendarResponse{Ics: ics}, nil
}
