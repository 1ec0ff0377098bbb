// Package grpcapi serves the notifications service's gRPC API.
package grpcapi

import (
	"context"
	"errors"
	"log/slog"

	"google.golang.org/grpc/codes"
	"google.golang.org/protobuf/types/known/timestamppb"

	"plein.dev/notifications/internal/app"
	"plein.dev/notifications/internal/store"
	"plein.dev/platform/identity"
	"plein.dev/platform/pagetoken"
	"plein.dev/platform/rpcerr"
	notificationsv1 "plein.dev/proto/gen/plein/notifications/v1"
)

// Server implements notificationsv1.NotificationsServiceServer.
type Server struct {
	notificationsv1.UnimplementedNotificationsServiceServer
	app *app.Service
	log *slog.Logger
}

// New returns the gRPC server of the notifications service.
func New(a *app.Service, log *slog.Logger) *Server {
	return &Server{app: a, log: log}
}

func (s *Server) toStatus(ctx context.Context, op string, err error) error {
	if errors.Is(err, pagetoken.ErrInvalid) {
		return rpcerr.Invalid(codes.InvalidArgument, "invalid page token",
			rpcerr.Violation{Field: "pageToken", Reason: "not a token this API gave"})
	}
	return rpcerr.Internal(ctx, s.log, op, err)
}

// ListEmails implements notificationsv1.NotificationsServiceServer: the
// e-mail log, oldest first, optionally of one registration or event.
func (s *Server) ListEmails(ctx context.Context, req *notificationsv1.ListEmailsRequest) (*notificationsv1.ListEmailsResponse, error) {
	if err := identity.Require(ctx, identity.RoleOrganiser, identity.RoleAdmin); err != nil {
		return nil, err
	}
	var after int64
	if err := pagetoken.Decode(req.GetPageToken(), &after); err != nil {
		return nil, s.toStatus(ctx, "list e-mails", err)
	}
	size := pagetoken.Size(req.GetPageSize(), 50, 200)
	emails, err := s.app.List(ctx, store.Filter{RegistrationID: req.GetRegistrationId(),
		EventID: req.GetEventId(), AfterSeq: after, Limit: size + 1})
	if err != nil {
		return nil, s.toStatus(ctx, "list e-mails", err)
	}
	resp := &notificationsv1.ListEmailsResponse{Items: make([]*notificationsv1.Email, 0, min(len(emails), size))}
	if len(emails) > size {
		emails = emails[:size]
		if resp.NextPageToken, err = pagetoken.Encode(emails[size-1].Seq); err != nil {
			return nil, s.toStatus(ctx, "list e-mails", err)
		}
	}
	for _, e := range emails {
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
		resp.Items = append(resp.Items, p)
	}
	return resp, nil
}
