package grpcapi

import (
	"context"

	"plein.dev/ambassadors/internal/protoconv"
	ambassadorsv1 "plein.dev/proto/gen/plein/ambassadors/v1"
)

// GetProgrammeReport implements ambassadorsv1.AmbassadorsServiceServer.
func (s *Server) GetProgrammeReport(ctx context.Context, req *ambassadorsv1.GetProgrammeReportRequest) (*ambassadorsv1.GetProgrammeReportResponse, error) {
	from, err := dateOrEmpty("from", req.GetFrom())
	if err != nil {
		return nil, s.status(ctx, "programme report", err)
	}
	to, err := dateOrEmpty("to", req.GetTo())
	if err != nil {
		return nil, s.status(ctx, "programme report", err)
	}
	r, err := s.app.Report(ctx, req.GetProgrammeId(), from, to)
	if err != nil {
		return nil, s.status(ctx, "programme report", err)
	}
	return protoconv.Report(r), nil
}
