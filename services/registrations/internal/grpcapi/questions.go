package grpcapi

import (
	"context"

	registrationsv1 "plein.dev/proto/gen/plein/registrations/v1"
	"plein.dev/registrations/internal/domain"
)

// SetEventQuestions implements registrationsv1.RegistrationsServiceServer.
func (s *Server) SetEventQuestions(ctx context.Context, req *registrationsv1.SetEventQuestionsRequest) (*registrationsv1.SetEventQuestionsResponse, error) {
	qs := make([]domain.Question, 0, len(req.GetQuestions()))
	for _, q := range req.GetQuestions() {
		qs = append(qs, domain.Question{ID: q.GetId(), Kind: q.GetKind(), Label: q.GetLabel(), Required: q.GetRequired(), Options: q.GetOptions()})
	}
	out, err := s.app.SetQuestions(ctx, req.GetEventId(), qs)
	if err != nil {
		return nil, s.status(ctx, "set questions", err)
	}
	return &registrationsv1.SetEventQuestionsResponse{Items: questionsToProto(out)}, nil
}

// ListEventQuestions implements registrationsv1.RegistrationsServiceServer.
func (s *Server) ListEventQuestions(ctx context.Context, req *registrationsv1.ListEventQuestionsRequest) (*registrationsv1.ListEventQuestionsResponse, error) {
	qs, err := s.app.Questions(ctx, req.GetEventId(), req.GetInviteCode())
	if err != nil {
		return nil, s.status(ctx, "list questions", err)
	}
	return &registrationsv1.ListEventQuestionsResponse{Items: questionsToProto(qs)}, nil
}

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
