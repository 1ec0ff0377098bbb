// Package grpcapi serves the ambassadors service's gRPC API: it maps
// protobuf to domain types, checks the caller's role and maps domain errors
// to gRPC statuses.
package grpcapi

import (
	"context"
	"errors"
	"log/slog"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"plein.dev/ambassadors/internal/app"
	"plein.dev/ambassadors/internal/domain"
	"plein.dev/ambassadors/internal/protoconv"
	"plein.dev/platform/identity"
	"plein.dev/platform/pagetoken"
	"plein.dev/platform/rpcerr"
	ambassadorsv1 "plein.dev/proto/gen/plein/ambassadors/v1"
)

// Server implements ambassadorsv1.AmbassadorsServiceServer.
type Server struct {
	ambassadorsv1.UnimplementedAmbassadorsServiceServer
	app *app.Service
	log *slog.Logger
}

// New returns the gRPC server of the ambassadors service.
func New(a *app.Service, log *slog.Logger) *Server {
	return &Server{app: a, log: log}
}

// toStatus maps the service's errors to gRPC statuses; anything unknown is
// logged and answered as Internal without detail.
func (s *Server) toStatus(ctx context.Context, op string, err error) error {
	var ve *domain.ValidationError
	var ce *domain.ConflictError
	switch {
	case err == nil:
		return nil
	case errors.As(err, &ve):
		return rpcerr.Invalid(codes.FailedPrecondition, ve.Error(), rpcerr.Violation{Field: ve.Field, Reason: ve.Reason})
	case errors.As(err, &ce):
		return rpcerr.Invalid(codes.AlreadyExists, ce.Error(), rpcerr.Violation{Field: ce.Field, Reason: ce.Reason})
	case errors.Is(err, domain.ErrNotFound):
		return status.Error(codes.NotFound, "not found")
	case errors.Is(err, domain.ErrForbidden):
		return status.Error(codes.PermissionDenied, "ambassadors may act on their own activities only")
	case errors.Is(err, domain.ErrClosed):
		return status.Error(codes.FailedPrecondition, domain.ErrClosed.Error())
	case errors.Is(err, domain.ErrTermEnded):
		return status.Error(codes.FailedPrecondition, domain.ErrTermEnded.Error()+": alumni no longer log or change activities")
	case errors.Is(err, pagetoken.ErrInvalid):
		return rpcerr.Invalid(codes.InvalidArgument, "invalid page token", rpcerr.Violation{Field: "pageToken", Reason: "not a token this API gave"})
	}
	return rpcerr.Internal(ctx, s.log, op, err)
}

// actor is the caller as the rules see it. The ambassador id counts only
// for callers with the ambassador role.
func actor(ctx context.Context) domain.Actor {
	id := identity.FromContext(ctx)
	a := domain.Actor{Organiser: id.Has(identity.RoleOrganiser)}
	if id.Has(identity.RoleAmbassador) {
		a.AmbassadorID = id.AmbassadorID
	}
	return a
}

// date parses a YYYY-MM-DD input; an impossible date such as 2025-02-30 is
// malformed input.
func date(field, s string) (domain.Date, error) {
	d, err := domain.ParseDate(field, s)
	if err != nil {
		return "", rpcerr.Invalid(codes.InvalidArgument, "invalid date", rpcerr.Violation{Field: field, Reason: "must be a date YYYY-MM-DD"})
	}
	return d, nil
}

func optDate(field string, s *string) (*domain.Date, error) {
	if s == nil {
		return nil, nil
	}
	d, err := date(field, *s)
	if err != nil {
		return nil, err
	}
	return &d, nil
}

