package grpcapi

import (
	"context"

	"plein.dev/ambassadors/internal/protoconv"
	ambassadorsv1 "plein.dev/proto/gen/plein/ambassadors/v1"
)

// ReviewActivity implements ambassadorsv1.AmbassadorsServiceServer: an
// organiser approves an activity or returns it with a comment.
func (s *Server) ReviewActivity(ctx context.Context, req *ambassadorsv1.ReviewActivityRequest) (*ambassadorsv1.ReviewActivityResponse, error) {
	x, err := s.app.ReviewActivity(ctx, req.GetActivityId(), req.GetDecision(), req.GetComment())
	if err != nil {
		return nil, s.status(ctx, "review activity", err)
	}
	return &ambassadorsv1.ReviewActivityResponse{Activity: protoconv.Activity(x)}, nil
}
