// Package notifications is the notifications service: it e-mails attendees
// when their registration changes and before their event, and ambassadors
// about their targets and term, and keeps a log of what it sent. Run
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
	"plein.dev/platform/erasure"
	"plein.dev/platform/seal"
	"plein.dev/platform/service"
	"plein.dev/platform/shred"
	"plein.dev/platform/zone"
	notificationsv1 "plein.dev/proto/gen/plein/notifications/v1"
	"plein.dev/proto/subject"
)

// Intervals of the background loops when nothing wakes them: the delivery
// loop (a commit that queued mail wakes it at once, and so does a retry
// falling due), the reminders to attendees, the term-ending e-mails.
const (
	DefaultDeliverEvery = time.Minute
	RemindEvery         = time.Minute
	TermsEvery          = time.Hour
	DigestEvery         = 5 * time.Minute
)

// Config is the notifications service's configuration.
type Config struct {
	config.Common
	// Addr is the gRPC listen address.
	Addr string
	// SMTPURL is smtp://user:pass@host:port (or smtps://); empty writes
	// .eml files to <DataDir>/mail instead.
	SMTPURL string
	// SMTPTimeout bounds each exchange with the SMTP server; 0 means
	// delivery.DefaultTimeout.
	SMTPTimeout time.Duration
	// BaseURL is the public URL e-mailed links point to.
	BaseURL string
	// MailFrom is the From of every e-mail, e.g. "Plein <noreply@plein.local>".
	MailFrom string
	// SealKey is the keyring the registrations service seals manage
	// tokens with ("id:base64key,..."); empty sends e-mails without
	// manage link.
	SealKey string
	// ReminderHours is how many hours before an event's start confirmed
	// attendees are reminded; 0 sends no reminders.
	ReminderHours int
	// DigestHour is the hour (Europe/Amsterdam) the organisers' daily
	// registration digest is sent, 0-23.
	DigestHour int
	// DeliverEvery is the interval of the delivery loop; 0 means
	// DefaultDeliverEvery.
	DeliverEvery time.Duration
	// RetryFirst is the wait after an e-mail's first failed attempt,
	// doubling up to an hour; 0 means app.DefaultFirstRetry.
	RetryFirst time.Duration
	// WebhookAllowPrivate lets webhooks post to loopback, private and
	// link-local addresses (refused otherwise, at creation and at every
	// post).
	WebhookAllowPrivate bool
	// WebhookFirstRetry is the wait after a webhook message's first failed
	// attempt; 0 means app.DefaultWebhookFirstRetry.
	WebhookFirstRetry time.Duration
	// RetentionDays is how many days after their event ended what is held
	// of its attendees is kept (PLEIN_RETENTION_DAYS).
	RetentionDays int
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
	f.Duration(&c.SMTPTimeout, "smtp-timeout", "PLEIN_SMTP_TIMEOUT", delivery.DefaultTimeout, "bound on each exchange with the SMTP server")
	f.Int(&c.DigestHour, "digest-hour", "PLEIN_DIGEST_HOUR", 8, "hour of the day (Europe/Amsterdam) the organisers' registration digest is sent")
	f.Int(&c.ReminderHours, "reminder-hours", "PLEIN_REMINDER_HOURS", 24, "hours before an event's start that confirmed attendees are reminded; 0 = no reminders")
	RegisterSealKey(f, &c.SealKey)
	config.RegisterRetention(f, &c.RetentionDays)
}

// RegisterSealKey adds -seal-key (PLEIN_SEAL_KEY), which the registrations
// service registers too: in one process both get the one value.
func RegisterSealKey(f *config.FlagSet, p *string) {
	f.String(p, "seal-key", "PLEIN_SEAL_KEY", "", "keyring sealing manage tokens for the e-mails, id:base64key,... (the first seals); shared with the registrations service")
}

