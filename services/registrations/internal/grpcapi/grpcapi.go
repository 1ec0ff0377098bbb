// Package grpcapi serves the registrations service's gRPC API.
package grpcapi

import (
	"context"
	"errors"
	"log/slog"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/timestamppb"

	"plein.dev/platform/identity"
	"plein.dev/platform/pagetoken"
	"plein.dev/platform/rpcerr"
	registrationsv1 "plein.dev/proto/gen/plein/registrations/v1"
	"plein.dev/registrations/internal/app"
	"plein.dev/registrations/internal/domain"
	"plein.dev/registrations/internal/protoconv"
	"plein.dev/registrations/internal/store"
)

// Server implements registrationsv1.RegistrationsServiceServer.
type Server struct {
	registrationsv1.UnimplementedRegistrationsServiceServer
	app *app.Service
	log *slog.Logger
}

// New returns the gRPC server of the registrations service.
func New(a *app.Service, log *slog.Logger) *Server {
	return &Server{app: a, log: log}
}

func (s *Server) toStatus(ctx context.Context, op string, err error) error {
	var re *domain.RuleError
	switch {
	case errors.As(err, &re) && re.Field != "":
		return rpcerr.Invalid(codes.FailedPrecondition, re.Reason, rpcerr.Violation{Field: re.Field, Reason: re.Reason})
	case errors.As(err, &re):
		return status.Error(codes.FailedPrecondition, re.Reason)
	case errors.Is(err, domain.ErrDuplicate):
		return status.Error(codes.AlreadyExists, domain.ErrDuplicate.Error())
	case errors.Is(err, domain.ErrNotFound):
		return status.Error(codes.NotFound, "not found")
	case errors.Is(err, pagetoken.ErrInvalid):
		return rpcerr.Invalid(codes.InvalidArgument, "invalid page token", rpcerr.Violation{Field: "pageToken", Reason: "not a token this API gave"})
	}
	return rpcerr.Internal(ctx, s.log, op, err)
}

func organiser(ctx context.Context) bool {
	return identity.FromContext(ctx).Has(identity.RoleOrganiser)
}

// CreateRegistration implements registrationsv1.RegistrationsServiceServer.
func (s *Server) CreateRegistration(ctx context.Context, req *registrationsv1.CreateRegistrationRequest) (*registrationsv1.CreateRegistrationResponse, error) {
	r := app.Request{
		EventID:        req.GetEventId(),
		Name:           req.GetName(),
		Email:          req.GetEmail(),
		Organisation:   req.GetOrganisation(),
		InviteCode:     req.GetInviteCode(),
		ConsentVersion: req.GetConsentVersion(),
	}
	for _, a := range req.GetAnswers() {
		r.Answers = append(r.Answers, domain.Answer{QuestionID: a.GetQuestionId(), Values: a.GetValues()})
	}
	reg, token, err := s.app.Register(ctx, r)
	if err != nil {
		return nil, s.toStatus(ctx, "register", err)
	}
	resp := &registrationsv1.CreateRegistrationResponse{Id: reg.ID, Status: string(reg.Status), ManageToken: token}
	if reg.Status == domain.StatusWaitlisted {
		pos := int32(reg.WaitlistPosition)
		resp.WaitlistPosition = &pos
	}
	return resp, nil
}

// GetRegistration implements registrationsv1.RegistrationsServiceServer.
func (s *Server) GetRegistration(ctx context.Context, req *registrationsv1.GetRegistrationRequest) (*registrationsv1.GetRegistrationResponse, error) {
	reg, err := s.app.Get(ctx, req.GetRegistrationId(), app.Access{Organiser: organiser(ctx), Token: req.GetToken()})
	if err != nil {
		return nil, s.toStatus(ctx, "get registration", err)
	}
	return &registrationsv1.GetRegistrationResponse{Registration: protoconv.Registration(reg)}, nil
}

// CancelRegistration implements registrationsv1.RegistrationsServiceServer.
func (s *Server) CancelRegistration(ctx context.Context, req *registrationsv1.CancelRegistrationRequest) (*registrationsv1.CancelRegistrationResponse, error) {
	a := app.Access{Organiser: organiser(ctx), Token: req.GetToken()}
	by, reason := domain.CancelledByAttendee, "cancelled by the attendee"
	if a.Organiser && a.Token == "" {
		by, reason = domain.CancelledByOrganiser, "cancelled by the organiser"
	}
	if err := s.app.Cancel(ctx, req.GetRegistrationId(), a, by, reason); err != nil {
		return nil, s.toStatus(ctx, "cancel registration", err)
	}
	return &registrationsv1.CancelRegistrationResponse{}, nil
}

// ListEventRegistrations implements registrationsv1.RegistrationsServiceServer.
func (s *Server) ListEventRegistrations(ctx context.Context, req *registrationsv1.ListEventRegistrationsRequest) (*registrationsv1.ListEventRegistrationsResponse, error) {
	if err := identity.Require(ctx, identity.RoleOrganiser); err != nil {
		return nil, err
	}
	var after int64
	if err := pagetoken.Decode(req.GetPageToken(), &after); err != nil {
		return nil, s.toStatus(ctx, "list registrations", err)
	}
	size := pagetoken.Size(req.GetPageSize(), 50, 200)
	regs, seqs, err := s.app.List(ctx, store.ListFilter{EventID: req.GetEventId(),
		Status: domain.Status(req.GetStatus()), Query: req.GetQ(), CheckedIn: req.CheckedIn,
		AfterSeq: after, Limit: size + 1})
	if err != nil {
		return nil, s.toStatus(ctx, "list registrations", err)
	}
	resp := &registrationsv1.ListEventRegistrationsResponse{Items: []*registrationsv1.Registration{}}
	if len(regs) > size {
		regs = regs[:size]
		if resp.NextPageToken, err = pagetoken.Encode(seqs[size-1]); err != nil {
			return nil, s.toStatus(ctx, "list registrations", err)
		}
	}
	for _, r := range regs {
		resp.Items = append(resp.Items, protoconv.Registration(r))
	}
	return resp, nil
}

// CheckIn implements registrationsv1.RegistrationsServiceServer.
func (s *Server) CheckIn(ctx context.Context, req *registrationsv1.CheckInRequest) (*registrationsv1.CheckInResponse, error) {
	if err := identity.Require(ctx, identity.RoleOrganiser); err != nil {
		return nil, err
	}
	at, err := s.app.CheckIn(ctx, req.GetRegistrationId())
	if err != nil {
		return nil, s.toStatus(ctx, "check in", err)
	}
	return &registrationsv1.CheckInResponse{CheckedInAt: timestamppb.New(at)}, nil
}

// GetSeats implements registrationsv1.RegistrationsServiceServer.
func (s *Server) GetSeats(ctx context.Context, req *registrationsv1.GetSeatsRequest) (*registrationsv1.GetSeatsResponse, error) {
	ev, c, err := s.app.Seats(ctx, req.GetEventId())
	if err != nil {
		return nil, s.toStatus(ctx, "seats", err)
	}
	if !organiser(ctx) && (ev.Visibility == "internal" || ev.Status == "draft") {
		return nil, status.Error(codes.NotFound, "not found")
	}
	return &registrationsv1.GetSeatsResponse{Seats: protoconv.Seats(ev.ID, ev.Capacity, c.Confirmed, c.Waitlisted)}, nil
}
