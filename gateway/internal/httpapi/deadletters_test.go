package httpapi

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"

	"plein.dev/gateway/internal/accounts"
	"plein.dev/gateway/migrations"
	"plein.dev/platform/deadletters"
	"plein.dev/platform/grpcserver"
	"plein.dev/platform/identity"
	"plein.dev/platform/inbox"
	"plein.dev/platform/sqlite"
	"plein.dev/platform/testkit"
	opsv1 "plein.dev/proto/gen/plein/ops/v1"
)

// deadLetterBackend serves the dead letters of db as service over gRPC on
// loopback and returns a connection that forwards the caller's identity,
// as the gateway's own connections do.
func deadLetterBackend(t *testing.T, service string, db *sqlite.DB, handlers map[deadletters.Consumer]inbox.Handler) *grpc.ClientConn {
	t.Helper()
	srv, _ := grpcserver.New(testkit.Logger(t))
	opsv1.RegisterDeadLettersServiceServer(srv, deadletters.New(service, db, handlers, testkit.Logger(t)))
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = srv.Serve(lis) }()
	t.Cleanup(srv.Stop)
	return dialForwarding(t, lis.Addr().String())
}

func dialForwarding(t *testing.T, addr string) *grpc.ClientConn {
	t.Helper()
	conn, err := grpc.NewClient(addr, grpc.WithTransportCredentials(insecure.NewCredentials()),
		grpc.WithUnaryInterceptor(func(ctx context.Context, method string, req, reply any, cc *grpc.ClientConn, invoker grpc.UnaryInvoker, opts ...grpc.CallOption) error {
			return invoker(identity.Outgoing(ctx, identity.FromContext(ctx)), method, req, reply, cc, opts...)
		}))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = conn.Close() })
	return conn
}

