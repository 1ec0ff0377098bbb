package grpcapi

import (
	"context"

	"plein.dev/ambassadors/internal/app"
	"plein.dev/ambassadors/internal/domain"
	"plein.dev/ambassadors/internal/protoconv"
	"plein.dev/platform/page"
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

// ListProgrammeActivities implements ambassadorsv1.AmbassadorsServiceServer:
// with status pending, the organisers' review queue of a programme.
func (s *Server) ListProgrammeActivities(ctx context.Context, req *ambassadorsv1.ListProgrammeActivitiesRequest) (*ambassadorsv1.ListProgrammeActivitiesResponse, error) {
	r, err := page.Parse[app.ProgrammeActivityCursor](req.GetPageToken(), req.GetPageSize())
	if err != nil {
		return nil, s.status(ctx, "list programme activities", err)
	}
	list, next, err := s.app.ListProgrammeActivities(ctx, req.GetProgrammeId(), domain.ReviewStatus(req.GetStatus()), r)
	if err != nil {
		return nil, s.status(ctx, "list programme activities", err)
	}
	resp := &ambassadorsv1.ListProgrammeActivitiesResponse{Items: make([]*ambassadorsv1.Activity, 0, len(list)), NextPageToken: next}
	for _, x := range list {
		resp.Items = append(resp.Items, protoconv.Activity(x))
	}
	return resp, nil
}
