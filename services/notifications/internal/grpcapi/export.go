package grpcapi

import (
	"context"
	"strings"

	notificationsv1 "plein.dev/proto/gen/plein/notifications/v1"
)

// ExportPerson implements notificationsv1.NotificationsServiceServer: the
// e-mails of the log sent to an address.
func (s *Server) ExportPerson(ctx context.Context, req *notificationsv1.ExportPersonRequest) (*notificationsv1.ExportPersonResponse, error) {
	emails, err := s.app.PersonEmails(ctx, strings.TrimSpace(req.GetEmail()))
	if err != nil {
		return nil, s.status(ctx, "export person", err)
	}
	resp := &notificationsv1.ExportPersonResponse{Emails: make([]*notificationsv1.Email, 0, len(emails))}
	for _, e := range emails {
		resp.Emails = append(resp.Emails, emailOf(e))
	}
	return resp, nil
}
