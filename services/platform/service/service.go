// Package service runs one Plein service: it opens the database, connects to
// NATS, starts the outbox relay, the consumers and the gRPC server, and shuts
// them down in order. Every service's Run is a Spec handed to Run here.
package service

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net"
	"path/filepath"
	"sync"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/prometheus/client_golang/prometheus"
	"go.opentelemetry.io/otel/trace"
	"google.golang.org/grpc"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"

	"plein.dev/platform/backup"
	"plein.dev/platform/config"
	"plein.dev/platform/deadletters"
	"plein.dev/platform/grpcserver"
	"plein.dev/platform/inbox"
	"plein.dev/platform/messaging"
	"plein.dev/platform/outbox"
	"plein.dev/platform/sqlite"
	"plein.dev/platform/tlsconf"
	"plein.dev/platform/tracing"
	"plein.dev/platform/validation"
	opsv1 "plein.dev/proto/gen/plein/ops/v1"
)

// Deps is what a service's wiring gets to build its servers from.
type Deps struct {
	DB  *sqlite.DB
	JS  jetstream.JetStream
	Log *slog.Logger
	// Metrics registers the service's own metrics (e-mails, say), labelled
	// with its name.
	Metrics prometheus.Registerer
	// Traces is Spec.Traces: nil when traces are off.
	Traces trace.TracerProvider
}

// Spec describes one service.
type Spec struct {
	// Name is the service's name on the bus and its database file's name.
	Name    string
	DataDir string
	NATSURL string
	// NATSServer, if set, is a server embedded in this process, which the
	// service connects to in-process instead of at NATSURL.
	NATSServer *server.Server
	Replicas   int
	Addr       string
	// TLS secures the gRPC server (mutual TLS), or leaves it plaintext on
	// loopback.
	TLS        config.TLS
	Migrations fs.FS
	Log        *slog.Logger
	// Register registers the service's gRPC servers and returns the
	// consumers and background loops it wants run.
	Register func(s *grpc.Server, d Deps) (Parts, error)
	// Listening, if set, receives the gRPC address once it listens.
	Listening func(net.Addr)
	// StopTimeout bounds each shutdown step; default 10 s.
	StopTimeout time.Duration
	// Attempts is how many deliveries of a message may fail before a
	// consumer keeps it as a dead letter; 0 means inbox.DefaultAttempts.
	Attempts int
	// MetricsAddr, if set, is where the service serves its metrics at
	// /metrics, in a registry of its own that reports its dead letters
	// too. Unless Metrics is set.
	MetricsAddr string
	// Metrics, if set, is where the service registers its metrics instead:
	// the process serves them with others' (the all-in-one, whose gateway
	// reports every service's dead letters).
	Metrics prometheus.Registerer
	// Traces, if set, traces the service (package tracing): its gRPC
	// calls, its transactions within a trace, the messages it publishes
	// and those it consumes. Nil leaves traces off.
	Traces trace.TracerProvider
	// Backup schedules copies of the database (package backup); none
	// when its Dir is empty.
	Backup config.Backup
	// Conflated are the subjects of the service's snapshot messages, of
	// which the outbox relay publishes only the newest of an aggregate
	// (outbox.WithConflated).
	Conflated []string
}

// Parts are what a service runs beside its gRPC server.
type Parts struct {
	Consumers []Consumer
	Loops     []Loop
}

func (p Parts) check() error {
	for _, c := range p.Consumers {
		if err := c.check(); err != nil {
			return err
		}
	}
	for _, l := range p.Loops {
		if l.Name == "" || l.Every <= 0 || l.Run == nil {
			return fmt.Errorf("loop %q: want a name, an interval and a round", l.Name)
		}
	}
	return nil
}

