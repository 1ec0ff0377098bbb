package grpcapi

import (
	"context"

	"plein.dev/ambassadors/internal/app"
	"plein.dev/ambassadors/internal/domain"
	"plein.dev/ambassadors/internal/protoconv"
	"plein.dev/platform/page"
	ambassadorsv1 "plein.dev/proto/gen/plein/ambassadors/v1"
)

// CreateProgramme implements ambassadorsv1.AmbassadorsServiceServer.
func (s *Server) CreateProgramme(ctx context.Context, req *ambassadorsv1.CreateProgrammeRequest) (*ambassadorsv1.CreateProgrammeResponse, error) {
	startsOn, err := domain.ParseDate("startsOn", req.GetStartsOn())
	if err != nil {
		return nil, s.status(ctx, "create programme", err)
	}
	endsOn, err := domain.ParseDate("endsOn", req.GetEndsOn())
	if err != nil {
		return nil, s.status(ctx, "create programme", err)
	}
	p, err := s.app.CreateProgramme(ctx, domain.Programme{
		Name:         req.GetName(),
		Municipality: req.GetMunicipality(),
		Description:  req.GetDescription(),
		Themes:       req.GetThemes(),
		StartsOn:     startsOn,
		EndsOn:       endsOn,
		Targets:      targets(req.GetTargets()),
		Owners:       req.GetOwnerOrganisationIds(),
		Partners:     partners(req.GetPartners()),
		Contacts:     contacts(req.GetContacts()),
		Areas:        req.GetAreas(),
		ThemeParents: req.GetThemeParents(),
		Indicators:   indicators(req.GetIndicators()),
	})
	if err != nil {
		return nil, s.status(ctx, "create programme", err)
	}
	return &ambassadorsv1.CreateProgrammeResponse{Programme: protoconv.Programme(p)}, nil
}

func targets(ts []*ambassadorsv1.Target) []domain.Target {
	out := make([]domain.Target, 0, len(ts))
	for _, t := range ts {
		out = append(out, domain.Target{Metric: t.GetMetric(), Value: int(t.GetValue()), Kind: domain.Kind(t.GetKind()),
			Theme: t.GetTheme(), Scope: t.GetScope(), Period: t.GetPeriod()})
	}
	return out
}

func partners(ps []*ambassadorsv1.Partner) []domain.Partner {
	out := make([]domain.Partner, 0, len(ps))
	for _, x := range ps {
		out = append(out, domain.Partner{OrganisationID: x.GetOrganisationId(), Role: x.GetRole()})
	}
	return out
}

// GetProgramme implements ambassadorsv1.AmbassadorsServiceServer.
func (s *Server) GetProgramme(ctx context.Context, req *ambassadorsv1.GetProgrammeRequest) (*ambassadorsv1.GetProgrammeResponse, error) {
	p, err := s.app.GetProgramme(ctx, req.GetProgrammeId())
	if err != nil {
		return nil, s.status(ctx, "get programme", err)
	}
	return &ambassadorsv1.GetProgrammeResponse{Programme: protoconv.Programme(p)}, nil
}

// ListProgrammes implements ambassadorsv1.AmbassadorsServiceServer.
func (s *Server) ListProgrammes(ctx context.Context, req *ambassadorsv1.ListProgrammesRequest) (*ambassadorsv1.ListProgrammesResponse, error) {
	r, err := page.Parse[app.ProgrammeCursor](req.GetPageToken(), req.GetPageSize())
	if err != nil {
		return nil, s.status(ctx, "list programmes", err)
	}
	list, next, err := s.app.ListProgrammes(ctx, req.GetManaged(), r)
	if err != nil {
		return nil, s.status(ctx, "list programmes", err)
	}
	resp := &ambassadorsv1.ListProgrammesResponse{Items: make([]*ambassadorsv1.Programme, 0, len(list)), NextPageToken: next}
	for _, p := range list {
		resp.Items = append(resp.Items, protoconv.Programme(p))
	}
	return resp, nil
}

// UpdateProgramme implements ambassadorsv1.AmbassadorsServiceServer.
func (s *Server) UpdateProgramme(ctx context.Context, req *ambassadorsv1.UpdateProgrammeRequest) (*ambassadorsv1.UpdateProgrammeResponse, error) {
	endsOn, err := optDate("endsOn", req.EndsOn)
	if err != nil {
		return nil, s.status(ctx, "update programme", err)
	}
	c := app.ProgrammeChange{
		Name:        req.Name,
		Description: req.Description,
		EndsOn:      endsOn,
		Close:       req.GetStatus() == string(domain.ProgrammeClosed),
	}
	if req.GetSetThemes() {
		themes := req.GetThemes()
		c.Themes = &themes
	}
	if req.GetSetTargets() {
		ts := targets(req.GetTargets())
		c.Targets = &ts
	}
	if req.GetSetOwnerOrganisationIds() {
		owners := req.GetOwnerOrganisationIds()
		c.Owners = &owners
	}
	if req.GetSetPartners() {
		ps := partners(req.GetPartners())
		c.Partners = &ps
	}
	outlineChange(req, &c) // outline.go
	p, err := s.app.UpdateProgramme(ctx, req.GetProgrammeId(), c)
	if err != nil {
		return nil, s.status(ctx, "update programme", err)
	}
	return &ambassadorsv1.UpdateProgrammeResponse{Programme: protoconv.Programme(p)}, nil
}
