// Command ambassadors runs the ambassadors service on its own.
package main

import (
	"context"
	"log/slog"
	"os"

	"plein.dev/ambassadors"
	"plein.dev/platform/cli"
)

func main() {
	var cfg ambassadors.Config
	os.Exit(cli.Main("ambassadors", os.Args[1:], os.Stderr, os.LookupEnv, &cfg.Common, cfg.Register,
		func(ctx context.Context, log *slog.Logger) error { return ambassadors.Run(ctx, cfg, log) }))
}
