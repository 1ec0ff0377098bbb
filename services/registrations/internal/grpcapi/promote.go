package grpcapi

import (
	"context"

	registrationsv1 "plein.dev/proto/gen/plein/registrations/v1"
	"plein.dev/registrations/internal/protoconv"
)

// PromoteRegistration implements registrationsv1.RegistrationsServiceServer:
// an organiser moves one person off the waiting list into a free seat.
func (s *Server) PromoteRegistration(ctx context.Context, req *registrationsv1.PromoteRegistrationRequest) (*registrationsv1.PromoteRegistrationResponse, error) {
	reg, err := s.app.Promote(ctx, req.GetRegistrationId())
	if err != nil {
		return nil, s.status(ctx, "promote registration", err)
	}
	return &registrationsv1.PromoteRegistrationResponse{Registration: protoconv.Registration(reg)}, nil
}
