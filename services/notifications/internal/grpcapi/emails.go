package grpcapi

import (
	"context"

	"google.golang.org/protobuf/types/known/timestamppb"

	"plein.dev/notifications/internal/app"
	"plein.dev/notifications/internal/domain"
	"plein.dev/platform/page"
	notificationsv1 "plein.dev/proto/gen/plein/notifications/v1"
)

// ListEmails implements notificationsv1.NotificationsServiceServer: the
// e-mail log, oldest first, optionally of one registration or event.
func (s *Server) ListEmails(ctx context.Context, req *notificationsv1.ListEmailsRequest) (*notificationsv1.ListEmailsResponse, error) {
	r, err := page.Parse[app.EmailCursor](req.GetPageToken(), req.GetPageSize())
	if err != nil {
		return nil, s.status(ctx, "list e-mails", err)
	}
	emails, next, err := s.app.ListEmails(ctx, app.EmailFilter{RegistrationID: req.GetRegistrationId(),
		EventID: req.GetEventId()}, r)
	if err != nil {
		return nil, s.status(ctx, "list e-mails", err)
	}
	resp := &notificationsv1.ListEmailsResponse{Items: make([]*notificationsv1.Email, 0, len(emails)), NextPageToken: next}
	for _, e := range emails {
		resp.Items = append(resp.Items, emailOf(e))
	}
	return resp, nil
}

func emailOf(e domain.Email) *notificationsv1.Email {
	p := &notificationsv1.Email{
		Id:             e.ID,
		To:             e.To,
		Subject:        e.Subject,
		Kind:           string(e.Kind),
		RegistrationId: e.RegistrationID,
		EventId:        e.EventID,
	}
	if e.SentAt != nil {
		p.SentAt = timestamppb.New(*e.SentAt)
	}
	return p
}
