package grpcapi

import (
	"context"

	registrationsv1 "plein.dev/proto/gen/plein/registrations/v1"
	"plein.dev/registrations/internal/protoconv"
)

// ExportPerson implements registrationsv1.RegistrationsServiceServer.
func (s *Server) ExportPerson(ctx context.Context, req *registrationsv1.ExportPersonRequest) (*registrationsv1.ExportPersonResponse, error) {
	regs, err := s.app.PersonRegistrations(ctx, req.GetEmail())
	if err != nil {
		return nil, s.status(ctx, "export person", err)
	}
	resp := &registrationsv1.ExportPersonResponse{Items: make([]*registrationsv1.Registration, 0, len(regs))}
	for _, r := range regs {
		resp.Items = append(resp.Items, protoconv.Registration(r))
	}
	return resp, nil
}
