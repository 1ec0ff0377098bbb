package grpcapi

import (
	"context"

	registrationsv1 "plein.dev/proto/gen/plein/registrations/v1"
)

// GetRegistrationCalendar implements registrationsv1.RegistrationsServiceServer.
func (s *Server) GetRegistrationCalendar(ctx context.Context, req *registrationsv1.GetRegistrationCalendarRequest) (*registrationsv1.GetRegistrationCalendarResponse, error) {
	data, err := s.app.Calendar(ctx, req.GetRegistrationId(), req.GetToken())
	if err != nil {
		return nil, s.status(ctx, "calendar", err)
	}
	return &registrationsv1.GetRegistrationCalendarResponse{Data: data}, nil
}
