// Package config reads a service's settings from command-line flags and
// PLEIN_* environment variables.
//
// Precedence is flag, then environment variable, then default. Environment
// variables are read through a lookup function passed to Parse (normally
// os.LookupEnv, given by main), so nothing below main touches the process
// environment.
package config

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/prometheus/client_golang/prometheus"
	"go.opentelemetry.io/otel/trace"
)

// FlagSet is a set of flags, each optionally backed by an environment
// variable. The zero value is not usable; create one with New.
//
// Registering a flag name twice with the same kind, environment variable and
// default binds the second pointer to the same setting (both receive the
// parsed value). Registering it twice with different settings does not panic;
// the first registration is kept and Parse reports the conflict as an error.
type FlagSet struct {
	fs      *flag.FlagSet
	name    string
	out     io.Writer
	entries map[string]*entry
	order   []*entry
	errs    []error
}

type entry struct {
	name, env, def, help, kind string
	value                      flag.Value
}

// New returns an empty FlagSet that reports errors instead of exiting.
// Usage and errors are written to output.
func New(name string, output io.Writer) *FlagSet {
	f := &FlagSet{
		fs:      flag.NewFlagSet(name, flag.ContinueOnError),
		name:    name,
		out:     output,
		entries: make(map[string]*entry),
	}
	f.fs.SetOutput(output)
	f.fs.Usage = f.usage
	return f
}

// String registers a string setting.
func (f *FlagSet) String(p *string, name, env, def, help string) {
	register(f, p, name, env, def, help, "string", false,
		func(s string) (string, error) { return s, nil },
		func(v string) string { return strconv.Quote(v) })
}

// Int registers an integer setting.
func (f *FlagSet) Int(p *int, name, env string, def int, help string) {
	register(f, p, name, env, def, help, "int", false,
		func(s string) (int, error) {
			v, err := strconv.Atoi(s)
			if err != nil {
				return 0, fmt.Errorf("invalid integer %q", s)
			}
			return v, nil
		},
		strconv.Itoa)
}

// Bool registers a boolean setting. On the command line "-name" alone means
// true; "-name=false" turns it off.
func (f *FlagSet) Bool(p *bool, name, env string, def bool, help string) {
	register(f, p, name, env, def, help, "bool", true,
		func(s string) (bool, error) {
			v, err := strconv.ParseBool(s)
			if err != nil {
				return false, fmt.Errorf("invalid boolean %q", s)
			}
			return v, nil
		},
		strconv.FormatBool)
}

// Duration registers a duration setting such as "30s" or "1h30m".
func (f *FlagSet) Duration(p *time.Duration, name, env string, def time.Duration, help string) {
	register(f, p, name, env, def, help, "duration", false,
		func(s string) (time.Duration, error) {
			v, err := time.ParseDuration(s)
			if err != nil {
				return 0, fmt.Errorf("invalid duration %q", s)
			}
			return v, nil
		},
		time.Duration.String)
}

// Parse parses args (without the program name), then fills every setting
// not given as a flag from its environment variable, if lookupEnv reports
// one with a non-empty value. lookupEnv may be nil to ignore the environment.
//
// "-h" or "-help" prints the usage and returns flag.ErrHelp. An invalid flag
// value yields an error naming the flag; an invalid environment value yields
// an error naming the variable, e.g. `PLEIN_X: invalid integer "abc"`.
func (f *FlagSet) Parse(args []string, lookupEnv func(string) (string, bool)) error {
	if len(f.errs) > 0 {
		return errors.Join(f.errs...)
	}
	if err := f.fs.Parse(args); err != nil {
		return err
	}
	if lookupEnv == nil {
		return nil
	}
	given := make(map[string]bool)
	f.fs.Visit(func(fl *flag.Flag) { given[fl.Name] = true })
	for _, e := range f.order {
		if e.env == "" || given[e.name] {
			continue
		}
		v, ok := lookupEnv(e.env)
		if !ok || v == "" {
			continue
		}
		if err := e.value.Set(v); err != nil {
			return fmt.Errorf("%s: %w", e.env, err)
		}
	}
	return nil
}

// Args returns the arguments left after the flags.
func (f *FlagSet) Args() []string { return f.fs.Args() }

// Usage writes the list of settings to the FlagSet's output.
func (f *FlagSet) Usage() { f.usage() }

func (f *FlagSet) usage() {
	fmt.Fprintf(f.out, "Usage of %s:\n", f.name)
	for _, e := range f.order {
		fmt.Fprintf(f.out, "  -%s %s\n", e.name, e.kind)
		src := "default " + e.def
		if e.env != "" {
			src = "env " + e.env + ", " + src
		}
		fmt.Fprintf(f.out, "    \t%s (%s)\n", e.help, src)
	}
}

// value is a flag.Value writing the parsed value to every bound pointer.
type value[T any] struct {
	targets []*T
	parse   func(string) (T, error)
	format  func(T) string
	isBool  bool
}

func (v *value[T]) Set(s string) error {
	x, err := v.parse(s)
	if err != nil {
		return err
	}
	for _, p := range v.targets {
		*p = x
	}
	return nil
}

func (v *value[T]) String() string {
	if v == nil || len(v.targets) == 0 {
		return ""
	}
	return v.format(*v.targets[0])
}

func (v *value[T]) IsBoolFlag() bool { return v != nil && v.isBool }

