// Command events runs the events service on its own.
package main

import (
	"context"
	"log/slog"
	"os"

	"plein.dev/events"
	"plein.dev/platform/cli"
	"plein.dev/platform/config"
)

func main() {
	var cfg events.Config
	register := func(f *config.FlagSet) {
		cfg.Register(f)
		events.RegisterSealKey(f, &cfg.SealKey)
	}
	os.Exit(cli.Main("events", os.Args[1:], os.Stderr, os.LookupEnv, &cfg.Common, register,
		func(ctx context.Context, log *slog.Logger) error { return events.Run(ctx, cfg, log) }))
}
