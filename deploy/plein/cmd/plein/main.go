// Command plein runs all of Plein in one process: embedded NATS, the four
// services and the gateway on http://localhost:8080.
//
// "plein backup -to DIR" copies every database, while plein may be
// running; "plein restore -from DIR" puts such a copy into an empty data
// directory.
package main

import (
	"context"
	"log/slog"
	"os"
	"slices"

	"plein.dev/platform/cli"
	"plein.dev/plein"
)

func main() {
	if len(os.Args) > 1 {
		if sub, ok := subcommands[os.Args[1]]; ok {
			os.Exit(sub(os.Args[2:], os.Stdout, os.Stderr, os.LookupEnv))
		}
	}
	if slices.ContainsFunc(os.Args[1:], func(a string) bool { return a == "-h" || a == "-help" || a == "--help" }) {
		os.Stderr.WriteString(subcommandsUsage)
	}
	var cfg plein.Config
	os.Exit(cli.Main("plein", os.Args[1:], os.Stderr, os.LookupEnv, &cfg.Common, cfg.Register,
		func(ctx context.Context, log *slog.Logger) error { return plein.Run(ctx, cfg, log) }))
}
