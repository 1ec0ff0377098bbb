package notifications_test

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/timestamppb"

	"plein.dev/notifications"
	"plein.dev/platform/config"
	"plein.dev/platform/identity"
	"plein.dev/platform/messaging"
	"plein.dev/platform/rpcerr"
	"plein.dev/platform/testkit"
	notificationsv1 "plein.dev/proto/gen/plein/notifications/v1"
	registrationsv1 "plein.dev/proto/gen/plein/registrations/v1"
)

// The webhooks of the service started with Run, driven over gRPC and NATS,
// posting to a receiver that checks every signature.

// runWebhooks runs the service on natsURL with its data in dataDir and
// returns a client of its gRPC API and a function that stops it.
func runWebhooks(t *testing.T, natsURL, dataDir string, allowPrivate bool) (notificationsv1.NotificationsServiceClient, func()) {
	t.Helper()
	addrs := make(chan net.Addr, 1)
	cfg := notifications.Config{
		Common:              config.Common{DataDir: dataDir, NATSURL: natsURL, NATSReplicas: 1},
		Addr:                "127.0.0.1:0",
		BaseURL:             "https://plein.example",
		MailFrom:            "Plein <noreply@plein.local>",
		WebhookAllowPrivate: allowPrivate,
		WebhookFirstRetry:   100 * time.Millisecond,
		// The fixtures' events lie on fixed dates; retention has its own
		// tests.
		RetentionDays: 10 * 365,
		Listening:     func(a net.Addr) { addrs <- a },
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- notifications.Run(ctx, cfg, testkit.Logger(t)) }()
	var stopped bool
	stop := func() {
		if stopped {
			return
		}
		stopped = true
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Run: %v", err)
		}
	}
	t.Cleanup(stop)
	var addr string
	select {
	case a := <-addrs:
		addr = a.String()
	case err := <-done:
		t.Fatalf("Run stopped at start: %v", err)
	case <-time.After(20 * time.Second):
		t.Fatal("service did not listen within 20 s")
	}
	conn, err := grpc.NewClient(addr, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	return notificationsv1.NewNotificationsServiceClient(conn), stop
}

func adminCtx(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	t.Cleanup(cancel)
	return identity.Outgoing(ctx, identity.Identity{UserID: "admin-1", Roles: []string{identity.RoleAdmin}})
}

// signedReceiver is a webhook receiver that answers 503 while down and
// records each request with whether its signature checked out.
type signedReceiver struct {
	*httptest.Server
	mu     sync.Mutex
	secret []byte
	down   bool
	got    []signedRequest
}

type signedRequest struct {
	id     string
	signed bool
	body   map[string]any
	// answered is the status the receiver answered with.
	answered int
}

func newSignedReceiver(t *testing.T) *signedReceiver {
	t.Helper()
	rc := &signedReceiver{}
	rc.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		raw, _ := io.ReadAll(r.Body)
		id, ts := r.Header.Get("webhook-id"), r.Header.Get("webhook-timestamp")
		rc.mu.Lock()
		defer rc.mu.Unlock()
		mac := hmac.New(sha256.New, rc.secret)
		mac.Write([]byte(id + "." + ts + "." + string(raw)))
		sig := "v1," + base64.StdEncoding.EncodeToString(mac.Sum(nil))
		when, err := strconv.ParseInt(ts, 10, 64)
		req := signedRequest{id: id, signed: r.Header.Get("webhook-signature") == sig && err == nil &&
			time.Since(time.Unix(when, 0)).Abs() < 5*time.Minute}
		_ = json.Unmarshal(raw, &req.body)
		req.answered = http.StatusOK
		if rc.down {
			req.answered = http.StatusServiceUnavailable
		}
		rc.got = append(rc.got, req)
		w.WriteHeader(req.answered)
	}))
	t.Cleanup(rc.Close)
	return rc
}

func (rc *signedReceiver) requests() []signedRequest {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return append([]signedRequest(nil), rc.got...)
}

func (rc *signedReceiver) setDown(down bool) {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	rc.down = down
}

