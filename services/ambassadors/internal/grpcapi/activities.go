package grpcapi

import (
	"context"

	"plein.dev/ambassadors/internal/app"
	"plein.dev/ambassadors/internal/domain"
	"plein.dev/ambassadors/internal/protoconv"
	"plein.dev/platform/page"
	ambassadorsv1 "plein.dev/proto/gen/plein/ambassadors/v1"
)

// LogActivity implements ambassadorsv1.AmbassadorsServiceServer.
func (s *Server) LogActivity(ctx context.Context, req *ambassadorsv1.LogActivityRequest) (*ambassadorsv1.LogActivityResponse, error) {
	occurredOn, err := domain.ParseDate("occurredOn", req.GetOccurredOn())
	if err != nil {
		return nil, s.status(ctx, "log activity", err)
	}
	x, err := s.app.LogActivity(ctx, domain.Activity{
		AmbassadorID:         req.GetAmbassadorId(),
		Kind:                 domain.Kind(req.GetKind()),
		OccurredOn:           occurredOn,
		DurationMinutes:      int(req.GetDurationMinutes()),
		Summary:              req.GetSummary(),
		EntrepreneursReached: int(req.GetEntrepreneursReached()),
		Organisations:        req.GetOrganisations(),
		Themes:               req.GetThemes(),
		EventID:              req.GetEventId(),
		Areas:                req.GetAreas(),
		Companies:            companies(req.GetCompanies()),
	})
	if err != nil {
		return nil, s.status(ctx, "log activity", err)
	}
	return &ambassadorsv1.LogActivityResponse{Activity: protoconv.Activity(x)}, nil
}

// ListActivities implements ambassadorsv1.AmbassadorsServiceServer.
func (s *Server) ListActivities(ctx context.Context, req *ambassadorsv1.ListActivitiesRequest) (*ambassadorsv1.ListActivitiesResponse, error) {
	r, err := page.Parse[app.ActivityCursor](req.GetPageToken(), req.GetPageSize())
	if err != nil {
		return nil, s.status(ctx, "list activities", err)
	}
	list, next, err := s.app.ListActivities(ctx, req.GetAmbassadorId(), r)
	if err != nil {
		return nil, s.status(ctx, "list activities", err)
	}
	resp := &ambassadorsv1.ListActivitiesResponse{Items: make([]*ambassadorsv1.Activity, 0, len(list)), NextPageToken: next}
	for _, x := range list {
		resp.Items = append(resp.Items, protoconv.Activity(x))
	}
	return resp, nil
}

// UpdateActivity implements ambassadorsv1.AmbassadorsServiceServer.
func (s *Server) UpdateActivity(ctx context.Context, req *ambassadorsv1.UpdateActivityRequest) (*ambassadorsv1.UpdateActivityResponse, error) {
	occurredOn, err := optDate("occurredOn", req.OccurredOn)
	if err != nil {
		return nil, s.status(ctx, "update activity", err)
	}
	c := app.ActivityChange{OccurredOn: occurredOn, Summary: req.Summary}
	if req.Kind != nil {
		k := domain.Kind(req.GetKind())
		c.Kind = &k
	}
	if req.DurationMinutes != nil {
		n := int(req.GetDurationMinutes())
		c.DurationMinutes = &n
	}
	if req.EntrepreneursReached != nil {
		n := int(req.GetEntrepreneursReached())
		c.EntrepreneursReached = &n
	}
	if req.GetSetOrganisations() {
		orgs := req.GetOrganisations()
		c.Organisations = &orgs
	}
	if req.GetSetThemes() {
		themes := req.GetThemes()
		c.Themes = &themes
	}
	if req.GetSetAreas() {
		areas := req.GetAreas()
		c.Areas = &areas
	}
	if req.GetSetCompanies() {
		cs := companies(req.GetCompanies())
		c.Companies = &cs
	}
	x, err := s.app.UpdateActivity(ctx, req.GetActivityId(), c)
	if err != nil {
		return nil, s.status(ctx, "update activity", err)
	}
	return &ambassadorsv1.UpdateActivityResponse{Activity: protoconv.Activity(x)}, nil
}

// DeleteActivity implements ambassadorsv1.AmbassadorsServiceServer.
func (s *Server) DeleteActivity(ctx context.Context, req *ambassadorsv1.DeleteActivityRequest) (*ambassadorsv1.DeleteActivityResponse, error) {
	if err := s.app.DeleteActivity(ctx, req.GetActivityId()); err != nil {
		return nil, s.status(ctx, "delete activity", err)
	}
	return &ambassadorsv1.DeleteActivityResponse{}, nil
}
