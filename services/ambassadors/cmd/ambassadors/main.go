// Command ambassadors runs the ambassadors service on its own.
package main

import (
	"context"
	"log/slog"
	"os"

	"plein.dev/ambassadors"
	"plein.dev/platform/cli"
	"plein.dev/platform/config"
)

func main() {
	var cfg ambassadors.Config
	register := func(f *config.FlagSet) {
		cfg.Register(f)
		ambassadors.RegisterSealKey(f, &cfg.SealKey)
		config.RegisterRetention(f, &cfg.RetentionDays)
	}
	os.Exit(cli.Main("ambassadors", os.Args[1:], os.Stderr, os.LookupEnv, &cfg.Common, register,
		func(ctx context.Context, log *slog.Logger) error { return ambassadors.Run(ctx, cfg, log) }))
}
