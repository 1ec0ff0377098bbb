package grpcapi

import (
	"context"

	"plein.dev/ambassadors/internal/app"
	"plein.dev/ambassadors/internal/domain"
	"plein.dev/ambassadors/internal/protoconv"
	"plein.dev/platform/page"
	ambassadorsv1 "plein.dev/proto/gen/plein/ambassadors/v1"
)

// AppointAmbassador implements ambassadorsv1.AmbassadorsServiceServer.
func (s *Server) AppointAmbassador(ctx context.Context, req *ambassadorsv1.AppointAmbassadorRequest) (*ambassadorsv1.AppointAmbassadorResponse, error) {
	appointedOn, err := domain.ParseDate("appointedOn", req.GetAppointedOn())
	if err != nil {
		return nil, s.status(ctx, "appoint ambassador", err)
	}
	termEndsOn, err := domain.ParseDate("termEndsOn", req.GetTermEndsOn())
	if err != nil {
		return nil, s.status(ctx, "appoint ambassador", err)
	}
	a, err := s.app.AppointAmbassador(ctx, domain.Ambassador{
		ProgrammeID:  req.GetProgrammeId(),
		Name:         req.GetName(),
		Email:        req.GetEmail(),
		Organisation: req.GetOrganisation(),
		Sector:       req.GetSector(),
		Bio:          req.GetBio(),
		AppointedOn:  appointedOn,
		TermEndsOn:   termEndsOn,
	})
	if err != nil {
		return nil, s.status(ctx, "appoint ambassador", err)
	}
	return &ambassadorsv1.AppointAmbassadorResponse{Ambassador: protoconv.Ambassador(a)}, nil
}

// GetAmbassador implements ambassadorsv1.AmbassadorsServiceServer.
func (s *Server) GetAmbassador(ctx context.Context, req *ambassadorsv1.GetAmbassadorRequest) (*ambassadorsv1.GetAmbassadorResponse, error) {
	a, err := s.app.GetAmbassador(ctx, req.GetAmbassadorId())
	if err != nil {
		return nil, s.status(ctx, "get ambassador", err)
	}
	return &ambassadorsv1.GetAmbassadorResponse{Ambassador: protoconv.Ambassador(a)}, nil
}

// ListAmbassadors implements ambassadorsv1.AmbassadorsServiceServer.
func (s *Server) ListAmbassadors(ctx context.Context, req *ambassadorsv1.ListAmbassadorsRequest) (*ambassadorsv1.ListAmbassadorsResponse, error) {
	r, err := page.Parse[app.AmbassadorCursor](req.GetPageToken(), req.GetPageSize())
	if err != nil {
		return nil, s.status(ctx, "list ambassadors", err)
	}
	list, next, err := s.app.ListAmbassadors(ctx, req.GetProgrammeId(), r)
	if err != nil {
		return nil, s.status(ctx, "list ambassadors", err)
	}
	resp := &ambassadorsv1.ListAmbassadorsResponse{Items: make([]*ambassadorsv1.Ambassador, 0, len(list)), NextPageToken: next}
	for _, a := range list {
		resp.Items = append(resp.Items, protoconv.Ambassador(a))
	}
	return resp, nil
}

// UpdateAmbassador implements ambassadorsv1.AmbassadorsServiceServer.
func (s *Server) UpdateAmbassador(ctx context.Context, req *ambassadorsv1.UpdateAmbassadorRequest) (*ambassadorsv1.UpdateAmbassadorResponse, error) {
	termEndsOn, err := optDate("termEndsOn", req.TermEndsOn)
	if err != nil {
		return nil, s.status(ctx, "update ambassador", err)
	}
	a, err := s.app.UpdateAmbassador(ctx, req.GetAmbassadorId(), app.AmbassadorChange{
		Name:         req.Name,
		Email:        req.Email,
		Organisation: req.Organisation,
		Sector:       req.Sector,
		Bio:          req.Bio,
		TermEndsOn:   termEndsOn,
	})
	if err != nil {
		return nil, s.status(ctx, "update ambassador", err)
	}
	return &ambassadorsv1.UpdateAmbassadorResponse{Ambassador: protoconv.Ambassador(a)}, nil
}
