package grpcapi

import (
	"context"

	"plein.dev/platform/page"
	"plein.dev/platform/requestkey"
	registrationsv1 "plein.dev/proto/gen/plein/registrations/v1"
	"plein.dev/registrations/internal/app"
	"plein.dev/registrations/internal/domain"
	"plein.dev/registrations/internal/protoconv"
)

// CreateRegistration implements registrationsv1.RegistrationsServiceServer.
func (s *Server) CreateRegistration(ctx context.Context, req *registrationsv1.CreateRegistrationRequest) (*registrationsv1.CreateRegistrationResponse, error) {
	r := app.RegisterRequest{
		EventID:        req.GetEventId(),
		Name:           req.GetName(),
		Email:          req.GetEmail(),
		Organisation:   req.GetOrganisation(),
		KvKNumber:      req.GetKvkNumber(),
		InviteCode:     req.GetInviteCode(),
		ConsentVersion: req.GetConsentVersion(),
		Language:       req.GetLanguage(),
		RequestKey:     requestkey.FromIncoming(ctx),
	}
	for _, a := range req.GetAnswers() {
		r.Answers = append(r.Answers, domain.Answer{QuestionID: a.GetQuestionId(), Values: a.GetValues()})
	}
	reg, token, err := s.app.Register(ctx, r)
	if err != nil {
		return nil, s.status(ctx, "register", err)
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
	reg, err := s.app.Get(ctx, req.GetRegistrationId(), req.GetToken())
	if err != nil {
		return nil, s.status(ctx, "get registration", err)
	}
	return &registrationsv1.GetRegistrationResponse{Registration: protoconv.Registration(reg)}, nil
}

// CancelRegistration implements registrationsv1.RegistrationsServiceServer.
func (s *Server) CancelRegistration(ctx context.Context, req *registrationsv1.CancelRegistrationRequest) (*registrationsv1.CancelRegistrationResponse, error) {
	if err := s.app.Cancel(ctx, req.GetRegistrationId(), req.GetToken()); err != nil {
		return nil, s.status(ctx, "cancel registration", err)
	}
	return &registrationsv1.CancelRegistrationResponse{}, nil
}

// ListEventRegistrations implements registrationsv1.RegistrationsServiceServer.
func (s *Server) ListEventRegistrations(ctx context.Context, req *registrationsv1.ListEventRegistrationsRequest) (*registrationsv1.ListEventRegistrationsResponse, error) {
	p, err := page.Parse[app.RegistrationCursor](req.GetPageToken(), req.GetPageSize())
	if err != nil {
		return nil, s.status(ctx, "list registrations", err)
	}
	q := app.RegistrationQuery{EventID: req.GetEventId(), Status: domain.Status(req.GetStatus()), Text: req.GetQ(),
		CheckedIn: req.CheckedIn}
	regs, next, err := s.app.List(ctx, q, p)
	if err != nil {
		return nil, s.status(ctx, "list registrations", err)
	}
	resp := &registrationsv1.ListEventRegistrationsResponse{Items: make([]*registrationsv1.Registration, 0, len(regs)), NextPageToken: next}
	for _, r := range regs {
		resp.Items = append(resp.Items, protoconv.Registration(r))
	}
	return resp, nil
}
