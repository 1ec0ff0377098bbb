package service_test

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/prometheus/client_golang/prometheus"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"

	"plein.dev/platform/identity"
	"plein.dev/platform/inbox"
	"plein.dev/platform/service"
	"plein.dev/platform/sqlite"
	"plein.dev/platform/testkit"
	opsv1 "plein.dev/proto/gen/plein/ops/v1"
	"plein.dev/proto/subject"
)

// metricsSpec is a service "events" consuming the registrations stream,
// whose handler gives up on a message "poison", and which counts one
// metric of its own through Deps.Metrics.
func metricsSpec(t *testing.T, natsURL string, listening func(net.Addr)) service.Spec {
	return service.Spec{
		Name: "events", DataDir: t.TempDir(), NATSURL: natsURL, Addr: "127.0.0.1:0", Attempts: 2,
		Log: testkit.Logger(t), Listening: listening,
		Migrations: fstest.MapFS{"0001_effects.sql": {Data: []byte("-- +goose Up\nCREATE TABLE effects (data TEXT NOT NULL);\n")}},
		Register: func(_ *grpc.Server, d service.Deps) (service.Parts, error) {
			own := prometheus.NewCounter(prometheus.CounterOpts{Name: "plein_test_own_total", Help: "A service's own metric."})
			if err := d.Metrics.Register(own); err != nil {
				return service.Parts{}, err
			}
			own.Inc()
			return service.Parts{Consumers: []service.Consumer{{
				Stream: subject.StreamRegistrations, Durable: "events", Start: service.FromFirstMessage,
				Handle: map[subject.Subject]inbox.Handler{subject.SeatsChanged: func(ctx context.Context, tx sqlite.Tx, m inbox.Message) error {
					if string(m.Data) == "poison" {
						return fmt.Errorf("cannot apply %q", m.Data)
					}
					_, err := tx.ExecContext(ctx, `INSERT INTO effects (data) VALUES (?)`, string(m.Data))
					return err
				}},
			}}}, nil
		},
	}
}

