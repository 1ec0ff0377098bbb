package grpcapi

import (
	"context"

	"plein.dev/ambassadors/internal/protoconv"
	ambassadorsv1 "plein.dev/proto/gen/plein/ambassadors/v1"
)

// GetAmbassadorProgress implements ambassadorsv1.AmbassadorsServiceServer.
func (s *Server) GetAmbassadorProgress(ctx context.Context, req *ambassadorsv1.GetAmbassadorProgressRequest) (*ambassadorsv1.GetAmbassadorProgressResponse, error) {
	a, ps, today, err := s.app.AmbassadorProgress(ctx, req.GetAmbassadorId())
	if err != nil {
		return nil, s.status(ctx, "ambassador progress", err)
	}
	return &ambassadorsv1.GetAmbassadorProgressResponse{AsOf: string(today), Progress: protoconv.AmbassadorProgress(a, ps)}, nil
}

// GetProgrammeProgress implements ambassadorsv1.AmbassadorsServiceServer.
func (s *Server) GetProgrammeProgress(ctx context.Context, req *ambassadorsv1.GetProgrammeProgressRequest) (*ambassadorsv1.GetProgrammeProgressResponse, error) {
	ps, people, today, err := s.app.ProgrammeProgress(ctx, req.GetProgrammeId())
	if err != nil {
		return nil, s.status(ctx, "programme progress", err)
	}
	resp := &ambassadorsv1.GetProgrammeProgressResponse{ProgrammeId: req.GetProgrammeId(), AsOf: string(today),
		Targets: protoconv.Progress(ps), Ambassadors: make([]*ambassadorsv1.AmbassadorProgress, 0, len(people))}
	for _, p := range people {
		resp.Ambassadors = append(resp.Ambassadors, protoconv.AmbassadorProgress(p.Ambassador, p.Targets))
	}
	return resp, nil
}
