// Command plein-bench measures Plein's registration write path against a
// bare SQLite endpoint in the same run and writes the results as JSON; see
// scripts/bench, which builds bin/plein and runs it.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	"time"

	"plein.dev/plein/internal/bench"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	f := flag.NewFlagSet("plein-bench", flag.ContinueOnError)
	f.SetOutput(stderr)
	var (
		cfg   bench.Config
		out   string
		smoke bool
	)
	f.StringVar(&cfg.Bin, "bin", "bin/plein", "the plein binary to measure")
	f.StringVar(&out, "out", "bench/results.json", "where to write the results")
	f.IntVar(&cfg.Clients, "clients", 64, "concurrent clients")
	f.DurationVar(&cfg.Duration, "duration", 8*time.Second, "length of each load phase")
	f.IntVar(&cfg.Small, "small", 1000, "registrations at the small event when the cost is measured")
	f.IntVar(&cfg.Large, "large", 98000, "registrations at the large event when the cost is measured")
	f.IntVar(&cfg.Batch, "batch", 2000, "registrations measured at each event size")
	f.IntVar(&cfg.ListEvents, "events", 100000, "events seeded for the listing phase (0: no listing phase)")
	f.IntVar(&cfg.ListRegistrations, "registrations", 1000000, "registrations seeded over those events")
	f.IntVar(&cfg.ListClients, "list-clients", 8, "concurrent clients reading the listing")
	f.DurationVar(&cfg.ListDuration, "list-duration", 2*time.Second, "how long each listing filter is read")
	f.StringVar(&cfg.Profile, "cpuprofile", "", "write a CPU profile of plein during the whole-path load here")
	f.BoolVar(&smoke, "smoke", false, "a run of about two seconds that checks the bench works (figures mean little)")
	if err := f.Parse(args); err != nil {
		return 2
	}
	if smoke {
		cfg.Clients, cfg.Duration, cfg.Small, cfg.Large, cfg.Batch = 16, 300*time.Millisecond, 20, 200, 50
		cfg.ListEvents, cfg.ListRegistrations, cfg.ListDuration = 2000, 20000, 50*time.Millisecond
	}
	dir, err := os.MkdirTemp("", "plein-bench-")
	if err != nil {
		fmt.Fprintln(stderr, "plein-bench:", err)
		return 1
	}
	defer os.RemoveAll(dir)
	cfg.Dir = dir
	cfg.Progress = stderr

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	res, runErr := bench.Run(ctx, cfg)
	if res == nil {
		fmt.Fprintln(stderr, "plein-bench:", runErr)
		return 1
	}
	if runErr != nil {
		// Keep what was measured before the run stopped.
		res.Incomplete = runErr.Error()
	}
	if err := res.WriteTable(stdout); err != nil {
		fmt.Fprintln(stderr, "plein-bench:", err)
		return 1
	}
	if err := res.WriteJSON(out); err != nil {
		fmt.Fprintln(stderr, "plein-bench:", err)
		return 1
	}
	fmt.Fprintln(stderr, "==> results written to", out)
	if runErr != nil {
		fmt.Fprintln(stderr, "plein-bench:", runErr)
		return 1
	}
	if problems := res.Problems(); len(problems) > 0 {
		for _, p := range problems {
			fmt.Fprintln(stderr, "plein-bench: problem:", p)
		}
		return 1
	}
	return 0
}
