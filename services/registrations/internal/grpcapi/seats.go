package grpcapi

import (
	"context"

	registrationsv1 "plein.dev/proto/gen/plein/registrations/v1"
	"plein.dev/registrations/internal/protoconv"
)

// GetSeats implements registrationsv1.RegistrationsServiceServer.
func (s *Server) GetSeats(ctx context.Context, req *registrationsv1.GetSeatsRequest) (*registrationsv1.GetSeatsResponse, error) {
	seats, err := s.app.Seats(ctx, req.GetEventId())
	if err != nil {
		return nil, s.status(ctx, "seats", err)
	}
	return &registrationsv1.GetSeatsResponse{Seats: protoconv.Seats(seats), Version: seats.Version}, nil
}
