// Command events runs the events service on its own.
package main

import (
	"context"
	"log/slog"
	"os"

	"plein.dev/events"
	"plein.dev/platform/cli"
)

func main() {
	var cfg events.Config
	os.Exit(cli.Main("events", os.Args[1:], os.Stderr, os.LookupEnv, &cfg.Common, cfg.Register,
		func(ctx context.Context, log *slog.Logger) error { return events.Run(ctx, cfg, log) }))
}
