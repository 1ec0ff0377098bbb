// Package events is the events service: venues, rooms, events and their
// bookings. Run starts it; cmd/events is its binary.
package events

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"time"

	"google.golang.org/grpc"

	"plein.dev/events/internal/app"
	"plein.dev/events/internal/bus"
	"plein.dev/events/internal/grpcapi"
	"plein.dev/events/migrations"
	"plein.dev/platform/conditional"
	"plein.dev/platform/config"
	"plein.dev/platform/erasure"
	"plein.dev/platform/seal"
	"plein.dev/platform/service"
	eventsv1 "plein.dev/proto/gen/plein/events/v1"
	"plein.dev/proto/subject"
)

// Config is the events service's configuration.
type Config struct {
	config.Common
	// Addr is the gRPC listen address.
	Addr string
	// CompleteEvery is how often events whose end has passed are completed.
	CompleteEvery time.Duration
	// Listening, if set, is told the gRPC address once it listens.
	Listening func(net.Addr)
	// SealKey is the keyring ("id:base64key,...", platform/seal) that
	// opens the address of an erasure request; empty opens only requests
	// made without one.
	SealKey string
}

// RegisterSealKey adds -seal-key (PLEIN_SEAL_KEY), which other services
// register too: in one process they all get the one value.
func RegisterSealKey(f *config.FlagSet, p *string) {
	f.String(p, "seal-key", "PLEIN_SEAL_KEY", "", "keyring opening the addresses of erasure requests, id:base64key,...; shared with the gateway")
}

// Register adds the service's own settings (not the common ones) to f.
func (c *Config) Register(f *config.FlagSet) {
	f.String(&c.Addr, "events-addr", "PLEIN_EVENTS_ADDR", "127.0.0.1:7001", "gRPC listen address of the events service")
	f.Duration(&c.CompleteEvery, "complete-every", "PLEIN_COMPLETE_EVERY", time.Minute, "how often ended events are completed")
}

// Run runs the events service until ctx is done.
func Run(ctx context.Context, cfg Config, log *slog.Logger) error {
	completeEvery := cfg.CompleteEvery
	if completeEvery <= 0 {
		completeEvery = time.Minute
	}
	var keys *seal.Keyring
	if cfg.SealKey != "" {
		var err error
		if keys, err = seal.Parse(cfg.SealKey); err != nil {
			return fmt.Errorf("events: %w", err)
		}
	}
	return service.Run(ctx, service.Spec{
		Name:        subject.StreamEvents,
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
			a := app.New(d.DB, d.Log, time.Now)
			commits, err := conditional.NewCounter()
			if err != nil {
				return service.Parts{}, err
			}
			d.DB.OnCommit(commits.Committed)
			eventsv1.RegisterEventsServiceServer(s, grpcapi.New(a, commits, d.Log))
			// Erasure requests: the contacts of events with the address.
			eraser := erasure.New(subject.StreamEvents, d.DB, keys, a.ErasePerson)
			return service.Parts{
				Consumers: append(bus.Consumers(a), eraser.Consumer()),
				Loops: []service.Loop{
					{Name: "complete ended events", Every: completeEvery, Run: a.CompleteEnded},
					eraser.Loop(),
				},
			}, nil
		},
	})
}
