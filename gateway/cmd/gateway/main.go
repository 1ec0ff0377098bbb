// Command gateway runs the HTTP gateway on its own, in front of services
// that run as separate processes.
package main

import (
	"context"
	"log/slog"
	"os"

	"plein.dev/gateway"
	"plein.dev/platform/cli"
	"plein.dev/platform/config"
)

func main() {
	var cfg gateway.Config
	register := func(f *config.FlagSet) {
		cfg.Register(f)
		cfg.RegisterBackends(f)
	}
	os.Exit(cli.Main("gateway", os.Args[1:], os.Stderr, os.LookupEnv, &cfg.Common, register,
		func(ctx context.Context, log *slog.Logger) error { return gateway.Run(ctx, cfg, log) }))
}