func register[T any](f *FlagSet, p *T, name, env string, def T, help, kind string, isBool bool,
	parse func(string) (T, error), format func(T) string,
) {
	defText := format(def)
	if prev, ok := f.entries[name]; ok {
		v, same := prev.value.(*value[T])
		if !same || prev.env != env || prev.def != defText {
			f.errs = append(f.errs, fmt.Errorf("flag -%s registered twice with different settings", name))
			return
		}
		v.targets = append(v.targets, p)
		*p = def
		return
	}
	*p = def
	v := &value[T]{targets: []*T{p}, parse: parse, format: format, isBool: isBool}
	e := &entry{name: name, env: env, def: defText, help: help, kind: kind, value: v}
	f.entries[name] = e
	f.order = append(f.order, e)
	f.fs.Var(v, name, help)
}

// Common holds the settings every Plein service has.
type Common struct {
	DataDir string
	NATSURL string
	// NATSServer, if set, is a NATS server embedded in this process (the
	// all-in-one's): its parts connect to it in-process, without TCP,
	// instead of at NATSURL. Not a flag.
	NATSServer   *server.Server
	LogFormat    string
	LogLevel     string
	NATSReplicas int
	// MaxDeliver is how many deliveries of a message may fail before a
	// consumer keeps it as a dead letter.
	MaxDeliver int
	// DebugAddr, if set, is the loopback address the process serves
	// net/http/pprof on.
	DebugAddr string
	// MetricsAddr, if set, is the address the process serves its
	// Prometheus metrics on, at /metrics.
	MetricsAddr string
	// TLS secures gRPC between the gateway and the services.
	TLS TLS
	// Traces is where the process's spans go: set by cli.Main from the
	// standard OTEL_* variables (package tracing), or by a test; nil when
	// traces are off. Not a flag.
	Traces trace.TracerProvider
	// Metrics, if set, is where the services of the process register
	// their metrics, for the process to serve together (the all-in-one);
	// nil: each service serves its own on MetricsAddr. Not a flag.
	Metrics prometheus.Registerer
	// Backup schedules copies of the process's databases.
	Backup Backup
}

// Backup is where and how often a service copies its database while it
// runs (package backup): into Dir/<service>/, every Every, keeping the
// newest Keep copies. An empty Dir takes none.
type Backup struct {
	Dir   string
	Every time.Duration
	Keep  int
}

// TLS names the files of mutual TLS between the gateway and the services.
// With none set, gRPC is plaintext and allowed only on loopback unless
// Insecure says otherwise.
type TLS struct {
	Cert, Key, CA string
	Insecure      bool
}

// Enabled reports whether TLS files are configured.
func (t TLS) Enabled() bool { return t.Cert != "" || t.Key != "" || t.CA != "" }

// Register adds the common settings to f.
func (c *Common) Register(f *FlagSet) {
	f.String(&c.DataDir, "data-dir", "PLEIN_DATA_DIR", "./data", "directory for the SQLite database files")
	f.String(&c.NATSURL, "nats-url", "PLEIN_NATS_URL", "", "NATS server URLs, comma separated; empty runs NATS embedded")
	f.String(&c.LogFormat, "log-format", "PLEIN_LOG_FORMAT", "", `log format "json" or "text"; empty means text on a terminal, json otherwise`)
	f.String(&c.LogLevel, "log-level", "PLEIN_LOG_LEVEL", "info", "log level: debug, info, warn or error")
	f.Int(&c.NATSReplicas, "nats-replicas", "PLEIN_NATS_REPLICAS", 1, "JetStream stream replicas (3 on a three-node cluster)")
	f.Int(&c.MaxDeliver, "max-deliver", "PLEIN_MAX_DELIVER", 10, "deliveries of a message that may fail (redelivered after 0.2 s, 0.4 s, ... up to 1 min) before a consumer keeps it as a dead letter")
	f.String(&c.DebugAddr, "debug-addr", "PLEIN_DEBUG_ADDR", "", "loopback address serving net/http/pprof, e.g. 127.0.0.1:6060; empty = off")
	f.String(&c.MetricsAddr, "metrics-addr", "PLEIN_METRICS_ADDR", "", "address serving Prometheus metrics at /metrics, e.g. :9102; empty = off (the gateway serves its own on -http-addr too)")
	f.String(&c.TLS.Cert, "tls-cert", "PLEIN_TLS_CERT", "", "PEM certificate of this process for gRPC mutual TLS")
	f.String(&c.TLS.Key, "tls-key", "PLEIN_TLS_KEY", "", "PEM private key of -tls-cert")
	f.String(&c.TLS.CA, "tls-ca", "PLEIN_TLS_CA", "", "PEM certificate authority that signs the gateway's and services' certificates")
	f.Bool(&c.TLS.Insecure, "grpc-insecure", "PLEIN_GRPC_INSECURE", false, "allow plaintext gRPC on a non-loopback address (a private network you trust)")
	f.String(&c.Backup.Dir, "backup-dir", "PLEIN_BACKUP_DIR", "", "directory for scheduled copies of the databases, one folder per service; empty = none")
	f.Duration(&c.Backup.Every, "backup-every", "PLEIN_BACKUP_EVERY", time.Hour, "how often each database is copied into -backup-dir")
	f.Int(&c.Backup.Keep, "backup-keep", "PLEIN_BACKUP_KEEP", 24, "copies of each database kept in -backup-dir; older ones are removed")
}
