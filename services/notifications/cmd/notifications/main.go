// Command notifications runs the notifications service on its own.
package main

import (
	"context"
	"log/slog"
	"os"

	"plein.dev/notifications"
	"plein.dev/platform/cli"
)

func main() {
	var cfg notifications.Config
	os.Exit(cli.Main("notifications", os.Args[1:], os.Stderr, os.LookupEnv, &cfg.Common, cfg.Register,
		func(ctx context.Context, log *slog.Logger) error { return notifications.Run(ctx, cfg, log) }))
}
