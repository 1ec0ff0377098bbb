// Package messaging connects services to NATS JetStream: an embedded server
// for the all-in-one and tests, client connections that reconnect forever,
// and the per-service stream declaration.
package messaging

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// EmbeddedOptions configures an embedded NATS server.
type EmbeddedOptions struct {
	// StoreDir holds the JetStream file store. Required.
	StoreDir string
	// Host to listen on; empty means 127.0.0.1.
	Host string
	// Port to listen on: -1 picks a random free port, 0 opens no TCP
	// listener (in-process connections only, see ConnectInProcess).
	Port int
}

const readyTimeout = 10 * time.Second

// StartEmbedded starts a NATS server with JetStream enabled and waits until
// it accepts connections. The caller shuts it down with srv.Shutdown (and
// srv.WaitForShutdown).
func StartEmbedded(opts EmbeddedOptions, log *slog.Logger) (*server.Server, error) {
	if opts.StoreDir == "" {
		return nil, errors.New("start embedded NATS: empty store directory")
	}
	host := opts.Host
	if host == "" {
		host = "127.0.0.1"
	}
	sopts := &server.Options{
		ServerName: "plein-embedded",
		Host:       host,
		Port:       opts.Port,
		DontListen: opts.Port == 0,
		JetStream:  true,
		StoreDir:   opts.StoreDir,
		NoSigs:     true, // signals belong to the process, not the library
	}
	srv, err := server.NewServer(sopts)
	if err != nil {
		return nil, fmt.Errorf("start embedded NATS: %w", err)
	}
	srv.SetLoggerV2(serverLogger{log: log.With(slog.String("component", "nats-server"))}, false, false, false)
	srv.Start()
	if !srv.ReadyForConnections(readyTimeout) {
		srv.Shutdown()
		srv.WaitForShutdown()
		return nil, fmt.Errorf("start embedded NATS: not ready after %s", readyTimeout)
	}
	return srv, nil
}

// serverLogger sends nats-server's log lines to slog. The server's notices
// (mostly its start-up banner) go to debug.
type serverLogger struct{ log *slog.Logger }

func (l serverLogger) Noticef(format string, v ...any) { l.log.Debug(fmt.Sprintf(format, v...)) }
func (l serverLogger) Warnf(format string, v ...any)   { l.log.Warn(fmt.Sprintf(format, v...)) }
func (l serverLogger) Fatalf(format string, v ...any)  { l.log.Error(fmt.Sprintf(format, v...)) }
func (l serverLogger) Errorf(format string, v ...any)  { l.log.Error(fmt.Sprintf(format, v...)) }
func (l serverLogger) Debugf(format string, v ...any)  { l.log.Debug(fmt.Sprintf(format, v...)) }
func (l serverLogger) Tracef(format string, v ...any)  { l.log.Debug(fmt.Sprintf(format, v...)) }

// Connect connects to the NATS servers in url (comma-separated list). It
// keeps reconnecting forever, also when the first attempt fails (then it
// returns a connection that is still connecting; publishes are buffered and
// requests wait). Disconnects and reconnects are logged.
func Connect(url, name string, log *slog.Logger) (*nats.Conn, error) {
	nc, err := nats.Connect(url, connOptions(name, log, nats.RetryOnFailedConnect(true))...)
	if err != nil {
		return nil, fmt.Errorf("connect to NATS %s: %w", redact(url), err)
	}
	return nc, nil
}

// ConnectTo connects to srv in-process when it is set (a server embedded
// in this process: every publish, delivery and ack then skips the loopback
// socket and its system calls), and to url otherwise.
func ConnectTo(url string, srv *server.Server, name string, log *slog.Logger) (*nats.Conn, error) {
	if srv != nil {
		return ConnectInProcess(srv, name, log)
	}
	return Connect(url, name, log)
}

// ConnectInProcess connects to an embedded server without TCP.
func ConnectInProcess(srv *server.Server, name string, log *slog.Logger) (*nats.Conn, error) {
	nc, err := nats.Connect("", connOptions(name, log, nats.InProcessServer(srv))...)
	if err != nil {
		return nil, fmt.Errorf("connect to embedded NATS: %w", err)
	}
	return nc, nil
}

func connOptions(name string, log *slog.Logger, extra ...nats.Option) []nats.Option {
	log = log.With(slog.String("nats_conn", name))
	opts := []nats.Option{
		nats.Name(name),
		nats.MaxReconnects(-1),
		nats.ReconnectWait(250 * time.Millisecond),
		nats.ConnectHandler(func(nc *nats.Conn) {
			log.Info("NATS connected", slog.String("url", redact(nc.ConnectedUrlRedacted())))
		}),
		nats.DisconnectErrHandler(func(_ *nats.Conn, err error) {
			if err != nil {
				log.Warn("NATS disconnected", slog.Any("err", err))
				return
			}
			log.Info("NATS disconnected")
		}),
		nats.ReconnectHandler(func(nc *nats.Conn) {
			log.Info("NATS reconnected", slog.String("url", nc.ConnectedUrlRedacted()))
		}),
		nats.ClosedHandler(func(*nats.Conn) {
			log.Info("NATS connection closed")
		}),
		nats.ErrorHandler(func(_ *nats.Conn, sub *nats.Subscription, err error) {
			subject := ""
			if sub != nil {
				subject = sub.Subject
			}
			log.Warn("NATS error", slog.String("subject", subject), slog.Any("err", err))
		}),
	}
	return append(opts, extra...)
}