// CreateProgramme implements ambassadorsv1.AmbassadorsServiceServer.
func (s *Server) CreateProgramme(ctx context.Context, req *ambassadorsv1.CreateProgrammeRequest) (*ambassadorsv1.CreateProgrammeResponse, error) {
	if err := identity.Require(ctx, identity.RoleOrganiser); err != nil {
		return nil, err
	}
	startsOn, err := date("startsOn", req.GetStartsOn())
	if err != nil {
		return nil, err
	}
	endsOn, err := date("endsOn", req.GetEndsOn())
	if err != nil {
		return nil, err
	}
	p, err := s.app.CreateProgramme(ctx, domain.Programme{
		Name:         req.GetName(),
		Municipality: req.GetMunicipality(),
		Description:  req.GetDescription(),
		Themes:       req.GetThemes(),
		StartsOn:     startsOn,
		EndsOn:       endsOn,
		Targets:      targets(req.GetTargets()),
	})
	if err != nil {
		return nil, s.toStatus(ctx, "create programme", err)
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

// GetProgramme implements ambassadorsv1.AmbassadorsServiceServer.
func (s *Server) GetProgramme(ctx context.Context, req *ambassadorsv1.GetProgrammeRequest) (*ambassadorsv1.GetProgrammeResponse, error) {
	p, err := s.app.GetProgramme(ctx, req.GetProgrammeId())
	if err != nil {
		return nil, s.toStatus(ctx, "get programme", err)
	}
	return &ambassadorsv1.GetProgrammeResponse{Programme: protoconv.Programme(p)}, nil
}

type programmeCursor struct {
	Start string `json:"s"`
	ID    string `json:"i"`
}

// ListProgrammes implements ambassadorsv1.AmbassadorsServiceServer.
func (s *Server) ListProgrammes(ctx context.Context, req *ambassadorsv1.ListProgrammesRequest) (*ambassadorsv1.ListProgrammesResponse, error) {
	var cur programmeCursor
	if err := pagetoken.Decode(req.GetPageToken(), &cur); err != nil {
		return nil, s.toStatus(ctx, "list programmes", err)
	}
	size := pagetoken.Size(req.GetPageSize(), 50, 200)
	list, err := s.app.ListProgrammes(ctx, domain.Date(cur.Start), cur.ID, size+1)
	if err != nil {
		return nil, s.toStatus(ctx, "list programmes", err)
	}
	resp := &ambassadorsv1.ListProgrammesResponse{Items: []*ambassadorsv1.Programme{}}
	if len(list) > size {
		list = list[:size]
		last := list[size-1]
		if resp.NextPageToken, err = pagetoken.Encode(programmeCursor{Start: string(last.StartsOn), ID: last.ID}); err != nil {
			return nil, s.toStatus(ctx, "list programmes", err)
		}
	}
	for _, p := range list {
		resp.Items = append(resp.Items, protoconv.Programme(p))
	}
	return resp, nil
}

// UpdateProgramme implements ambassadorsv1.AmbassadorsServiceServer.
func (s *Server) UpdateProgramme(ctx context.Context, req *ambassadorsv1.UpdateProgrammeRequest) (*ambassadorsv1.UpdateProgrammeResponse, error) {
	if err := identity.Require(ctx, identity.RoleOrganiser); err != nil {
		return nil, err
	}
	endsOn, err := optDate("endsOn", req.EndsOn)
	if err != nil {
		return nil, err
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
	p, err := s.app.UpdateProgramme(ctx, req.GetProgrammeId(), c)
	if err != nil {
		return nil, s.toStatus(ctx, "update programme", err)
	}
	return &ambassadorsv1.UpdateProgrammeResponse{Programme: protoconv.Programme(p)}, nil
}

// GetProgrammeReport implements ambassadorsv1.AmbassadorsServiceServer.
func (s *Server) GetProgrammeReport(ctx context.Context, req *ambassadorsv1.GetProgrammeReportRequest) (*ambassadorsv1.GetProgrammeReportResponse, error) {
	if err := identity.Require(ctx, identity.RoleOrganiser); err != nil {
		return nil, err
	}
	var from, to domain.Date
	var err error
	if req.GetFrom() != "" {
		if from, err = date("from", req.GetFrom()); err != nil {
			return nil, err
		}
	}
	if req.GetTo() != "" {
		if to, err = date("to", req.GetTo()); err != nil {
			return nil, err
		}
	}
	r, err := s.app.Report(ctx, req.GetProgrammeId(), from, to)
	if err != nil {
		return nil, s.toStatus(ctx, "programme report", err)
	}
	return protoconv.Report(r), nil
}
