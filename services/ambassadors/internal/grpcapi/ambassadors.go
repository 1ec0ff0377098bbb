package grpcapi

import (
	"context"

	"plein.dev/ambassadors/internal/app"
	"plein.dev/ambassadors/internal/domain"
	"plein.dev/ambassadors/internal/protoconv"
	"plein.dev/platform/identity"
	"plein.dev/platform/pagetoken"
	ambassadorsv1 "plein.dev/proto/gen/plein/ambassadors/v1"
)

// ambassador returns the protobuf form of a for the caller: the e-mail
// address and the leaderboard choice only for organisers and the ambassador
// themself.
func ambassador(ctx context.Context, a domain.Ambassador) *ambassadorsv1.Ambassador {
	p := protoconv.Ambassador(a)
	if !actor(ctx).MayActFor(a.ID) {
		p.Email = ""
		p.LeaderboardOptOut = false
	}
	return p
}

// AppointAmbassador implements ambassadorsv1.AmbassadorsServiceServer.
func (s *Server) AppointAmbassador(ctx context.Context, req *ambassadorsv1.AppointAmbassadorRequest) (*ambassadorsv1.AppointAmbassadorResponse, error) {
	if err := identity.Require(ctx, identity.RoleOrganiser); err != nil {
		return nil, err
	}
	appointedOn, err := date("appointedOn", req.GetAppointedOn())
	if err != nil {
		return nil, err
	}
	termEndsOn, err := date("termEndsOn", req.GetTermEndsOn())
	if err != nil {
		return nil, err
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
		return nil, s.toStatus(ctx, "appoint ambassador", err)
	}
	return &ambassadorsv1.AppointAmbassadorResponse{Ambassador: ambassador(ctx, a)}, nil
}

// GetAmbassador implements ambassadorsv1.AmbassadorsServiceServer. It is
// public; the e-mail address is left out unless the caller may see it.
func (s *Server) GetAmbassador(ctx context.Context, req *ambassadorsv1.GetAmbassadorRequest) (*ambassadorsv1.GetAmbassadorResponse, error) {
	a, err := s.app.GetAmbassador(ctx, req.GetAmbassadorId())
	if err != nil {
		return nil, s.toStatus(ctx, "get ambassador", err)
	}
	return &ambassadorsv1.GetAmbassadorResponse{Ambassador: ambassador(ctx, a)}, nil
}

type ambassadorCursor struct {
	Name string `json:"n"`
	ID   string `json:"i"`
}

// ListAmbassadors implements ambassadorsv1.AmbassadorsServiceServer.
func (s *Server) ListAmbassadors(ctx context.Context, req *ambassadorsv1.ListAmbassadorsRequest) (*ambassadorsv1.ListAmbassadorsResponse, error) {
	var cur ambassadorCursor
	if err := pagetoken.Decode(req.GetPageToken(), &cur); err != nil {
		return nil, s.toStatus(ctx, "list ambassadors", err)
	}
	size := pagetoken.Size(req.GetPageSize(), 50, 200)
	list, err := s.app.ListAmbassadors(ctx, req.GetProgrammeId(), cur.Name, cur.ID, size+1)
	if err != nil {
		return nil, s.toStatus(ctx, "list ambassadors", err)
	}
	resp := &ambassadorsv1.ListAmbassadorsResponse{Items: []*ambassadorsv1.Ambassador{}}
	if len(list) > size {
		list = list[:size]
		last := list[size-1]
		if resp.NextPageToken, err = pagetoken.Encode(ambassadorCursor{Name: last.Name, ID: last.ID}); err != nil {
			return nil, s.toStatus(ctx, "list ambassadors", err)
		}
	}
	for _, a := range list {
		resp.Items = append(resp.Items, ambassador(ctx, a))
	}
	return resp, nil
}

// UpdateAmbassador implements ambassadorsv1.AmbassadorsServiceServer.
func (s *Server) UpdateAmbassador(ctx context.Context, req *ambassadorsv1.UpdateAmbassadorRequest) (*ambassadorsv1.UpdateAmbassadorResponse, error) {
	if err := identity.Require(ctx, identity.RoleOrganiser); err != nil {
		return nil, err
	}
	termEndsOn, err := optDate("termEndsOn", req.TermEndsOn)
	if err != nil {
		return nil, err
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
		return nil, s.toStatus(ctx, "update ambassador", err)
	}
	return &ambassadorsv1.UpdateAmbassadorResponse{Ambassador: ambassador(ctx, a)}, nil
}