// subscribeReceiver creates a webhook of rc for registration.confirmed.
func subscribeReceiver(t *testing.T, c notificationsv1.NotificationsServiceClient, rc *signedReceiver) string {
	t.Helper()
	w, err := c.CreateWebhook(adminCtx(t), &notificationsv1.CreateWebhookRequest{Url: rc.URL + "/plein",
		Events: []string{"registration.confirmed"}, Description: "CRM"})
	if err != nil {
		t.Fatalf("create webhook: %v", err)
	}
	secret, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(w.GetSecret(), "whsec_"))
	if !strings.HasPrefix(w.GetSecret(), "whsec_") || err != nil || len(secret) != 32 {
		t.Fatalf("secret %q: want whsec_ and the base64 of 32 bytes", w.GetSecret())
	}
	rc.mu.Lock()
	rc.secret = secret
	rc.mu.Unlock()
	return w.GetId()
}

// publishConfirmed publishes a registration.confirmed the way the outbox
// relay does.
func publishConfirmed(t *testing.T, js jetstream.JetStream, registrationID string) {
	t.Helper()
	data, err := proto.Marshal(&registrationsv1.RegistrationChanged{
		Registration: &registrationsv1.Registration{Id: registrationID, EventId: "ev1", Name: "Anna de Vries",
			Email: "anna@example.nl", Status: "confirmed", Version: 1},
		OccurredAt: timestamppb.Now(), EventTitle: "Ontbijtsessie"})
	if err != nil {
		t.Fatal(err)
	}
	msg := &nats.Msg{Subject: "plein.registrations.registration.confirmed", Data: data, Header: nats.Header{}}
	msg.Header.Set(jetstream.MsgIDHeader, "out-"+registrationID)
	msg.Header.Set(messaging.HeaderAggregate, "registration:"+registrationID)
	msg.Header.Set(messaging.HeaderVersion, "1")
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if _, err := js.PublishMsg(ctx, msg); err != nil {
		t.Fatal(err)
	}
}

