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

// The activity RPCs are for organisers and for the ambassador the activity
// belongs to. Anonymous callers are Unauthenticated; others get NotFound
// for what does not exist and PermissionDenied for someone else's.

// LogActivity implements ambassadorsv1.AmbassadorsServiceServer.
func (s *Server) LogActivity(ctx context.Context, req *ambassadorsv1.LogActivityRequest) (*ambassadorsv1.LogActivityResponse, error) {
	if err := identity.Require(ctx); err != nil {
		return nil, err
	}
	occurredOn, err := date("occurredOn", req.GetOccurredOn())
	if err != nil {
		return nil, err
	}
	x, err := s.app.LogActivity(ctx, actor(ctx), domain.Activity{
		AmbassadorID:         req.GetAmbassadorId(),
		Kind:                 domain.Kind(req.GetKind()),
		OccurredOn:           occurredOn,
		DurationMinutes:      int(req.GetDurationMinutes()),
		Summary:              req.GetSummary(),
		EntrepreneursReached: int(req.GetEntrepreneursReached()),
		Organisations:        req.GetOrganisations(),
		Themes:               req.GetThemes(),
		EventID:              req.GetEventId(),
	})
	if err != nil {
		return nil, s.toStatus(ctx, "log activity", err)
	}
	return &ambassadorsv1.LogActivityResponse{Activity: protoconv.Activity(x)}, nil
}

type activityCursor struct {
	On string `json:"o"`
	ID string `json:"i"`
}

// ListActivities implements ambassadorsv1.AmbassadorsServiceServer.
func (s *Server) ListActivities(ctx context.Context, req *ambassadorsv1.ListActivitiesRequest) (*ambassadorsv1.ListActivitiesResponse, error) {
	if err := identity.Require(ctx); err != nil {
		return nil, err
	}
	var cur activityCursor
	if err := pagetoken.Decode(req.GetPageToken(), &cur); err != nil {
		return nil, s.toStatus(ctx, "list activities", err)
	}
	size := pagetoken.Size(req.GetPageSize(), 50, 200)
	list, err := s.app.ListActivities(ctx, actor(ctx), req.GetAmbassadorId(), domain.Date(cur.On), cur.ID, size+1)
	if err != nil {
		return nil, s.toStatus(ctx, "list activities", err)
	}
	resp := &ambassadorsv1.ListActivitiesResponse{Items: []*ambassadorsv1.Activity{}}
	if len(list) > size {
		list = list[:size]
		last := list[size-1]
		if resp.NextPageToken, err = pagetoken.Encode(activityCursor{On: string(last.OccurredOn), ID: last.ID}); err != nil {
			return nil, s.toStatus(ctx, "list activities", err)
		}
	}
	for _, x := range list {
		resp.Items = append(resp.Items, protoconv.Activity(x))
	}
	return resp, nil
}

// UpdateActivity implements ambassadorsv1.AmbassadorsServiceServer.
func (s *Server) UpdateActivity(ctx context.Context, req *ambassadorsv1.UpdateActivityRequest) (*ambassadorsv1.UpdateActivityResponse, error) {
	if err := identity.Require(ctx); err != nil {
		return nil, err
	}
	occurredOn, err := optDate("occurredOn", req.OccurredOn)
	if err != nil {
		return nil, err
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
	x, err := s.app.UpdateActivity(ctx, actor(ctx), req.GetActivityId(), c)
	if err != nil {
		return nil, s.toStatus(ctx, "update activity", err)
	}
	return &ambassadorsv1.UpdateActivityResponse{Activity: protoconv.Activity(x)}, nil
}

// DeleteActivity implements ambassadorsv1.AmbassadorsServiceServer.
func (s *Server) DeleteActivity(ctx context.Context, req *ambassadorsv1.DeleteActivityRequest) (*ambassadorsv1.DeleteActivityResponse, error) {
	if err := identity.Require(ctx); err != nil {
		return nil, err
	}
	if err := s.app.DeleteActivity(ctx, actor(ctx), req.GetActivityId()); err != nil {
		return nil, s.toStatus(ctx, "delete activity", err)
	}
	return &ambassadorsv1.DeleteActivityResponse{}, nil
}
