package grpcapi

import (
	"context"

	"plein.dev/ambassadors/internal/protoconv"
	"plein.dev/platform/identity"
	ambassadorsv1 "plein.dev/proto/gen/plein/ambassadors/v1"
)

// ReviewActivity implements ambassadorsv1.AmbassadorsServiceServer:
// organisers approve an activity or return it with a comment.
func (s *Server) ReviewActivity(ctx context.Context, req *ambassadorsv1.ReviewActivityRequest) (*ambassadorsv1.ReviewActivityResponse, error) {
	if err := identity.Require(ctx, identity.RoleOrganiser); err != nil {
		return nil, err
	}
	x, err := s.app.ReviewActivity(ctx, req.GetActivityId(), req.GetDecision(), req.GetComment())
	if err != nil {
		return nil, s.toStatus(ctx, "review activity", err)
	}
	return &ambassadorsv1.ReviewActivityResponse{Activity: protoconv.Activity(x)}, nil
}

// SetLeaderboardOptOut implements ambassadorsv1.AmbassadorsServiceServer:
// the ambassador themself or an organiser.
func (s *Server) SetLeaderboardOptOut(ctx context.Context, req *ambassadorsv1.SetLeaderboardOptOutRequest) (*ambassadorsv1.SetLeaderboardOptOutResponse, error) {
	if err := identity.Require(ctx); err != nil {
		return nil, err
	}
	a, err := s.app.SetLeaderboardOptOut(ctx, actor(ctx), req.GetAmbassadorId(), req.GetOptOut())
	if err != nil {
		return nil, s.toStatus(ctx, "leaderboard opt-out", err)
	}
	return &ambassadorsv1.SetLeaderboardOptOutResponse{Ambassador: ambassador(ctx, a)}, nil
}

// GetAmbassadorProgress implements ambassadorsv1.AmbassadorsServiceServer:
// the ambassador themself or an organiser.
func (s *Server) GetAmbassadorProgress(ctx context.Context, req *ambassadorsv1.GetAmbassadorProgressRequest) (*ambassadorsv1.GetAmbassadorProgressResponse, error) {
	if err := identity.Require(ctx); err != nil {
		return nil, err
	}
	a, ps, today, err := s.app.AmbassadorProgress(ctx, actor(ctx), req.GetAmbassadorId())
	if err != nil {
		return nil, s.toStatus(ctx, "ambassador progress", err)
	}
	return &ambassadorsv1.GetAmbassadorProgressResponse{AsOf: string(today), Progress: protoconv.AmbassadorProgress(a, ps)}, nil
}

// GetProgrammeProgress implements ambassadorsv1.AmbassadorsServiceServer:
// organisers only.
func (s *Server) GetProgrammeProgress(ctx context.Context, req *ambassadorsv1.GetProgrammeProgressRequest) (*ambassadorsv1.GetProgrammeProgressResponse, error) {
	if err := identity.Require(ctx, identity.RoleOrganiser); err != nil {
		return nil, err
	}
	ps, people, today, err := s.app.ProgrammeProgress(ctx, req.GetProgrammeId())
	if err != nil {
		return nil, s.toStatus(ctx, "programme progress", err)
	}
	resp := &ambassadorsv1.GetProgrammeProgressResponse{ProgrammeId: req.GetProgrammeId(), AsOf: string(today),
		Targets: protoconv.Progress(ps), Ambassadors: make([]*ambassadorsv1.AmbassadorProgress, 0, len(people))}
	for _, p := range people {
		resp.Ambassadors = append(resp.Ambassadors, protoconv.AmbassadorProgress(p.Ambassador, p.Targets))
	}
	return resp, nil
}