// redact removes user information from a list of URLs for logging.
func redact(urls string) string {
	parts := strings.Split(urls, ",")
	for i, p := range parts {
		if at := strings.LastIndex(p, "@"); at >= 0 {
			if scheme := strings.Index(p, "://"); scheme >= 0 && scheme < at {
				parts[i] = p[:scheme+3] + "***" + p[at:]
			} else {
				parts[i] = "***" + p[at:]
			}
		}
	}
	return strings.Join(parts, ",")
}

// StreamName returns the JetStream stream of a producing service:
// "events" -> "PLEIN_EVENTS".
func StreamName(service string) string {
	return "PLEIN_" + strings.ToUpper(strings.ReplaceAll(service, "-", "_"))
}

// Subjects returns the subject filter of a service's stream: "plein.<service>.>".
func Subjects(service string) string {
	return "plein." + service + ".>"
}

// Retention of every service's stream: a message leaves it after
// StreamMaxAge. A stream that holds StreamMaxBytes refuses new messages
// (DiscardNew) rather than dropping its oldest ones, which a consumer may
// not have read yet and which hold the person keys (platform/shred) that
// younger messages need: the relay keeps them in the outbox until the
// oldest age out, and the outbox backlog alert says so. Thirty days is far longer than any consumer needs to catch up
// and than the inbox remembers applied message ids (seven days, see
// platform/inbox), so nothing is redelivered twice; it bounds how long a
// message stays on disk, and the disk the bus takes.
const (
	StreamMaxAge   = 30 * 24 * time.Hour
	StreamMaxBytes = 1 << 30
)

// DuplicateWindow is how long JetStream remembers Nats-Msg-Id values to
// drop re-published outbox rows.
const DuplicateWindow = 10 * time.Minute

// EnsureStream creates or updates the stream of service; only the service
// that owns the stream (publishes to it) calls it, so that one process
// decides its settings. Processes that disagree on PLEIN_NATS_REPLICAS
// would otherwise turn the replicas back and forth at every start.
func EnsureStream(ctx context.Context, js jetstream.JetStream, service string, replicas int) (jetstream.Stream, error) {
	cfg := streamConfig(service, replicas)
	s, err := findOrCreate(ctx, js, cfg)
	if err != nil {
		return nil, err
	}
	have := s.CachedInfo().Config
	if slices.Equal(have.Subjects, cfg.Subjects) && have.Replicas == cfg.Replicas &&
		have.Duplicates == cfg.Duplicates && have.Storage == cfg.Storage &&
		have.MaxAge == cfg.MaxAge && have.MaxBytes == cfg.MaxBytes && have.Discard == cfg.Discard {
		return s, nil
	}
	s, err = js.UpdateStream(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("update stream %s: %w", cfg.Name, err)
	}
	return s, nil
}

// JoinStream returns the stream of service for a consumer in another
// service: as it is when it exists, whatever its settings (its owner
// declares them, with EnsureStream); created with replicas when the
// consumer starts first, for the owner to correct.
func JoinStream(ctx context.Context, js jetstream.JetStream, service string, replicas int) (jetstream.Stream, error) {
	return findOrCreate(ctx, js, streamConfig(service, replicas))
}

func streamConfig(service string, replicas int) jetstream.StreamConfig {
	return jetstream.StreamConfig{
		Name:       StreamName(service),
		Subjects:   []string{Subjects(service)},
		Storage:    jetstream.FileStorage,
		Retention:  jetstream.LimitsPolicy,
		Discard:    jetstream.DiscardNew,
		Duplicates: DuplicateWindow,
		MaxAge:     StreamMaxAge,
		MaxBytes:   StreamMaxBytes,
		Replicas:   max(replicas, 1),
	}
}

// findOrCreate returns the stream named in cfg, creating it when it is
// missing. It never updates an existing one: needless updates racing
// consumer creation are best avoided (nats-server 2.15.2 shows a data race
// between the two under -race).
func findOrCreate(ctx context.Context, js jetstream.JetStream, cfg jetstream.StreamConfig) (jetstream.Stream, error) {
	s, err := js.Stream(ctx, cfg.Name)
	if errors.Is(err, jetstream.ErrStreamNotFound) {
		s, err = js.CreateStream(ctx, cfg)
		if errors.Is(err, jetstream.ErrStreamNameAlreadyInUse) {
			s, err = js.Stream(ctx, cfg.Name)
		}
	}
	if err != nil {
		return nil, fmt.Errorf("ensure stream %s: %w", cfg.Name, err)
	}
	return s, nil
}

// Headers the outbox relay sets on every message, next to Nats-Msg-Id
// (jetstream.MsgIDHeader, the outbox row id).
const (
	// HeaderAggregate names the aggregate a message is about, e.g.
	// "event:0193...".
	HeaderAggregate = "Plein-Aggregate"
	// HeaderVersion is the aggregate's version after the change, in decimal.
	HeaderVersion = "Plein-Version"
)
