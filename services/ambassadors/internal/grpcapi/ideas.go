package grpcapi

import (
	"context"

	"plein.dev/ambassadors/internal/app"
	"plein.dev/ambassadors/internal/domain"
	"plein.dev/ambassadors/internal/protoconv"
	"plein.dev/platform/page"
	ambassadorsv1 "plein.dev/proto/gen/plein/ambassadors/v1"
)

// SubmitIdea implements ambassadorsv1.AmbassadorsServiceServer: anyone
// submits an idea to an active programme.
func (s *Server) SubmitIdea(ctx context.Context, req *ambassadorsv1.SubmitIdeaRequest) (*ambassadorsv1.SubmitIdeaResponse, error) {
	i, err := s.app.SubmitIdea(ctx, domain.Idea{ProgrammeID: req.GetProgrammeId(), Name: req.GetName(),
		Email: req.GetEmail(), Organisation: req.GetOrganisation(), KvKNumber: req.GetKvkNumber(),
		Title: req.GetTitle(), Description: req.GetDescription(), Themes: req.GetThemes(), Language: req.GetLanguage()})
	if err != nil {
		return nil, s.status(ctx, "submit idea", err)
	}
	return &ambassadorsv1.SubmitIdeaResponse{Idea: protoconv.Idea(i)}, nil
}

// ListIdeas implements ambassadorsv1.AmbassadorsServiceServer: a
// programme's ideas, oldest first, for its organisers.
func (s *Server) ListIdeas(ctx context.Context, req *ambassadorsv1.ListIdeasRequest) (*ambassadorsv1.ListIdeasResponse, error) {
	r, err := page.Parse[app.IdeaCursor](req.GetPageToken(), req.GetPageSize())
	if err != nil {
		return nil, s.status(ctx, "list ideas", err)
	}
	list, next, err := s.app.ListIdeas(ctx, req.GetProgrammeId(), domain.IdeaStatus(req.GetStatus()), r)
	if err != nil {
		return nil, s.status(ctx, "list ideas", err)
	}
	resp := &ambassadorsv1.ListIdeasResponse{Items: make([]*ambassadorsv1.Idea, 0, len(list)), NextPageToken: next}
	for _, i := range list {
		resp.Items = append(resp.Items, protoconv.Idea(i))
	}
	return resp, nil
}

// GetIdea implements ambassadorsv1.AmbassadorsServiceServer.
func (s *Server) GetIdea(ctx context.Context, req *ambassadorsv1.GetIdeaRequest) (*ambassadorsv1.GetIdeaResponse, error) {
	i, err := s.app.GetIdea(ctx, req.GetIdeaId())
	if err != nil {
		return nil, s.status(ctx, "get idea", err)
	}
	return &ambassadorsv1.GetIdeaResponse{Idea: protoconv.Idea(i)}, nil
}

// UpdateIdea implements ambassadorsv1.AmbassadorsServiceServer: an
// organiser triages an idea with a note.
func (s *Server) UpdateIdea(ctx context.Context, req *ambassadorsv1.UpdateIdeaRequest) (*ambassadorsv1.UpdateIdeaResponse, error) {
	i, err := s.app.UpdateIdea(ctx, req.GetIdeaId(), domain.IdeaStatus(req.GetStatus()), req.GetNote())
	if err != nil {
		return nil, s.status(ctx, "update idea", err)
	}
	return &ambassadorsv1.UpdateIdeaResponse{Idea: protoconv.Idea(i)}, nil
}
