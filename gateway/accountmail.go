package gateway

import (
	"context"
	"fmt"

	"google.golang.org/protobuf/types/known/timestamppb"

	"plein.dev/gateway/internal/accounts"
	"plein.dev/platform/identity"
	notificationsv1 "plein.dev/proto/gen/plein/notifications/v1"
)

// self is who the gateway is when it calls a service on its own behalf,
// not a signed-in person's: SendAccountMail asks for the admin role, and
// no HTTP route leads to that RPC, so only the gateway can call it.
var self = identity.Identity{UserID: "gateway", Roles: []string{identity.RoleAdmin}}

// accountMailer is the accounts.Mailer of the gateway: the notifications
// service writes, queues and sends the e-mail carrying the link.
type accountMailer struct {
	client notificationsv1.NotificationsServiceClient
}

// Send implements accounts.Mailer.
func (m accountMailer) Send(ctx context.Context, mail accounts.Mail) error {
	req := &notificationsv1.SendAccountMailRequest{Purpose: string(mail.Purpose), To: mail.To, Name: mail.Name,
		Url: mail.URL, ExpiresAt: timestamppb.New(mail.ExpiresAt), Language: mail.Language, LinkId: mail.LinkID}
	// forwardIdentity (dial) sends the identity in ctx: the gateway's own.
	if _, err := m.client.SendAccountMail(identity.NewContext(ctx, self), req); err != nil {
		return fmt.Errorf("send %s link: %w", mail.Purpose, err)
	}
	return nil
}
