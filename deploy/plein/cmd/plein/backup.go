package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os/signal"
	"syscall"
	"time"

	"plein.dev/platform/config"
	"plein.dev/plein"
)

// subcommands are plein's commands beside running it: each parses its own
// arguments and returns the exit code.
var subcommands = map[string]func(args []string, stdout, stderr io.Writer, lookupEnv func(string) (string, bool)) int{
	"backup":  backupCmd,
	"restore": restoreCmd,
}

const subcommandsUsage = `Commands besides running Plein:
  plein backup -to DIR [-data-dir DIR]     copy every database (and the generated seal key) into the empty DIR, also while plein runs
  plein restore -from DIR [-data-dir DIR]  check and copy a backup into an empty data directory; then start plein

`

func backupCmd(args []string, stdout, stderr io.Writer, lookupEnv func(string) (string, bool)) int {
	var dataDir, to string
	f := config.New("plein backup", stderr)
	f.String(&dataDir, "data-dir", "PLEIN_DATA_DIR", "./data", "data directory of the plein to back up")
	f.String(&to, "to", "", "", "directory to write the backup into; must be empty or not exist")
	return runSub(f, args, stderr, lookupEnv, func(ctx context.Context) error {
		if to == "" {
			return errors.New("-to is required")
		}
		start := time.Now()
		copied, err := plein.Backup(ctx, dataDir, to)
		report(stdout, "backed up", copied, false)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "backup of %s in %s, every database as it was at one instant, in %s; keep it with PLEIN_SEAL_KEY if you set one\n",
			dataDir, to, time.Since(start).Round(time.Millisecond))
		return nil
	})
}

func restoreCmd(args []string, stdout, stderr io.Writer, lookupEnv func(string) (string, bool)) int {
	var dataDir, from string
	f := config.New("plein restore", stderr)
	f.String(&dataDir, "data-dir", "PLEIN_DATA_DIR", "./data", "data directory to restore into; must be empty or not exist (it may hold the nats store kept from before)")
	f.String(&from, "from", "", "", "directory holding a backup made by plein backup")
	return runSub(f, args, stderr, lookupEnv, func(ctx context.Context) error {
		if from == "" {
			return errors.New("-from is required")
		}
		copied, err := plein.Restore(ctx, from, dataDir)
		report(stdout, "restored", copied, true)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "restored %s into %s; start plein with -data-dir %s\n", from, dataDir, dataDir)
		return nil
	})
}

// runSub parses f from args and the environment and runs do until it
// returns or SIGINT/SIGTERM.
func runSub(f *config.FlagSet, args []string, stderr io.Writer, lookupEnv func(string) (string, bool),
	do func(ctx context.Context) error) int {
	if err := f.Parse(args, lookupEnv); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if len(f.Args()) > 0 {
		fmt.Fprintf(stderr, "unexpected arguments: %q\n", f.Args())
		return 2
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	if err := do(ctx); err != nil {
		fmt.Fprintf(stderr, "plein: %v\n", err)
		return 1
	}
	return 0
}

func report(w io.Writer, verb string, copied []plein.Copied, took bool) {
	for _, c := range copied {
		fmt.Fprintf(w, "%s %-20s %10d bytes", verb, c.Name, c.Size)
		if took {
			fmt.Fprintf(w, " in %s", c.Took.Round(100*time.Microsecond))
		}
		fmt.Fprintln(w)
	}
}