func awaitHook(t *testing.T, within time.Duration, what string, ok func() bool) {
	t.Helper()
	deadline := time.Now().Add(within)
	for !ok() {
		if time.Now().After(deadline) {
			t.Fatalf("not within %s: %s", within, what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// A registration.confirmed on the bus reaches the subscribed receiver,
// correctly signed; the list and the delivery log show it.
func TestWebhookReceivesARegistration(t *testing.T) {
	t.Parallel()
	srv := testkit.NATS(t)
	_, js := testkit.Conn(t, srv.ClientURL())
	c, _ := runWebhooks(t, srv.ClientURL(), t.TempDir(), true)
	rc := newSignedReceiver(t)
	id := subscribeReceiver(t, c, rc)

	publishConfirmed(t, js, "r1")
	awaitHook(t, 5*time.Second, "the receiver gets registration.confirmed", func() bool { return len(rc.requests()) > 0 })
	got := rc.requests()[0]
	data, _ := got.body["data"].(map[string]any)
	if !got.signed || got.body["type"] != "registration.confirmed" || data["id"] != "r1" || data["email"] != "anna@example.nl" {
		t.Errorf("received %+v", got)
	}

	list, err := c.ListWebhooks(adminCtx(t), &notificationsv1.ListWebhooksRequest{})
	if err != nil || len(list.GetItems()) != 1 || list.GetItems()[0].GetId() != id || list.GetItems()[0].GetUrl() != rc.URL+"/plein" {
		t.Errorf("list: %v %v", list, err)
	}
	var ds *notificationsv1.ListWebhookDeliveriesResponse
	awaitHook(t, 2*time.Second, "the attempt is logged", func() bool {
		ds, err = c.ListWebhookDeliveries(adminCtx(t), &notificationsv1.ListWebhookDeliveriesRequest{WebhookId: id})
		return err == nil && len(ds.GetItems()) == 1
	})
	if d := ds.GetItems()[0]; d.GetMessageId() != got.id || d.GetStatusCode() != 200 || d.GetOutcome() != "succeeded" {
		t.Errorf("delivery %v", d)
	}

	if _, err := c.DeleteWebhook(adminCtx(t), &notificationsv1.DeleteWebhookRequest{WebhookId: id}); err != nil {
		t.Fatal(err)
	}
	publishConfirmed(t, js, "r2")
	time.Sleep(500 * time.Millisecond)
	if n := len(rc.requests()); n != 1 {
		t.Errorf("%d requests; nothing should follow the deletion", n)
	}
	_, err = c.ListWebhookDeliveries(adminCtx(t), &notificationsv1.ListWebhookDeliveriesRequest{WebhookId: id})
	if status.Code(err) != codes.NotFound {
		t.Errorf("deliveries of a deleted webhook: %v", err)
	}
}

// A message the receiver did not take before the service stopped is
// posted, with the same webhook-id, after it starts again.
func TestWebhookDeliveriesSurviveARestart(t *testing.T) {
	t.Parallel()
	srv := testkit.NATS(t)
	_, js := testkit.Conn(t, srv.ClientURL())
	dataDir := t.TempDir()
	c, stop := runWebhooks(t, srv.ClientURL(), dataDir, true)
	rc := newSignedReceiver(t)
	id := subscribeReceiver(t, c, rc)
	rc.setDown(true)
	publishConfirmed(t, js, "r1")
	awaitHook(t, 10*time.Second, "a failed attempt logged", func() bool {
		ds, err := c.ListWebhookDeliveries(adminCtx(t), &notificationsv1.ListWebhookDeliveriesRequest{WebhookId: id})
		return err == nil && len(ds.GetItems()) > 0
	})
	stop()

	rc.setDown(false)
	c, _ = runWebhooks(t, srv.ClientURL(), dataDir, true)
	awaitHook(t, 10*time.Second, "the message taken after the restart", func() bool {
		got := rc.requests()
		return got[len(got)-1].answered == http.StatusOK
	})
	got := rc.requests()
	if first, last := got[0], got[len(got)-1]; first.id != last.id || !last.signed || last.body["type"] != "registration.confirmed" {
		t.Errorf("before the restart %+v, after %+v: want one webhook-id", first, last)
	}
	var ds *notificationsv1.ListWebhookDeliveriesResponse
	awaitHook(t, 10*time.Second, "the delivery log: retrying, then succeeded", func() bool {
		var err error
		ds, err = c.ListWebhookDeliveries(adminCtx(t), &notificationsv1.ListWebhookDeliveriesRequest{WebhookId: id})
		return err == nil && len(ds.GetItems()) >= 2 && ds.GetItems()[0].GetOutcome() == "succeeded"
	})
	if oldest := ds.GetItems()[len(ds.GetItems())-1]; oldest.GetOutcome() != "retrying" || oldest.GetStatusCode() != 503 ||
		oldest.GetNextRetryAt() == nil {
		t.Errorf("the first attempt %v", oldest)
	}
}

// Without PLEIN_WEBHOOK_ALLOW_PRIVATE a receiver on loopback cannot be
// subscribed, by address or by name.
func TestWebhookOnLoopbackRefusedByDefault(t *testing.T) {
	t.Parallel()
	srv := testkit.NATS(t)
	c, _ := runWebhooks(t, srv.ClientURL(), t.TempDir(), false)
	rc := newSignedReceiver(t)
	_, port, _ := net.SplitHostPort(rc.Listener.Addr().String())
	for _, u := range []string{rc.URL, "http://localhost:" + port + "/plein"} {
		_, err := c.CreateWebhook(adminCtx(t), &notificationsv1.CreateWebhookRequest{Url: u, Events: []string{"event.published"}})
		vs := rpcerr.Violations(err)
		if status.Code(err) != codes.FailedPrecondition || len(vs) != 1 || vs[0].Field != "url" {
			t.Errorf("%s: %v, want a refusal naming url", u, err)
		}
	}
	if _, err := c.CreateWebhook(context.Background(), &notificationsv1.CreateWebhookRequest{Url: "https://crm.example.nl",
		Events: []string{"event.published"}}); status.Code(err) != codes.Unauthenticated {
		t.Errorf("anonymous: %v", err)
	}
}
