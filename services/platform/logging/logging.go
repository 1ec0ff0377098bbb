// Package logging builds the slog logger every service uses.
package logging

import (
	"fmt"
	"io"
	"log/slog"
	"os"

	"golang.org/x/term"
)

// New returns a logger writing to w at the given level ("debug", "info",
// "warn", "error"; empty means info) with a "service" attribute on every
// record. format is "json", "text", or empty to choose text when w is a
// terminal and JSON otherwise.
func New(w io.Writer, format, level, service string) (*slog.Logger, error) {
	var lvl slog.Level
	if level != "" {
		if err := lvl.UnmarshalText([]byte(level)); err != nil {
			return nil, fmt.Errorf("log level %q: %w", level, err)
		}
	}
	if format == "" {
		format = "json"
		if isTerminal(w) {
			format = "text"
		}
	}
	opts := &slog.HandlerOptions{Level: lvl}
	var h slog.Handler
	switch format {
	case "json":
		h = slog.NewJSONHandler(w, opts)
	case "text":
		h = slog.NewTextHandler(w, opts)
	default:
		return nil, fmt.Errorf("log format %q: want \"json\" or \"text\"", format)
	}
	log := slog.New(h)
	if service != "" {
		log = log.With(slog.String("service", service))
	}
	return log, nil
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}
