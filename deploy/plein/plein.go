// Package plein runs all of Plein in one process: an embedded NATS server
// with JetStream (unless PLEIN_NATS_URL names one), the four services and
// the gateway. It is the same code the separate binaries run.
package plein

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"sync"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/prometheus/client_golang/prometheus"

	"plein.dev/ambassadors"
	"plein.dev/events"
	"plein.dev/gateway"
	"plein.dev/notifications"
	"plein.dev/platform/config"
	"plein.dev/platform/messaging"
	"plein.dev/platform/seal"
	"plein.dev/registrations"
)

// Config is the all-in-one configuration: each part's settings, with the
// common ones (data dir, NATS, logging) and the services' addresses shared.
type Config struct {
	config.Common
	Events        events.Config
	Registrations registrations.Config
	Ambassadors   ambassadors.Config
	Notifications notifications.Config
	Gateway       gateway.Config
	// GatewayListening, if set, is told the HTTP address once it listens.
	GatewayListening func(net.Addr)
}

// Register adds every part's own settings to f. The gateway dials the
// services at their listen addresses, so those are registered once.
func (c *Config) Register(f *config.FlagSet) {
	c.Events.Register(f)
	c.Registrations.Register(f)
	c.Ambassadors.Register(f)
	c.Gateway.Register(f)
	c.Notifications.RegisterOwn(f)
}

// Run runs everything until ctx is done, then stops the gateway first, the
// services next and NATS last.
func Run(ctx context.Context, cfg Config, log *slog.Logger) error {
	natsURL := cfg.NATSURL
	var embedded *server.Server
	if natsURL == "" {
		srv, err := messaging.StartEmbedded(messaging.EmbeddedOptions{
			StoreDir: filepath.Join(cfg.DataDir, "nats"),
			Host:     "127.0.0.1",
			Port:     -1,
		}, log.With("service", "nats"))
		if err != nil {
			return fmt.Errorf("plein: %w", err)
		}
		defer func() {
			srv.Shutdown()
			srv.WaitForShutdown()
		}()
		natsURL = srv.ClientURL()
		embedded = srv
	}
	common := cfg.Common
	common.NATSURL = natsURL
	// The parts talk to the embedded server in-process; its port stays
	// open for tools (nats CLI) and other processes.
	common.NATSServer = embedded
	sealKey, err := sealKeyOf(cfg, log)
	if err != nil {
		return fmt.Errorf("plein: %w", err)
	}

	svcCtx, stopServices := context.WithCancel(context.WithoutCancel(ctx))
	defer stopServices()
	var wg sync.WaitGroup
	failed := make(chan error, 5)
	start := func(name string, run func(context.Context) error) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := run(svcCtx); err != nil {
				failed <- fmt.Errorf("%s: %w", name, err)
			}
		}()
	}

	// The services may listen on port 0 (tests); the gateway dials the
	// addresses they actually got.
	addrs := make(map[string]chan string, 3)
	listening := func(name string) func(net.Addr) {
		addrs[name] = make(chan string, 1)
		return func(a net.Addr) { addrs[name] <- a.String() }
	}
	// Each service registers its metrics in a registry of its own, with
	// its name as the service label; the gateway serves them all with its
	// own, on /metrics and on PLEIN_METRICS_ADDR.
	var serviceMetrics prometheus.Gatherers
	commonOf := func() config.Common {
		reg := prometheus.NewRegistry()
		serviceMetrics = append(serviceMetrics, reg)
		c := common
		c.Metrics, c.MetricsAddr = reg, ""
		return c
	}
	ev := cfg.Events
	ev.Common, ev.Listening = commonOf(), listening("events")
	ev.SealKey = sealKey // opens the address of an erasure request
	rg := cfg.Registrations
	rg.Common, rg.Listening = commonOf(), listening("registrations")
	rg.SealKey = sealKey
	am := cfg.Ambassadors
	am.Common, am.Listening = commonOf(), listening("ambassadors")
	am.SealKey = sealKey // opens the address of an erasure request
	am.RetentionDays = cfg.Registrations.RetentionDays
	nt := cfg.Notifications
	nt.Common, nt.Listening = commonOf(), listening("notifications")
	nt.BaseURL = cfg.Gateway.BaseURL
	nt.SealKey = sealKey
	start("events", func(ctx context.Context) error { return events.Run(ctx, ev, log) })
	start("registrations", func(ctx context.Context) error { return registrations.Run(ctx, rg, log) })
	start("ambassadors", func(ctx context.Context) error { return ambassadors.Run(ctx, am, log) })
	start("notifications", func(ctx context.Context) error { return notifications.Run(ctx, nt, log) })

	gw := cfg.Gateway
	gw.Common = common
	gw.ServiceMetrics = serviceMetrics
	gw.Listening = func(a net.Addr) {
		// Everything is up: hand back to the system what starting took.
		// goose's SQL parser holds a 4 MB scan buffer per migration set
		// parsed at once and the bootstrap administrator's password hash
		// takes 19 MB; that garbage would otherwise stay resident until the
		// runtime's next forced collection, two minutes on.
		go debug.FreeOSMemory()
		if cfg.GatewayListening != nil {
			cfg.GatewayListening(a)
		}
	}
	// The gateway seals the organisers' addresses it announces, and opens
	// the digest's unsubscribe links, with the same keyring.
	gw.SealKey = sealKey
	for name, dst := range map[string]*string{"events": &gw.EventsAddr, "registrations": &gw.RegistrationsAddr, "ambassadors": &gw.AmbassadorsAddr,
		"notifications": &gw.NotificationsAddr} {
		select {
		case *dst = <-addrs[name]:
		case err = <-failed:
		case <-ctx.Done():
		case <-time.After(30 * time.Second):
			err = fmt.Errorf("plein: %s did not start within 30 s", name)
		}
		if err != nil || ctx.Err() != nil {
			break
		}
	}
	if err == nil && ctx.Err() == nil {
		gwCtx, stopGateway := context.WithCancel(ctx)
		gwDone := make(chan error, 1)
		go func() { gwDone <- gateway.Run(gwCtx, gw, log) }()
		select {
		case err = <-gwDone:
			if err != nil {
				err = fmt.Errorf("gateway: %w", err)
			}
		case err = <-failed:
			stopGateway()
			<-gwDone
		}
		stopGateway()
	}
	stopServices()
	wg.Wait()
	close(failed)
	for ferr := range failed {
		err = errors.Join(err, ferr)
	}
	return err
}

