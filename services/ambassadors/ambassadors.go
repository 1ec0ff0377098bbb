// Package ambassadors is the ambassadors service: programmes, their
// ambassadors and the activities those log. Run starts it; cmd/ambassadors
// is its binary.
package ambassadors

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"time"

	"google.golang.org/grpc"

	"plein.dev/ambassadors/internal/app"
	"plein.dev/ambassadors/internal/bus"
	"plein.dev/ambassadors/internal/grpcapi"
	"plein.dev/ambassadors/migrations"
	"plein.dev/platform/config"
	"plein.dev/platform/erasure"
	"plein.dev/platform/seal"
	"plein.dev/platform/service"
	"plein.dev/platform/shred"
	ambassadorsv1 "plein.dev/proto/gen/plein/ambassadors/v1"
)

// DefaultSweepEvery is how often, by default, the service closes programmes
// whose period ended, announces ambassadors whose term ended and looks for
// ambassadors behind on their targets (it also does so at start).
const DefaultSweepEvery = 10 * time.Minute

// IdeaRetentionEvery is how often the ideas decided (or, never decided,
// submitted) longer ago than the retention period are anonymised (and once
// at start).
const IdeaRetentionEvery = time.Hour

// Config is the ambassadors service's configuration.
type Config struct {
	config.Common
	// Addr is the gRPC listen address.
	Addr string
	// SweepEvery is the interval of the sweep loop; 0 means
	// DefaultSweepEvery.
	SweepEvery time.Duration
	// Listening, if set, is told the gRPC address once it listens.
	Listening func(net.Addr)
	// SealKey is the keyring ("id:base64key,...", platform/seal) that
	// opens the address of an erasure request and seals the ambassadors'
	// addresses in the messages (for the notifications service); empty
	// opens only requests made without one, and sends no addresses.
	SealKey string
	// RetentionDays is how many days after its decision (after its
	// submission if never decided) an idea keeps the submitter's name,
	// address, KvK number and organisation (PLEIN_RETENTION_DAYS,
	// shared with the other services; registered by cmd/ambassadors and
	// the all-in-one).
	RetentionDays int
}

// RegisterSealKey adds -seal-key (PLEIN_SEAL_KEY), which the registrations
// service registers too: in one process both get the one value.
func RegisterSealKey(f *config.FlagSet, p *string) {
	f.String(p, "seal-key", "PLEIN_SEAL_KEY", "", "keyring opening the addresses of erasure requests, id:base64key,...; shared with the gateway")
}

// Register adds the service's own settings (not the common ones) to f.
func (c *Config) Register(f *config.FlagSet) {
	f.String(&c.Addr, "ambassadors-addr", "PLEIN_AMBASSADORS_ADDR", "127.0.0.1:7003", "gRPC listen address of the ambassadors service")
}

// Run runs the ambassadors service until ctx is done.
func Run(ctx context.Context, cfg Config, log *slog.Logger) error {
	sweepEvery := cfg.SweepEvery
	if sweepEvery <= 0 {
		sweepEvery = DefaultSweepEvery
	}
	var keys *seal.Keyring
	if cfg.SealKey != "" {
		var err error
		if keys, err = seal.Parse(cfg.SealKey); err != nil {
			return fmt.Errorf("ambassadors: %w", err)
		}
	}
	retention, err := config.Retention(cfg.RetentionDays)
	if err != nil {
		return fmt.Errorf("ambassadors: %w", err)
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
			a := app.New(d.DB, d.Log, time.Now)
			a.SealWith(keys) // the addresses in its messages
			// The ideas' submitters' keys (platform/shred) leave the bus on
			// erasure and retention.
			a.ShredKeysWith(func(ctx context.Context, keyID string) error {
				_, err := shred.Shred(ctx, d.JS, bus.Service, keyID)
				return err
			})
			ambassadorsv1.RegisterAmbassadorsServiceServer(s, grpcapi.New(a, d.Log))
			// Erasure requests: an ambassador's address.
			eraser := erasure.New(bus.Service, d.DB, keys, a.ErasePerson)
			return service.Parts{
				Consumers: append(bus.Consumers(a), eraser.Consumer()),
				Loops: []service.Loop{{Name: "sweep", Every: sweepEvery, Run: a.Sweep}, eraser.Loop(),
					{Name: "idea-retention", Every: IdeaRetentionEvery, Run: a.IdeaRetention(retention).Sweep}},
			}, nil
		},
	})
}
