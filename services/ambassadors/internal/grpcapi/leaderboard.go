package grpcapi

import (
	"context"

	"plein.dev/ambassadors/internal/protoconv"
	ambassadorsv1 "plein.dev/proto/gen/plein/ambassadors/v1"
)

// SetLeaderboardOptOut implements ambassadorsv1.AmbassadorsServiceServer.
func (s *Server) SetLeaderboardOptOut(ctx context.Context, req *ambassadorsv1.SetLeaderboardOptOutRequest) (*ambassadorsv1.SetLeaderboardOptOutResponse, error) {
	a, err := s.app.SetLeaderboardOptOut(ctx, req.GetAmbassadorId(), req.GetOptOut())
	if err != nil {
		return nil, s.status(ctx, "leaderboard opt-out", err)
	}
	return &ambassadorsv1.SetLeaderboardOptOutResponse{Ambassador: protoconv.Ambassador(a)}, nil
}
