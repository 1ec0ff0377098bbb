package grpcapi

import (
	"context"
	"time"

	"google.golang.org/grpc/codes"
	"google.golang.org/protobuf/types/known/timestamppb"

	"plein.dev/notifications/internal/app"
	"plein.dev/notifications/internal/domain"
	"plein.dev/platform/page"
	"plein.dev/platform/rpcerr"
	notificationsv1 "plein.dev/proto/gen/plein/notifications/v1"
)

// WebhookServer is Server with the webhook RPCs.
type WebhookServer struct {
	*Server
	hooks *app.Webhooks
}

// WithWebhooks returns s serving the webhook RPCs through hooks as well.
func WithWebhooks(s *Server, hooks *app.Webhooks) *WebhookServer {
	return &WebhookServer{Server: s, hooks: hooks}
}

// webhookSentinels are the webhook outcomes with a code of their own.
var webhookSentinels = map[error]codes.Code{domain.ErrWebhookNotFound: codes.NotFound}

func (s *WebhookServer) webhookStatus(ctx context.Context, op string, err error) error {
	return rpcerr.Status(ctx, s.log, op, err, webhookSentinels)
}

// CreateWebhook implements notificationsv1.NotificationsServiceServer.
func (s *WebhookServer) CreateWebhook(ctx context.Context, req *notificationsv1.CreateWebhookRequest) (*notificationsv1.CreateWebhookResponse, error) {
	w, err := s.hooks.CreateWebhook(ctx, req.GetUrl(), req.GetEvents(), req.GetDescription())
	if err != nil {
		return nil, s.webhookStatus(ctx, "create webhook", err)
	}
	p := webhookOf(w.Webhook)
	return &notificationsv1.CreateWebhookResponse{Id: p.Id, Url: p.Url, Events: p.Events, Description: p.Description,
		CreatedAt: p.CreatedAt, Secret: w.Secret}, nil
}

// ListWebhooks implements notificationsv1.NotificationsServiceServer.
func (s *WebhookServer) ListWebhooks(ctx context.Context, req *notificationsv1.ListWebhooksRequest) (*notificationsv1.ListWebhooksResponse, error) {
	r, err := page.Parse[app.WebhookCursor](req.GetPageToken(), req.GetPageSize())
	if err != nil {
		return nil, s.webhookStatus(ctx, "list webhooks", err)
	}
	ws, next, err := s.hooks.ListWebhooks(ctx, r)
	if err != nil {
		return nil, s.webhookStatus(ctx, "list webhooks", err)
	}
	resp := &notificationsv1.ListWebhooksResponse{Items: make([]*notificationsv1.Webhook, len(ws)), NextPageToken: next}
	for i, w := range ws {
		resp.Items[i] = webhookOf(w)
	}
	return resp, nil
}

// DeleteWebhook implements notificationsv1.NotificationsServiceServer.
func (s *WebhookServer) DeleteWebhook(ctx context.Context, req *notificationsv1.DeleteWebhookRequest) (*notificationsv1.DeleteWebhookResponse, error) {
	if err := s.hooks.DeleteWebhook(ctx, req.GetWebhookId()); err != nil {
		return nil, s.webhookStatus(ctx, "delete webhook", err)
	}
	return &notificationsv1.DeleteWebhookResponse{}, nil
}

// ListWebhookDeliveries implements notificationsv1.NotificationsServiceServer.
func (s *WebhookServer) ListWebhookDeliveries(ctx context.Context, req *notificationsv1.ListWebhookDeliveriesRequest) (*notificationsv1.ListWebhookDeliveriesResponse, error) {
	r, err := page.Parse[app.AttemptCursor](req.GetPageToken(), req.GetPageSize())
	if err != nil {
		return nil, s.webhookStatus(ctx, "list webhook deliveries", err)
	}
	as, next, err := s.hooks.ListWebhookDeliveries(ctx, req.GetWebhookId(), r)
	if err != nil {
		return nil, s.webhookStatus(ctx, "list webhook deliveries", err)
	}
	resp := &notificationsv1.ListWebhookDeliveriesResponse{Items: make([]*notificationsv1.WebhookDelivery, len(as)),
		NextPageToken: next}
	for i, a := range as {
		resp.Items[i] = &notificationsv1.WebhookDelivery{MessageId: a.MessageID, Type: string(a.Type),
			Attempt: int32(a.Attempt), AttemptedAt: timestamppb.New(a.At), StatusCode: int32(a.StatusCode),
			DurationMs: int32(min(a.Duration.Milliseconds(), int64(time.Hour/time.Millisecond))), Error: a.Error,
			Outcome: string(a.Outcome)}
		if !a.NextRetryAt.IsZero() {
			resp.Items[i].NextRetryAt = timestamppb.New(a.NextRetryAt)
		}
	}
	return resp, nil
}

func webhookOf(w domain.Webhook) *notificationsv1.Webhook {
	events := make([]string, len(w.Events))
	for i, t := range w.Events {
		events[i] = string(t)
	}
	return &notificationsv1.Webhook{Id: w.ID, Url: w.URL, Events: events, Description: w.Description,
		CreatedAt: timestamppb.New(w.CreatedAt)}
}
