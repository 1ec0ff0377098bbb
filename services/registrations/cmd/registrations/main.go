// Command registrations runs the registrations service on its own.
package main

import (
	"context"
	"log/slog"
	"os"

	"plein.dev/platform/cli"
	"plein.dev/registrations"
)

func main() {
	var cfg registrations.Config
	os.Exit(cli.Main("registrations", os.Args[1:], os.Stderr, os.LookupEnv, &cfg.Common, cfg.Register,
		func(ctx context.Context, log *slog.Logger) error { return registrations.Run(ctx, cfg, log) }))
}
