package grpcapi

import (
	"context"

	"plein.dev/notifications/internal/domain"
	notificationsv1 "plein.dev/proto/gen/plein/notifications/v1"
)

// SendAccountMail implements notificationsv1.NotificationsServiceServer.
func (s *Server) SendAccountMail(ctx context.Context, req *notificationsv1.SendAccountMailRequest) (*notificationsv1.SendAccountMailResponse, error) {
	m := domain.AccountMail{Purpose: req.GetPurpose(), To: req.GetTo(), Name: req.GetName(), URL: req.GetUrl(),
		Language: req.GetLanguage(), LinkID: req.GetLinkId()}
	if req.GetExpiresAt() != nil {
		m.ExpiresAt = req.GetExpiresAt().AsTime()
	}
	if err := s.app.SendAccountMail(ctx, m); err != nil {
		return nil, s.status(ctx, "send account mail", err)
	}
	return &notificationsv1.SendAccountMailResponse{}, nil
}
