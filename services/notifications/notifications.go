// Package notifications is the notifications service: it e-mails attendees
// when their registration changes and keeps a log of what it sent. Run
// starts it; cmd/notifications is its binary.
package notifications

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"net/mail"
	"net/url"
	"path/filepath"
	"time"

	"google.golang.org/grpc"

	"plein.dev/notifications/internal/app"
	"plein.dev/notifications/internal/bus"
	"plein.dev/notifications/internal/delivery"
	"plein.dev/notifications/internal/domain"
	"plein.dev/notifications/internal/grpcapi"
	"plein.dev/notifications/migrations"
	"plein.dev/platform/config"
	"plein.dev/platform/service"
	"plein.dev/platform/zone"
	notificationsv1 "plein.dev/proto/gen/plein/notifications/v1"
)

// DefaultDeliverEvery is how often, by default, the delivery loop looks at
// the mail queue when nothing wakes it. A commit that queued mail wakes it
// at once, and so does a retry falling due.
const DefaultDeliverEvery = time.Minute

// Config is the notifications service's configuration.
type Config struct {
	config.Common
	// Addr is the gRPC listen address.
	Addr string
	// SMTPURL is smtp://user:pass@host:port (or smtps://); empty writes
	// .eml files to <DataDir>/mail instead.
	SMTPURL string
	// BaseURL is the public URL e-mailed links point to.
	BaseURL string
	// MailFrom is the From of every e-mail, e.g. "Plein <noreply@plein.local>".
	MailFrom string
	// DeliverEvery is the interval of the delivery loop; 0 means
	// DefaultDeliverEvery.
	DeliverEvery time.Duration
	// WebhookAllowPrivate lets webhooks post to loopback, private and
	// link-local addresses (refused otherwise, at creation and at every
	// post).
	WebhookAllowPrivate bool
	// WebhookFirstRetry is the wait after a webhook message's first failed
	// attempt; 0 means app.DefaultWebhookFirstRetry.
	WebhookFirstRetry time.Duration
	// Listening, if set, is told the gRPC address once it listens.
	Listening func(net.Addr)
}

// Register adds the service's own settings (not the common ones) to f.
func (c *Config) Register(f *config.FlagSet) {
	c.RegisterOwn(f)
	f.String(&c.BaseURL, "base-url", "PLEIN_BASE_URL", "http://localhost:8080", "public URL used in e-mailed links")
}

// RegisterOwn adds the settings only this service has, leaving out
// -base-url, which the all-in-one takes from the gateway's settings.
func (c *Config) RegisterOwn(f *config.FlagSet) {
	f.String(&c.Addr, "notifications-addr", "PLEIN_NOTIFICATIONS_ADDR", "127.0.0.1:7004", "gRPC listen address of the notifications service")
	f.String(&c.SMTPURL, "smtp-url", "PLEIN_SMTP_URL", "", "smtp://user:pass@host:port to send mail; empty writes .eml files to <data-dir>/mail")
	f.Bool(&c.WebhookAllowPrivate, "webhook-allow-private", "PLEIN_WEBHOOK_ALLOW_PRIVATE", false, "allow webhook targets on loopback, private and link-local addresses")
	f.String(&c.MailFrom, "mail-from", "PLEIN_MAIL_FROM", "Plein <noreply@plein.local>", "From address of the e-mails")
}

// Run runs the notifications service until ctx is done.
func Run(ctx context.Context, cfg Config, log *slog.Logger) error {
	from, err := mail.ParseAddress(cfg.MailFrom)
	if err != nil {
		return fmt.Errorf("notifications: mail-from %q: %w", cfg.MailFrom, err)
	}
	if u, err := url.Parse(cfg.BaseURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("notifications: base-url %q: want an http or https URL", cfg.BaseURL)
	}
	var sender delivery.Sender
	if cfg.SMTPURL == "" {
		dir := filepath.Join(cfg.DataDir, "mail")
		sender = delivery.Files{Dir: dir}
		log.Info("no SMTP server set: e-mails are written as .eml files", "service", bus.Service, "dir", dir)
	} else {
		s, err := delivery.ParseURL(cfg.SMTPURL)
		if err != nil {
			return fmt.Errorf("notifications: %w", err)
		}
		sender = s
		log.Info("e-mails are sent over SMTP", "service", bus.Service, "server", s.Addr)
	}
	deliverEvery := cfg.DeliverEvery
	if deliverEvery <= 0 {
		deliverEvery = DefaultDeliverEvery
	}
	m := app.Mail{Notices: domain.Notices{BaseURL: cfg.BaseURL, Zone: zone.Amsterdam}, From: *from, Sender: sender}

	if cfg.WebhookAllowPrivate {
		log.Warn("webhooks may post to loopback, private and link-local addresses", "service", bus.Service)
	}

	return service.Run(ctx, service.Spec{
		Name:       bus.Service,
		DataDir:    cfg.DataDir,
		NATSURL:    cfg.NATSURL,
		Replicas:   cfg.NATSReplicas,
		TLS:        cfg.TLS,
		Addr:       cfg.Addr,
		Migrations: migrations.FS,
		Log:        log,
		Listening:  cfg.Listening,
		Register: func(s *grpc.Server, d service.Deps) (service.Parts, error) {
			a := app.New(d.DB, m, d.Log, time.Now)
			hooks := app.NewWebhooks(d.DB, delivery.NewWebhookClient(cfg.WebhookAllowPrivate, nil, delivery.WebhookTimeout),
				d.Log, time.Now, cfg.WebhookFirstRetry)
			notificationsv1.RegisterNotificationsServiceServer(s, grpcapi.WithWebhooks(grpcapi.New(a, d.Log), hooks))
			d.DB.OnCommit(hooks.WakeWebhooks)
			// Mail a consumer queued goes out as soon as its transaction
			// committed.
			d.DB.OnCommit(a.WakeDelivery)
			return service.Parts{
				Consumers: append(bus.Consumers(a), bus.WebhookConsumers(hooks)...),
				Loops: []service.Loop{{Name: "delivery", Every: deliverEvery, Wake: a.DeliveryWake(),
					Run: a.Deliver},
					{Name: "webhooks", Every: deliverEvery, Wake: hooks.WebhookWake(), Run: hooks.Deliver}},
			}, nil
		},
	})
}
