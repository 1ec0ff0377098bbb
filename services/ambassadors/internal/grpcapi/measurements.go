package grpcapi

import (
	"context"

	"google.golang.org/protobuf/types/known/timestamppb"

	"plein.dev/ambassadors/internal/app"
	"plein.dev/ambassadors/internal/domain"
	"plein.dev/platform/page"
	ambassadorsv1 "plein.dev/proto/gen/plein/ambassadors/v1"
)

func measurement(m domain.Measurement) *ambassadorsv1.Measurement {
	return &ambassadorsv1.Measurement{Id: m.ID, ProgrammeId: m.ProgrammeID, Indicator: m.Indicator, Value: m.Value,
		On: string(m.On), Source: m.Source, Note: m.Note, CreatedAt: timestamppb.New(m.CreatedAt)}
}

// RecordMeasurement implements ambassadorsv1.AmbassadorsServiceServer.
func (s *Server) RecordMeasurement(ctx context.Context, req *ambassadorsv1.RecordMeasurementRequest) (*ambassadorsv1.RecordMeasurementResponse, error) {
	on, err := domain.ParseDate("on", req.GetOn())
	if err != nil {
		return nil, s.status(ctx, "record measurement", err)
	}
	m, err := s.app.RecordMeasurement(ctx, domain.Measurement{ProgrammeID: req.GetProgrammeId(),
		Indicator: req.GetIndicator(), Value: req.GetValue(), On: on, Source: req.GetSource(), Note: req.GetNote()})
	if err != nil {
		return nil, s.status(ctx, "record measurement", err)
	}
	return &ambassadorsv1.RecordMeasurementResponse{Measurement: measurement(m)}, nil
}

// ListMeasurements implements ambassadorsv1.AmbassadorsServiceServer.
func (s *Server) ListMeasurements(ctx context.Context, req *ambassadorsv1.ListMeasurementsRequest) (*ambassadorsv1.ListMeasurementsResponse, error) {
	r, err := page.Parse[app.MeasurementCursor](req.GetPageToken(), req.GetPageSize())
	if err != nil {
		return nil, s.status(ctx, "list measurements", err)
	}
	list, next, err := s.app.ListMeasurements(ctx, req.GetProgrammeId(), req.GetIndicator(), r)
	if err != nil {
		return nil, s.status(ctx, "list measurements", err)
	}
	resp := &ambassadorsv1.ListMeasurementsResponse{Items: make([]*ambassadorsv1.Measurement, 0, len(list)), NextPageToken: next}
	for _, m := range list {
		resp.Items = append(resp.Items, measurement(m))
	}
	return resp, nil
}

// DeleteMeasurement implements ambassadorsv1.AmbassadorsServiceServer.
func (s *Server) DeleteMeasurement(ctx context.Context, req *ambassadorsv1.DeleteMeasurementRequest) (*ambassadorsv1.DeleteMeasurementResponse, error) {
	if err := s.app.DeleteMeasurement(ctx, req.GetProgrammeId(), req.GetMeasurementId()); err != nil {
		return nil, s.status(ctx, "delete measurement", err)
	}
	return &ambassadorsv1.DeleteMeasurementResponse{}, nil
}