// Run starts the service and blocks until ctx is done or a part fails, then
// stops it: gRPC stops taking requests and finishes those in flight,
// consumers drain, the outbox is flushed, NATS is drained and the database
// closed.
func Run(ctx context.Context, spec Spec) (err error) {
	log := spec.Log.With("service", spec.Name)
	stopTimeout := spec.StopTimeout
	if stopTimeout == 0 {
		stopTimeout = 10 * time.Second
	}
	replicas := max(spec.Replicas, 1)

	dbPath := filepath.Join(spec.DataDir, spec.Name+".db")
	db, err := sqlite.Open(ctx, dbPath, spec.Migrations, log)
	if err != nil {
		return fmt.Errorf("%s: %w", spec.Name, err)
	}
	db.Trace(spec.Traces)
	defer func() {
		if cerr := db.Close(); cerr != nil {
			err = errors.Join(err, fmt.Errorf("%s: close database: %w", spec.Name, cerr))
		}
	}()
	inst, err := newInstruments(spec, db, log) // metrics.go
	if err != nil {
		return fmt.Errorf("%s: %w", spec.Name, err)
	}
	defer inst.close(log)

	natsURL := spec.NATSURL
	if natsURL == "" {
		natsURL = nats.DefaultURL
	}
	nc, err := messaging.ConnectTo(natsURL, spec.NATSServer, "plein-"+spec.Name, log)
	if err != nil {
		return fmt.Errorf("%s: %w", spec.Name, err)
	}
	defer drain(nc, stopTimeout, log)
	js, err := jetstream.New(nc)
	if err != nil {
		return fmt.Errorf("%s: jetstream: %w", spec.Name, err)
	}

	lis, err := net.Listen("tcp", spec.Addr)
	if err != nil {
		return fmt.Errorf("%s: listen on %s: %w", spec.Name, spec.Addr, err)
	}
	validate, err := validation.UnaryInterceptor()
	if err != nil {
		lis.Close()
		return fmt.Errorf("%s: %w", spec.Name, err)
	}
	creds, err := tlsconf.Server(spec.TLS, spec.Addr)
	if err != nil {
		lis.Close()
		return fmt.Errorf("%s: %w", spec.Name, err)
	}
	srv, health := grpcserver.New(log, grpc.Creds(creds), grpc.ChainUnaryInterceptor(validate),
		tracing.ServerOption(spec.Traces), grpc.StatsHandler(inst.calls))
	parts, err := spec.Register(srv, Deps{DB: db, JS: js, Log: log, Traces: spec.Traces, Metrics: inst.reg})
	if err == nil {
		err = parts.check()
	}
	if err == nil {
		err = inst.watch(js, parts.Consumers, log)
	}
	if err != nil {
		lis.Close()
		return fmt.Errorf("%s: %w", spec.Name, err)
	}

	handlers := make(map[deadletters.Consumer]inbox.Handler, len(parts.Consumers))
	for _, c := range parts.Consumers {
		handlers[deadletters.Consumer{Stream: c.Stream, Durable: c.Durable}] = c.handler()
	}
	dead := deadletters.New(spec.Name, db, handlers, log)
	opsv1.RegisterDeadLettersServiceServer(srv, dead)
	inst.calls.Prepare(srv)
	if err := inst.deadLetters(dead); err != nil {
		lis.Close()
		return fmt.Errorf("%s: %w", spec.Name, err)
	}

	if err := catchUp(ctx, js, db, parts.Consumers, log); err != nil {
		lis.Close()
		return fmt.Errorf("%s: %w", spec.Name, err)
	}

	// Streams are declared before anything publishes or consumes, so a
	// service that starts first creates what the others need.
	if _, err := messaging.EnsureStream(ctx, js, spec.Name, replicas); err != nil {
		log.Warn("declare stream; the relay retries publishing until NATS answers", "err", err)
	}

	relay := outbox.NewRelay(db, js, log, outbox.WithStream(spec.Name, replicas), outbox.WithTracing(spec.Traces),
		outbox.WithConflated(spec.Conflated...))
	relayCtx, stopRelay := context.WithCancel(context.WithoutCancel(ctx))
	relayDone := make(chan struct{})
	go func() {
		defer close(relayDone)
		if err := relay.Run(relayCtx); err != nil && !errors.Is(err, context.Canceled) {
			log.Error("outbox relay stopped", "err", err)
		}
	}()

	workCtx, stopWork := context.WithCancel(ctx)
	var work sync.WaitGroup
	failed := make(chan error, len(parts.Consumers)+1)
	// Consumers that start from their creation are declared before the
	// service says it started, so that nothing published after that
	// passes them by.
	var declared sync.WaitGroup
	for _, c := range parts.Consumers {
		spec := c.spec(replicas, spec.Attempts, spec.Traces)
		spec.Redeliveries = inst.consumers.Redeliveries(c.Durable)
		if spec.FromCreation {
			declared.Add(1)
			spec.Declared = sync.OnceFunc(declared.Done)
		}
		work.Add(1)
		go func() {
			defer work.Done()
			if spec.Declared != nil {
				defer spec.Declared() // also when it stopped undeclared
			}
			if err := inbox.Run(workCtx, js, db, spec, c.handler(), log); err != nil && workCtx.Err() == nil {
				failed <- fmt.Errorf("consumer %s of %s: %w", c.Durable, c.Stream, err)
			}
		}()
	}
	work.Add(1)
	go func() {
		defer work.Done()
		backup.Schedule(workCtx, dbPath, spec.Name, spec.Backup, log)
	}()
	for _, loop := range parts.Loops {
		work.Add(1)
		go func() {
			defer work.Done()
			loop.run(workCtx, log)
		}()
	}

	serveCtx, stopServe := context.WithCancel(ctx)
	served := make(chan error, 1)
	go func() { served <- grpcserver.Serve(serveCtx, srv, lis, stopTimeout) }()
	if !waitDeclared(ctx, &declared, failed) {
		log.Warn("stopped before its consumers were declared")
	}
	health.SetServingStatus("", healthpb.HealthCheckResponse_SERVING)
	if spec.Listening != nil {
		spec.Listening(lis.Addr())
	}
	log.Info("started", "addr", lis.Addr().String())

	select {
	case <-ctx.Done():
	case err = <-failed:
		log.Error("stopping after a failure", "err", err)
	case err = <-served:
		err = fmt.Errorf("%s: grpc server: %w", spec.Name, err)
	}

	// Shutdown, in order.
	health.Shutdown()
	stopServe()
	if serr := <-served; serr != nil && err == nil {
		err = fmt.Errorf("%s: grpc server: %w", spec.Name, serr)
	}
	stopWork()
	work.Wait()
	flushCtx, cancel := context.WithTimeout(context.Background(), stopTimeout)
	if ferr := relay.Flush(flushCtx); ferr != nil {
		log.Warn("outbox not empty at shutdown; it is published at the next start", "err", ferr)
	}
	cancel()
	stopRelay()
	<-relayDone
	log.Info("stopped")
	return err
}

// waitDeclared waits for wg, and reports false when ctx ended or a part
// failed (left in failed for Run) first.
func waitDeclared(ctx context.Context, wg *sync.WaitGroup, failed chan error) bool {
	done := make(chan struct{})
	go func() {
		wg.Wait()
		close(done)
	}()
	select {
	case <-done:
		return true
	case <-ctx.Done():
	case err := <-failed:
		failed <- err
	}
	return false
}

func drain(nc *nats.Conn, timeout time.Duration, log *slog.Logger) {
	closed := make(chan struct{})
	nc.SetClosedHandler(func(*nats.Conn) { close(closed) })
	if err := nc.Drain(); err != nil {
		nc.Close()
		return
	}
	select {
	case <-closed:
	case <-time.After(timeout):
		log.Warn("nats drain timed out")
		nc.Close()
	}
}
