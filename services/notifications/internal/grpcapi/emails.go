package grpcapi

import (
	"context"
	"fmt"
	"strings"

	"google.golang.org/protobuf/types/known/timestamppb"

	"plein.dev/notifications/internal/app"
	"plein.dev/notifications/internal/domain"
	"plein.dev/platform/page"
	"plein.dev/platform/rule"
	notificationsv1 "plein.dev/proto/gen/plein/notifications/v1"
)

// ListEmails implements notificationsv1.NotificationsServiceServer: the
// e-mail log, oldest first, optionally of one registration, event,
// address or status.
func (s *Server) ListEmails(ctx context.Context, req *notificationsv1.ListEmailsRequest) (*notificationsv1.ListEmailsResponse, error) {
	r, err := page.Parse[app.EmailCursor](req.GetPageToken(), req.GetPageSize())
	if err != nil {
		return nil, s.status(ctx, "list e-mails", err)
	}
	st, err := statusFilter(req.GetStatus())
	if err != nil {
		return nil, s.status(ctx, "list e-mails", err)
	}
	emails, next, err := s.app.ListEmails(ctx, app.EmailFilter{RegistrationID: req.GetRegistrationId(),
		EventID: req.GetEventId(), To: strings.TrimSpace(req.GetTo()), Status: st}, r)
	if err != nil {
		return nil, s.status(ctx, "list e-mails", err)
	}
	resp := &notificationsv1.ListEmailsResponse{Items: make([]*notificationsv1.Email, 0, len(emails)), NextPageToken: next}
	for _, e := range emails {
		resp.Items = append(resp.Items, emailOf(e))
	}
	return resp, nil
}

// The statuses of an e-mail as the API names them: a pending e-mail is
// queued.
var statusNames = map[domain.Status]string{
	domain.StatusPending: "queued",
	domain.StatusSent:    "sent",
	domain.StatusFailed:  "failed",
}

func statusFilter(name string) (domain.Status, error) {
	if name == "" {
		return "", nil
	}
	for st, n := range statusNames {
		if n == name {
			return st, nil
		}
	}
	return "", rule.InvalidField("status", "must be queued, sent or failed")
}

func emailOf(e domain.Email) *notificationsv1.Email {
	p := &notificationsv1.Email{
		Id:             e.ID,
		To:             e.To,
		Subject:        e.Subject,
		Kind:           string(e.Kind),
		RegistrationId: e.RegistrationID,
		EventId:        e.EventID,
		Status:         statusNames[e.Status],
		Error:          failureText(e.Failure),
		CreatedAt:      timestamppb.New(e.CreatedAt),
	}
	if e.SentAt != nil {
		p.SentAt = timestamppb.New(*e.SentAt)
	}
	return p
}

// failureText is the step and the reply code of a failed attempt, e.g.
// "RCPT 550 5.1.1"; "" when there was none.
func failureText(f domain.Failure) string {
	if f.IsZero() {
		return ""
	}
	s := f.Step
	if f.Code != 0 {
		s += fmt.Sprintf(" %d", f.Code)
	}
	if f.Detail != "" {
		s += " " + f.Detail
	}
	return strings.TrimSpace(s)
}