// A service with a metrics address serves its metrics there, every one
// labelled with its name: its calls, database, outbox, consumers, dead
// letters and its own, with the process's.
func TestServiceServesItsMetrics(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	srv := testkit.NATS(t)
	_, js := testkit.Conn(t, srv.ClientURL())

	metricsAddr := fmt.Sprintf("127.0.0.1:%d", freePort(t))
	addrs := make(chan net.Addr, 1)
	spec := metricsSpec(t, srv.ClientURL(), func(a net.Addr) { addrs <- a })
	spec.MetricsAddr = metricsAddr
	runCtx, stop := context.WithCancel(ctx)
	ran := make(chan error, 1)
	go func() { ran <- service.Run(runCtx, spec) }()
	defer func() {
		stop()
		if err := <-ran; err != nil {
			t.Error(err)
		}
	}()
	var addr net.Addr
	select {
	case addr = <-addrs:
	case err := <-ran:
		t.Fatalf("Run = %v", err)
	}

	for i, data := range []string{"one", "poison"} {
		msg := nats.NewMsg(string(subject.SeatsChanged))
		msg.Data = []byte(data)
		if _, err := js.PublishMsg(ctx, msg, jetstream.WithMsgID(fmt.Sprint(i))); err != nil {
			t.Fatal(err)
		}
	}
	conn, err := grpc.NewClient(addr.String(), grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	admin := identity.Outgoing(ctx, identity.Identity{UserID: "u1", Roles: []string{identity.RoleAdmin}})
	for {
		list, err := opsv1.NewDeadLettersServiceClient(conn).ListDeadLetters(admin, &opsv1.ListDeadLettersRequest{})
		if err != nil {
			t.Fatal(err)
		}
		if len(list.GetDeadLetters()) == 1 {
			break
		}
		if ctx.Err() != nil {
			t.Fatal("the poison message did not become a dead letter")
		}
		time.Sleep(50 * time.Millisecond)
	}

	scrape := scrapeMetrics(t, "http://"+metricsAddr+"/metrics")
	for _, want := range []string{
		`plein_dead_letters{consumer="events",service="events"} 1`,
		`plein_dead_letters_total{consumer="events",service="events"} 1`,
		// The poison message's second delivery.
		`plein_consumer_redeliveries_total{consumer="events",service="events"} 1`,
		`plein_consumer_pending{consumer="events",service="events"} 0`,
		`plein_outbox_backlog{service="events"} 0`,
		`plein_outbox_oldest_age_seconds{service="events"} 0`,
		`plein_test_own_total{service="events"} 1`,
		// Every method, at zero before its first call.
		`plein_grpc_server_requests_total{code="OK",method="/plein.ops.v1.DeadLettersService/RetryDeadLetter",service="events"} 0`,
	} {
		if !strings.Contains(scrape, want+"\n") {
			t.Errorf("scrape lacks %s", want)
		}
	}
	for _, re := range []string{
		`plein_grpc_server_requests_total\{code="OK",method="/plein.ops.v1.DeadLettersService/ListDeadLetters",service="events"\} [1-9]`,
		`plein_grpc_server_request_duration_seconds_count\{method="/plein.ops.v1.DeadLettersService/ListDeadLetters",service="events"\} [1-9]`,
		`plein_sqlite_tx_duration_seconds_count\{service="events"\} [1-9]`,
		`plein_sqlite_group_size_count\{service="events"\} [1-9]`,
		`go_goroutines [1-9]`,
	} {
		if !regexp.MustCompile(`(?m)^` + re).MatchString(scrape) {
			t.Errorf("scrape lacks a line matching %s", re)
		}
	}
}

// A service given a registry registers its metrics there, labelled with
// its name, and leaves its dead letters to the process's gateway.
func TestServiceRegistersInTheGivenRegistry(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	srv := testkit.NATS(t)
	started := make(chan struct{})
	spec := metricsSpec(t, srv.ClientURL(), func(net.Addr) { close(started) })
	reg := prometheus.NewPedanticRegistry()
	spec.Metrics = reg
	spec.MetricsAddr = "127.0.0.1:1" // not served: the process serves reg
	runCtx, stop := context.WithCancel(ctx)
	ran := make(chan error, 1)
	go func() { ran <- service.Run(runCtx, spec) }()
	select {
	case <-started:
	case err := <-ran:
		t.Fatalf("Run = %v", err)
	}
	mfs, err := reg.Gather()
	stop()
	if rerr := <-ran; rerr != nil {
		t.Error(rerr)
	}
	if err != nil {
		t.Fatal(err)
	}
	names := map[string]bool{}
	for _, mf := range mfs {
		names[mf.GetName()] = true
		for _, m := range mf.GetMetric() {
			if l := m.GetLabel(); len(l) == 0 || !hasLabel(m.GetLabel(), "service", "events") {
				t.Errorf("%s without service=events: %v", mf.GetName(), l)
			}
		}
	}
	for _, want := range []string{"plein_outbox_backlog", "plein_consumer_redeliveries_total", "plein_sqlite_group_size", "plein_grpc_server_requests_total", "plein_test_own_total"} {
		if !names[want] {
			t.Errorf("%s not registered", want)
		}
	}
	for _, not := range []string{"plein_dead_letters", "plein_dead_letters_total", "go_goroutines"} {
		if names[not] {
			t.Errorf("%s registered: the process reports it once, not each service", not)
		}
	}
}

func hasLabel[L interface {
	GetName() string
	GetValue() string
}](labels []L, name, value string) bool {
	for _, l := range labels {
		if l.GetName() == name && l.GetValue() == value {
			return true
		}
	}
	return false
}

func scrapeMetrics(t *testing.T, url string) string {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d %v\n%s", url, resp.StatusCode, err, b)
	}
	return string(b)
}

func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}
