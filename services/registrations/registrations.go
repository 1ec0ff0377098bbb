// Package registrations is the registrations service: registrations,
// waiting lists, questions and check-ins. Run starts it; cmd/registrations
// is its binary.
package registrations

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"time"

	"google.golang.org/grpc"

	"plein.dev/platform/config"
	"plein.dev/platform/erasure"
	"plein.dev/platform/seal"
	"plein.dev/platform/service"
	"plein.dev/platform/shred"
	registrationsv1 "plein.dev/proto/gen/plein/registrations/v1"
	"plein.dev/proto/subject"
	"plein.dev/registrations/internal/app"
	"plein.dev/registrations/internal/bus"
	"plein.dev/registrations/internal/grpcapi"
	"plein.dev/registrations/migrations"
)

// Config is the registrations service's configuration.
type Config struct {
	config.Common
	// Addr is the gRPC listen address.
	Addr string
	// SealKey is the keyring ("id:base64key,...", platform/seal) each new
	// manage token is sealed with for the notifications service's e-mail;
	// empty seals none, and the e-mails carry no manage link.
	SealKey string
	// RetentionDays is how many days after its event ended a
	// registration's personal data is kept (PLEIN_RETENTION_DAYS).
	RetentionDays int
	// Listening, if set, is told the gRPC address once it listens.
	Listening func(net.Addr)
}

// Register adds the service's own settings (not the common ones) to f.
func (c *Config) Register(f *config.FlagSet) {
	f.String(&c.Addr, "registrations-addr", "PLEIN_REGISTRATIONS_ADDR", "127.0.0.1:7002", "gRPC listen address of the registrations service")
	// The same setting as the notifications service's: in one process both
	// get the one value.
	f.String(&c.SealKey, "seal-key", "PLEIN_SEAL_KEY", "", "keyring sealing manage tokens for the e-mails, id:base64key,... (the first seals); shared with the notifications service")
	config.RegisterRetention(f, &c.RetentionDays)
}

// Run runs the registrations service until ctx is done: its gRPC API, the
// consumer of the events service's messages, and no background loops.
func Run(ctx context.Context, cfg Config, log *slog.Logger) error {
	var keys *seal.Keyring
	if cfg.SealKey == "" {
		log.Warn("no seal key (PLEIN_SEAL_KEY): manage tokens are not passed on, e-mails carry no manage link",
			"service", bus.Service)
	} else {
		var err error
		if keys, err = seal.Parse(cfg.SealKey); err != nil {
			return fmt.Errorf("registrations: %w", err)
		}
	}
	retention, err := config.Retention(cfg.RetentionDays)
	if err != nil {
		return fmt.Errorf("registrations: %w", err)
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
		// Seat counts are snapshots: every consumer (the events service's
		// seatsTaken, the gateway's live counts, the organisers' "event
		// full") takes the newest in place of the one before, so a round
		// of the relay publishes only an event's newest.
		Conflated: []string{string(subject.SeatsChanged)},
		Register: func(s *grpc.Server, d service.Deps) (service.Parts, error) {
			a := app.New(d.DB, d.Log, time.Now).SealTokensWith(keys).
				ShredKeysWith(func(ctx context.Context, keyID string) error {
					_, err := shred.Shred(ctx, d.JS, bus.Service, keyID)
					return err
				})
			registrationsv1.RegisterRegistrationsServiceServer(s, grpcapi.New(a, d.Log))
			// Erasure requests: the registrations and the person's key.
			eraser := erasure.New(bus.Service, d.DB, keys, a.ErasePerson)
			return service.Parts{Consumers: append(bus.Consumers(a), eraser.Consumer()),
				Loops: []service.Loop{eraser.Loop(), retentionLoop(a, retention)}}, nil
		},
	})
}