// An administrator lists the dead letters of every service, retries one
// that fails again (422, it stays), retries it after the fix (200, gone);
// the metrics count them per service and consumer.
func TestDeadLetters(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()

	// A real consumer gives a message up: notifications has a dead letter.
	var fixed atomic.Bool
	handler := func(_ context.Context, _ sqlite.Tx, m inbox.Message) error {
		if !fixed.Load() {
			return fmt.Errorf("no template for %s: %w", m.Subject, inbox.ErrPermanent)
		}
		return nil
	}
	ns := testkit.NATS(t)
	_, js := testkit.Conn(t, ns.ClientURL())
	notificationsDB := testkit.DB(t, nil)
	runCtx, stop := context.WithCancel(ctx)
	ran := make(chan error, 1)
	spec := inbox.Spec{Stream: "registrations", Durable: "notifications"}
	go func() { ran <- inbox.Run(runCtx, js, notificationsDB, spec, handler, testkit.Logger(t)) }()
	msg := nats.NewMsg("plein.registrations.registration.confirmed")
	msg.Data = []byte("payload")
	if _, err := js.PublishMsg(ctx, msg, jetstream.WithMsgID("m1")); err != nil {
		t.Fatal(err)
	}
	for {
		dead, err := inbox.DeadLetters(ctx, notificationsDB, 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(dead) == 1 {
			break
		}
		if ctx.Err() != nil {
			t.Fatal("no dead letter")
		}
		time.Sleep(20 * time.Millisecond)
	}
	stop()
	if err := <-ran; err != nil {
		t.Fatal(err)
	}

	notifications := deadLetterBackend(t, "notifications", notificationsDB,
		map[deadletters.Consumer]inbox.Handler{{Stream: "registrations", Durable: "notifications"}: handler})
	events := deadLetterBackend(t, "events", testkit.DB(t, nil), nil)
	// Nothing listens here: the registrations service is down.
	down, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	downAddr := down.Addr().String()
	down.Close()
	registrations := dialForwarding(t, downAddr)

	accts, err := accounts.New(testkit.DB(t, migrations.FS), time.Now, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	api, err := New(ctx, Options{Accounts: accts, Log: testkit.Logger(t),
		Backends: Backends{Events: events, Registrations: registrations, Ambassadors: events, Notifications: notifications}})
	if err != nil {
		t.Fatal(err)
	}
	admin := bearer(t, accts, "admin@example.nl", identity.RoleAdmin)
	organiser := bearer(t, accts, "org@example.nl", identity.RoleOrganiser)

	if code, _ := call(t, api, organiser, "GET", "/api/v1/dead-letters", ""); code != http.StatusForbidden {
		t.Errorf("an organiser lists: %d, want 403", code)
	}
	if code, _ := call(t, api, "", "POST", "/api/v1/dead-letters/notifications-1/retry", ""); code != http.StatusUnauthorized {
		t.Errorf("anonymous retry: %d, want 401", code)
	}
	code, list := call(t, api, admin, "GET", "/api/v1/dead-letters", "")
	if code != http.StatusOK {
		t.Fatalf("list: %d %v", code, list)
	}
	items, _ := list["deadLetters"].([]any)
	if len(items) != 1 {
		t.Fatalf("list %v, want one dead letter", list)
	}
	d := items[0].(map[string]any)
	if d["id"] != "notifications-1" || d["service"] != "notifications" || d["consumer"] != "notifications" ||
		d["subject"] != "plein.registrations.registration.confirmed" || d["messageId"] != "m1" || d["attempts"] != 1.0 ||
		!strings.Contains(d["error"].(string), "no template") {
		t.Errorf("dead letter %v", d)
	}
	if fmt.Sprint(list["unavailable"]) != "[registrations]" {
		t.Errorf("unavailable %v, want [registrations]", list["unavailable"])
	}

	code, problem := call(t, api, admin, "POST", "/api/v1/dead-letters/notifications-1/retry", "")
	if code != http.StatusUnprocessableEntity || !strings.Contains(fmt.Sprint(problem["detail"]), "failed again") ||
		!strings.Contains(fmt.Sprint(problem["detail"]), "no template") {
		t.Errorf("retry before the fix: %d %v, want 422 saying it failed again and why", code, problem)
	}
	metrics := scrape(t, api)
	for _, want := range []string{
		`plein_dead_letters{consumer="notifications",service="notifications"} 1`,
		`plein_dead_letters_total{consumer="notifications",service="notifications"} 1`,
	} {
		if !strings.Contains(metrics, want) {
			t.Errorf("metrics lack %s", want)
		}
	}

	fixed.Store(true)
	code, answer := call(t, api, admin, "POST", "/api/v1/dead-letters/notifications-1/retry", "")
	if code != http.StatusOK || answer["outcome"] != "applied" {
		t.Errorf("retry after the fix: %d %v", code, answer)
	}
	if _, list := call(t, api, admin, "GET", "/api/v1/dead-letters", ""); fmt.Sprint(list["deadLetters"]) != "[]" {
		t.Errorf("after the retry: %v", list)
	}
	if code, _ := call(t, api, organiser, "DELETE", "/api/v1/dead-letters/notifications-1", ""); code != http.StatusForbidden {
		t.Errorf("an organiser discards: %d, want 403", code)
	}
	if code, _ := call(t, api, admin, "DELETE", "/api/v1/dead-letters/notifications-1", ""); code != http.StatusNotFound {
		t.Errorf("discard a retried dead letter: %d, want 404", code)
	}
	for _, id := range []string{"notifications-1", "nosuchservice-1", "notifications"} {
		if code, _ := call(t, api, admin, "POST", "/api/v1/dead-letters/"+id+"/retry", ""); code != http.StatusNotFound {
			t.Errorf("retry %s: %d, want 404", id, code)
		}
	}
	metrics = scrape(t, api)
	for _, want := range []string{
		`plein_dead_letters{consumer="notifications",service="notifications"} 0`,
		`plein_dead_letters_total{consumer="notifications",service="notifications"} 1`,
	} {
		if !strings.Contains(metrics, want) {
			t.Errorf("after the retry, metrics lack %s", want)
		}
	}
}

func scrape(t *testing.T, api http.Handler) string {
	t.Helper()
	w := httptest.NewRecorder()
	api.ServeHTTP(w, httptest.NewRequest("GET", "/metrics", nil))
	b, err := io.ReadAll(w.Result().Body)
	if err != nil && !errors.Is(err, io.EOF) {
		t.Fatal(err)
	}
	return string(b)
}
