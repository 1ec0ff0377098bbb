package grpcapi

import (
	"context"

	"google.golang.org/protobuf/types/known/timestamppb"

	"plein.dev/platform/identity"
	registrationsv1 "plein.dev/proto/gen/plein/registrations/v1"
	"plein.dev/registrations/internal/app"
	"plein.dev/registrations/internal/domain"
	"plein.dev/registrations/internal/protoconv"
	"plein.dev/registrations/internal/render"
)

func questionsToProto(qs []domain.Question) []*registrationsv1.Question {
	out := make([]*registrationsv1.Question, 0, len(qs))
	for _, q := range qs {
		opts := q.Options
		if opts == nil {
			opts = []string{}
		}
		out = append(out, &registrationsv1.Question{Id: q.ID, Kind: q.Kind, Label: q.Label, Required: q.Required, Options: opts})
	}
	return out
}

// SetEventQuestions implements registrationsv1.RegistrationsServiceServer.
func (s *Server) SetEventQuestions(ctx context.Context, req *registrationsv1.SetEventQuestionsRequest) (*registrationsv1.SetEventQuestionsResponse, error) {
	if err := identity.Require(ctx, identity.RoleOrganiser); err != nil {
		return nil, err
	}
	qs := make([]domain.Question, 0, len(req.GetQuestions()))
	for _, q := range req.GetQuestions() {
		qs = append(qs, domain.Question{ID: q.GetId(), Kind: q.GetKind(), Label: q.GetLabel(), Required: q.GetRequired(), Options: q.GetOptions()})
	}
	out, err := s.app.SetQuestions(ctx, req.GetEventId(), qs)
	if err != nil {
		return nil, s.toStatus(ctx, "set questions", err)
	}
	return &registrationsv1.SetEventQuestionsResponse{Items: questionsToProto(out)}, nil
}

// ListEventQuestions implements registrationsv1.RegistrationsServiceServer.
func (s *Server) ListEventQuestions(ctx context.Context, req *registrationsv1.ListEventQuestionsRequest) (*registrationsv1.ListEventQuestionsResponse, error) {
	qs, err := s.app.Questions(ctx, req.GetEventId(), organiser(ctx), req.GetInviteCode())
	if err != nil {
		return nil, s.toStatus(ctx, "list questions", err)
	}
	return &registrationsv1.ListEventQuestionsResponse{Items: questionsToProto(qs)}, nil
}

// CheckInByCode implements registrationsv1.RegistrationsServiceServer.
func (s *Server) CheckInByCode(ctx context.Context, req *registrationsv1.CheckInByCodeRequest) (*registrationsv1.CheckInByCodeResponse, error) {
	if err := identity.Require(ctx, identity.RoleOrganiser); err != nil {
		return nil, err
	}
	reg, err := s.app.CheckInByCode(ctx, req.GetEventId(), req.GetCode())
	if err != nil {
		return nil, s.toStatus(ctx, "check in by code", err)
	}
	return &registrationsv1.CheckInByCodeResponse{CheckedInAt: timestamppb.New(*reg.CheckedInAt),
		Registration: protoconv.Registration(reg)}, nil
}

// GetAttendance implements registrationsv1.RegistrationsServiceServer.
func (s *Server) GetAttendance(ctx context.Context, req *registrationsv1.GetAttendanceRequest) (*registrationsv1.GetAttendanceResponse, error) {
	if err := identity.Require(ctx, identity.RoleOrganiser); err != nil {
		return nil, err
	}
	ev, a, err := s.app.Attendance(ctx, req.GetEventId())
	if err != nil {
		return nil, s.toStatus(ctx, "attendance", err)
	}
	resp := &registrationsv1.GetAttendanceResponse{
		EventId: ev.ID, EventStatus: ev.Status, Capacity: int32(ev.Capacity),
		Confirmed: int32(a.Confirmed), CheckedIn: int32(a.CheckedIn),
		Waitlisted: int32(a.Waitlisted), Cancelled: int32(a.Cancelled),
	}
	if ev.Status == "completed" {
		resp.NoShows = int32(max(a.Confirmed-a.CheckedIn, 0))
	}
	return resp, nil
}

// GetRegistrationQR implements registrationsv1.RegistrationsServiceServer.
func (s *Server) GetRegistrationQR(ctx context.Context, req *registrationsv1.GetRegistrationQRRequest) (*registrationsv1.GetRegistrationQRResponse, error) {
	reg, err := s.app.Get(ctx, req.GetRegistrationId(), app.Access{Organiser: organiser(ctx), Token: req.GetToken()})
	if err != nil {
		return nil, s.toStatus(ctx, "qr code", err)
	}
	if reg.CheckInCode == "" {
		// Registrations made before check-in codes existed have none.
		return nil, s.toStatus(ctx, "qr code", &domain.RuleError{Reason: "this registration has no check-in code"})
	}
	resp := &registrationsv1.GetRegistrationQRResponse{CheckInCode: reg.CheckInCode}
	if req.GetFormat() == "svg" {
		resp.ContentType = "image/svg+xml"
		resp.Data, err = render.QRSVG(reg.CheckInCode)
	} else {
		resp.ContentType = "image/png"
		resp.Data, err = render.QRPNG(reg.CheckInCode)
	}
	if err != nil {
		return nil, s.toStatus(ctx, "qr code", err)
	}
	return resp, nil
}

// GetRegistrationCalendar implements registrationsv1.RegistrationsServiceServer.
func (s *Server) GetRegistrationCalendar(ctx context.Context, req *registrationsv1.GetRegistrationCalendarRequest) (*registrationsv1.GetRegistrationCalendarResponse, error) {
	reg, err := s.app.Get(ctx, req.GetRegistrationId(), app.Access{Organiser: organiser(ctx), Token: req.GetToken()})
	if err != nil {
		return nil, s.toStatus(ctx, "calendar", err)
	}
	ev, err := s.app.Event(ctx, reg.EventID)
	if err != nil {
		return nil, s.toStatus(ctx, "calendar", err)
	}
	return &registrationsv1.GetRegistrationCalendarResponse{Data: render.Calendar(reg, ev, s.app.Now())}, nil
}

// ExportPerson implements registrationsv1.RegistrationsServiceServer.
func (s *Server) ExportPerson(ctx context.Context, req *registrationsv1.ExportPersonRequest) (*registrationsv1.ExportPersonResponse, error) {
	if err := identity.Require(ctx, identity.RoleAdmin); err != nil {
		return nil, err
	}
	regs, err := s.app.PersonRegistrations(ctx, req.GetEmail())
	if err != nil {
		return nil, s.toStatus(ctx, "export person", err)
	}
	resp := &registrationsv1.ExportPersonResponse{Items: []*registrationsv1.Registration{}}
	for _, r := range regs {
		resp.Items = append(resp.Items, protoconv.Registration(r))
	}
	return resp, nil
}

// ErasePerson implements registrationsv1.RegistrationsServiceServer.
func (s *Server) ErasePerson(ctx context.Context, req *registrationsv1.ErasePersonRequest) (*registrationsv1.ErasePersonResponse, error) {
	if err := identity.Require(ctx, identity.RoleAdmin); err != nil {
		return nil, err
	}
	n, err := s.app.ErasePerson(ctx, req.GetEmail())
	if err != nil {
		return nil, s.toStatus(ctx, "erase person", err)
	}
	return &registrationsv1.ErasePersonResponse{Erased: int32(n)}, nil
}
