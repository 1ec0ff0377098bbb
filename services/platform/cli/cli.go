// Package cli is the shared body of the services' main functions: parse
// flags and environment, set up logging, run until SIGINT or SIGTERM.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"syscall"
	"time"

	"plein.dev/platform/config"
	"plein.dev/platform/logging"
	"plein.dev/platform/profiling"
	"plein.dev/platform/tracing"
)

// Main parses the settings registered by register into common and whatever
// register binds, then calls run with a logger and a context cancelled on
// SIGINT or SIGTERM. It returns the process exit code.
func Main(name string, args []string, stderr io.Writer, lookupEnv func(string) (string, bool),
	common *config.Common, register func(*config.FlagSet),
	run func(ctx context.Context, log *slog.Logger) error) int {
	f := config.New(name, stderr)
	common.Register(f)
	register(f)
	if err := f.Parse(args, lookupEnv); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		fmt.Fprintf(stderr, "%s: %v\n", name, err)
		return 2
	}
	// Each service names itself on its log lines (several share one
	// process in the all-in-one), so the process adds no service attribute.
	log, err := logging.New(stderr, common.LogFormat, common.LogLevel, "")
	if err != nil {
		fmt.Fprintf(stderr, "%s: %v\n", name, err)
		return 2
	}
	// Profiles are the process's, so the process serves them once, for
	// every part it runs (the all-in-one runs them all).
	if common.DebugAddr != "" {
		prof, err := profiling.Start(common.DebugAddr, log)
		if err != nil {
			fmt.Fprintf(stderr, "%s: PLEIN_DEBUG_ADDR: %v\n", name, err)
			return 2
		}
		defer prof.Close()
		log.Info("serving pprof", "addr", prof.Addr().String())
	}
	// Traces are the process's too: one provider for every part it runs,
	// each part naming its spans.
	settings := tracing.FromEnv(name, lookupEnv)
	traces, stopTraces, err := tracing.Start(context.Background(), settings)
	if err != nil {
		fmt.Fprintf(stderr, "%s: %v\n", name, err)
		return 2
	}
	defer func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := stopTraces(ctx); err != nil {
			log.Warn("flushing traces", "err", err)
		}
	}()
	if traces != nil {
		common.Traces = traces
		log.Info("exporting traces over OTLP", "service_name", settings.ServiceName)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, log); err != nil {
		log.Error("stopped with an error", "err", err)
		return 1
	}
	return 0
}