// Run runs the notifications service until ctx is done.
func Run(ctx context.Context, cfg Config, log *slog.Logger) error {
	m, err := mailOf(cfg, log)
	if err != nil {
		return fmt.Errorf("notifications: %w", err)
	}
	retention, err := config.Retention(cfg.RetentionDays)
	if err != nil {
		return fmt.Errorf("notifications: %w", err)
	}
	deliverEvery := cfg.DeliverEvery
	if deliverEvery <= 0 {
		deliverEvery = DefaultDeliverEvery
	}
	if cfg.WebhookAllowPrivate {
		log.Warn("webhooks may post to loopback, private and link-local addresses", "service", bus.Service)
	}
	return service.Run(ctx, service.Spec{
		Name:        bus.Service,
		DataDir:     cfg.DataDir,
		NATSURL:     cfg.NATSURL,
		NATSServer:  cfg.NATSServer,
		Replicas:    cfg.NATSReplicas,
		Attempts:    cfg.MaxDeliver,
		Traces:      cfg.Traces,
		Backup:      cfg.Backup,
		MetricsAddr: cfg.MetricsAddr,
		Metrics:     cfg.Metrics,
		TLS:         cfg.TLS,
		Addr:        cfg.Addr,
		Migrations:  migrations.FS,
		Log:         log,
		Listening:   cfg.Listening,
		Register: func(s *grpc.Server, d service.Deps) (service.Parts, error) {
			a := app.New(d.DB, m, d.Log, time.Now)
			if err := a.RegisterMetrics(d.Metrics); err != nil {
				return service.Parts{}, err
			}
			hooks := app.NewWebhooks(d.DB, delivery.NewWebhookClient(cfg.WebhookAllowPrivate, nil, delivery.WebhookTimeout),
				d.Log, time.Now, cfg.WebhookFirstRetry)
			notificationsv1.RegisterNotificationsServiceServer(s, grpcapi.WithWebhooks(grpcapi.New(a, d.Log), hooks))
			d.DB.OnCommit(hooks.WakeWebhooks)
			// Mail a consumer queued goes out as soon as its transaction
			// committed.
			d.DB.OnCommit(a.WakeDelivery)
			loops := []service.Loop{
				{Name: "delivery", Every: deliverEvery, Wake: a.DeliveryWake(), Run: a.Deliver},
				{Name: "terms", Every: TermsEvery, Run: a.RemindTerms},
				{Name: "webhooks", Every: deliverEvery, Wake: hooks.WebhookWake(), Run: hooks.Deliver},
				{Name: "digest", Every: DigestEvery, Run: a.SendDigests},
				retentionLoop(a, retention), // retention.go
			}
			if m.ReminderLead > 0 {
				loops = append(loops, service.Loop{Name: "reminders", Every: RemindEvery, Run: a.Remind})
			}
			// The registrations' personal fields open with the person's
			// key, read from the bus (platform/shred).
			personal := shred.NewOpener(d.JS, subject.StreamRegistrations, m.Keys)
			eraser := erasure.New(bus.Service, d.DB, m.Keys, a.ErasePerson)
			consumers := append(bus.Consumers(a, personal), bus.OrganiserConsumers(a)...)
			consumers = append(consumers, bus.WebhookConsumers(hooks, personal)...)
			// The ideas' submitters: their name and address open with
			// their key on the ambassadors stream.
			consumers = append(consumers, bus.IdeaConsumers(a, shred.NewOpener(d.JS, subject.StreamAmbassadors, m.Keys))...)
			consumers = append(consumers, eraser.Consumer())
			loops = append(loops, eraser.Loop())
			return service.Parts{Consumers: consumers, Loops: loops}, nil
		},
	})
}

// mailOf checks the mail settings and builds how the app writes and sends.
func mailOf(cfg Config, log *slog.Logger) (app.Mail, error) {
	from, err := mail.ParseAddress(cfg.MailFrom)
	if err != nil {
		return app.Mail{}, fmt.Errorf("mail-from %q: %w", cfg.MailFrom, err)
	}
	if u, err := url.Parse(cfg.BaseURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return app.Mail{}, fmt.Errorf("base-url %q: want an http or https URL", cfg.BaseURL)
	}
	if cfg.DigestHour < 0 || cfg.DigestHour > 23 {
		return app.Mail{}, fmt.Errorf("digest-hour %d: want 0 to 23", cfg.DigestHour)
	}
	if cfg.ReminderHours < 0 {
		return app.Mail{}, fmt.Errorf("reminder-hours %d: want 0 (off) or more", cfg.ReminderHours)
	}
	m := app.Mail{
		Writer:       domain.Writer{BaseURL: cfg.BaseURL, Zone: zone.Amsterdam},
		From:         *from,
		ReminderLead: time.Duration(cfg.ReminderHours) * time.Hour,
		DigestHour:   cfg.DigestHour,
		FirstRetry:   cfg.RetryFirst,
		Traces:       cfg.Traces,
	}
	if cfg.SealKey == "" {
		log.Warn("no seal key (PLEIN_SEAL_KEY): e-mails carry no manage link", "service", bus.Service)
	} else if m.Keys, err = seal.Parse(cfg.SealKey); err != nil {
		return app.Mail{}, err
	}
	if cfg.SMTPURL == "" {
		dir := filepath.Join(cfg.DataDir, "mail")
		m.Sender = delivery.Files{Dir: dir}
		log.Info("no SMTP server set: e-mails are written as .eml files", "service", bus.Service, "dir", dir)
		return m, nil
	}
	s, err := delivery.ParseURL(cfg.SMTPURL)
	if err != nil {
		return app.Mail{}, err
	}
	s.Timeout = cfg.SMTPTimeout
	m.Sender = s
	log.Info("e-mails are sent over SMTP", "service", bus.Service, "server", s.Addr())
	return m, nil
}
