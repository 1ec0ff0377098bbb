// Command plein runs all of Plein in one process: embedded NATS, the four
// services and the gateway on http://localhost:8080.
package main

import (
	"context"
	"log/slog"
	"os"

	"plein.dev/platform/cli"
	"plein.dev/plein"
)

func main() {
	var cfg plein.Config
	os.Exit(cli.Main("plein", os.Args[1:], os.Stderr, os.LookupEnv, &cfg.Common, cfg.Register,
		func(ctx context.Context, log *slog.Logger) error { return plein.Run(ctx, cfg, log) }))
}