// sealKeyFile is where the all-in-one keeps the seal key it generated.
const sealKeyFile = "seal.key"

// sealKeyOf returns the keyring the registrations and notifications
// services share for manage tokens (PLEIN_SEAL_KEY): the one set, or else
// the one in <data-dir>/seal.key, generated there (mode 0600) the first
// time.
func sealKeyOf(cfg Config, log *slog.Logger) (string, error) {
	for _, k := range []string{cfg.Registrations.SealKey, cfg.Notifications.SealKey} {
		if k != "" {
			return k, nil
		}
	}
	path := filepath.Join(cfg.DataDir, sealKeyFile)
	b, err := os.ReadFile(path)
	if err == nil {
		key := strings.TrimSpace(string(b))
		if _, err := seal.Parse(key); err != nil {
			return "", fmt.Errorf("%s: %w", path, err)
		}
		return key, nil
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return "", fmt.Errorf("seal key: %w", err)
	}
	key, err := seal.NewKey("local-" + time.Now().UTC().Format("20060102"))
	if err != nil {
		return "", err
	}
	if err := os.MkdirAll(cfg.DataDir, 0o750); err != nil {
		return "", fmt.Errorf("seal key: %w", err)
	}
	tmp, err := os.CreateTemp(cfg.DataDir, "."+sealKeyFile+"-*")
	if err != nil {
		return "", fmt.Errorf("seal key: %w", err)
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.WriteString(key + "\n"); err != nil {
		tmp.Close()
		return "", fmt.Errorf("seal key: %w", err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return "", fmt.Errorf("seal key: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return "", fmt.Errorf("seal key: %w", err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return "", fmt.Errorf("seal key: %w", err)
	}
	log.Info("seal key for manage tokens generated (set PLEIN_SEAL_KEY to choose one)", "file", path)
	return key, nil
}
