package app_test

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"plein.dev/notifications/internal/app"
	"plein.dev/notifications/internal/delivery"
	"plein.dev/notifications/internal/domain"
	"plein.dev/notifications/migrations"
	"plein.dev/platform/identity"
	"plein.dev/platform/page"
	"plein.dev/platform/rule"
	"plein.dev/platform/sqlite"
	"plein.dev/platform/testkit"
)

// The webhooks against a real SQLite file and a real HTTP receiver that
// checks every signature; the clock is the test's.

type hookClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *hookClock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *hookClock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// hookDNS answers host names from a table that the test may change.
type hookDNS struct {
	mu    sync.Mutex
	hosts map[string]string
}

func (r *hookDNS) set(host, addr string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.hosts[host] = addr
}

func (r *hookDNS) LookupNetIP(_ context.Context, _, host string) ([]netip.Addr, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	a, ok := r.hosts[host]
	if !ok {
		return nil, &net.DNSError{Err: "no such host", Name: host, IsNotFound: true}
	}
	return []netip.Addr{netip.MustParseAddr(a)}, nil
}

type hookEnv struct {
	hooks *app.Webhooks
	db    *sqlite.DB
	clock *hookClock
}

// newHooks returns the webhooks on a fresh database; resolver nil is the
// system's.
func newHooks(t *testing.T, allowPrivate bool, resolver delivery.Resolver) hookEnv {
	t.Helper()
	db := testkit.DB(t, migrations.FS)
	c := &hookClock{t: time.Date(2026, 5, 1, 10, 0, 0, 0, time.UTC)}
	h := app.NewWebhooks(db, delivery.NewWebhookClient(allowPrivate, resolver, 5*time.Second), testkit.Logger(t),
		c.now, 5*time.Second)
	return hookEnv{hooks: h, db: db, clock: c}
}

func asAdmin() context.Context {
	return identity.NewContext(context.Background(), identity.Identity{UserID: "admin-1", Roles: []string{identity.RoleAdmin}})
}

// hookRequest is what the receiver got: the headers and whether the
// signature checked out, and the body.
type hookRequest struct {
	id, timestamp string
	signed        bool
	body          map[string]any
}

// hookReceiver answers the statuses queued with fail (then 200), checks
// signatures with the secret it is given, and can hold requests.
type hookReceiver struct {
	*httptest.Server
	mu       sync.Mutex
	secret   []byte
	statuses []int
	// byID holds statuses for the messages about one id (data.id).
	byID    map[string][]int
	got     []hookRequest
	hold    chan struct{} // when set, requests wait for it to close
	arrived chan struct{}
}

func newHookReceiver(t *testing.T) *hookReceiver {
	t.Helper()
	rc := &hookReceiver{arrived: make(chan struct{}, 100)}
	rc.Server = httptest.NewServer(http.HandlerFunc(rc.serve))
	t.Cleanup(rc.Close)
	return rc
}

func (rc *hookReceiver) serve(w http.ResponseWriter, r *http.Request) {
	raw, _ := io.ReadAll(r.Body)
	id, ts := r.Header.Get("webhook-id"), r.Header.Get("webhook-timestamp")
	rc.mu.Lock()
	mac := hmac.New(sha256.New, rc.secret)
	mac.Write([]byte(id + "." + ts + "." + string(raw)))
	want := "v1," + base64.StdEncoding.EncodeToString(mac.Sum(nil))
	req := hookRequest{id: id, timestamp: ts, signed: hmac.Equal([]byte(r.Header.Get("webhook-signature")), []byte(want))}
	_ = json.Unmarshal(raw, &req.body)
	rc.got = append(rc.got, req)
	code := http.StatusOK
	dataID, _ := req.body["data"].(map[string]any)["id"].(string)
	if q := rc.byID[dataID]; len(q) > 0 {
		code, rc.byID[dataID] = q[0], q[1:]
	} else if len(rc.statuses) > 0 {
		code, rc.statuses = rc.statuses[0], rc.statuses[1:]
	}
	hold := rc.hold
	rc.mu.Unlock()
	rc.arrived <- struct{}{}
	if hold != nil {
		select {
		case <-hold:
		case <-r.Context().Done():
			return
		}
	}
	w.WriteHeader(code)
}

func (rc *hookReceiver) setSecret(text string) {
	raw, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(text, "whsec_"))
	if err != nil {
		panic(err)
	}
	rc.mu.Lock()
	defer rc.mu.Unlock()
	rc.secret = raw
}

func (rc *hookReceiver) fail(codes ...int) {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	rc.statuses = append(rc.statuses, codes...)
}

// failFor queues statuses for the messages about id.
func (rc *hookReceiver) failFor(id string, codes ...int) {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	if rc.byID == nil {
		rc.byID = map[string][]int{}
	}
	rc.byID[id] = append(rc.byID[id], codes...)
}

func (rc *hookReceiver) requests() []hookRequest {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return append([]hookRequest(nil), rc.got...)
}

func (rc *hookReceiver) port() string {
	_, port, _ := net.SplitHostPort(rc.Listener.Addr().String())
	return port
}

// subscribe creates a webhook of rc for the types and gives rc its secret.
func (e hookEnv) subscribe(t *testing.T, rc *hookReceiver, url string, types ...domain.WebhookType) app.CreatedWebhook {
	t.Helper()
	events := make([]string, len(types))
	for i, ty := range types {
		events[i] = string(ty)
	}
	w, err := e.hooks.CreateWebhook(asAdmin(), url, events, "test")
	if err != nil {
		t.Fatalf("create webhook: %v", err)
	}
	rc.setSecret(w.Secret)
	return w
}

// happen applies a registration change of the type, as the consumer does.
func (e hookEnv) happen(t *testing.T, ty domain.WebhookType, registrationID, cause string) {
	t.Helper()
	ev := domain.WebhookEvent{Type: ty, Cause: cause, OccurredAt: e.clock.now(),
		OrderKey: domain.WebhookOrderKey("registration", registrationID),
		Data:     domain.RegistrationData{ID: registrationID, EventID: "e1", Status: "confirmed", Name: "Anna", Email: "anna@example.nl"}}
	if err := e.db.InTx(context.Background(), func(tx sqlite.Tx) error {
		return e.hooks.ApplyWebhookEvent(context.Background(), tx, ev)
	}); err != nil {
		t.Fatal(err)
	}
}

func (e hookEnv) deliver(t *testing.T) {
	t.Helper()
	if err := e.hooks.Deliver(context.Background()); err != nil {
		t.Fatal(err)
	}
}

func (e hookEnv) attempts(t *testing.T, webhookID string) []domain.WebhookAttempt {
	t.Helper()
	r, _ := page.Parse[app.AttemptCursor]("", 100)
	as, _, err := e.hooks.ListWebhookDeliveries(asAdmin(), webhookID, r)
	if err != nil {
		t.Fatal(err)
	}
	return as
}

func TestWebhooksAreForAdministrators(t *testing.T) {
	t.Parallel()
	e := newHooks(t, true, nil)
	organiser := identity.NewContext(context.Background(), identity.Identity{UserID: "o", Roles: []string{identity.RoleOrganiser}})
	for name, c := range map[string]struct {
		ctx  context.Context
		code codes.Code
	}{"anonymous": {context.Background(), codes.Unauthenticated}, "organiser": {organiser, codes.PermissionDenied}} {
		_, err := e.hooks.CreateWebhook(c.ctx, "http://127.0.0.1:1/", []string{"event.published"}, "")
		r, _ := page.Parse[app.WebhookCursor]("", 0)
		_, _, lerr := e.hooks.ListWebhooks(c.ctx, r)
		derr := e.hooks.DeleteWebhook(c.ctx, "x")
		for _, err := range []error{err, lerr, derr} {
			if status.Code(err) != c.code {
				t.Errorf("%s: %v, want %s", name, err, c.code)
			}
		}
	}
}

// A message answered with 500 is posted again with the same webhook-id,
// signed anew, until the receiver takes it; the log shows each attempt.
func TestWebhookRetriedWithTheSameID(t *testing.T) {
	t.Parallel()
	e := newHooks(t, true, nil)
	rc := newHookReceiver(t)
	w := e.subscribe(t, rc, rc.URL+"/hook", domain.HookRegistrationConfirmed)
	if !strings.HasPrefix(w.Secret, "whsec_") || w.Events[0] != domain.HookRegistrationConfirmed {
		t.Fatalf("created %+v", w)
	}
	rc.fail(http.StatusInternalServerError)
	e.happen(t, domain.HookRegistrationConfirmed, "r1", "m1")
	e.happen(t, domain.HookRegistrationWaitlisted, "r2", "m2") // not subscribed

	e.deliver(t)
	e.clock.advance(4 * time.Second)
	e.deliver(t) // not due yet
	if got := rc.requests(); len(got) != 1 {
		t.Fatalf("%d requests before the retry is due", len(got))
	}
	e.clock.advance(time.Second)
	e.deliver(t)
	got := rc.requests()
	if len(got) != 2 || got[0].id != got[1].id || !strings.HasPrefix(got[0].id, "msg_") {
		t.Fatalf("requests %+v: want two with one webhook-id", got)
	}
	for i, r := range got {
		if !r.signed || r.body["type"] != "registration.confirmed" || r.body["data"].(map[string]any)["id"] != "r1" {
			t.Errorf("request %d: %+v", i, r)
		}
	}
	if got[0].timestamp != strconv.FormatInt(e.clock.now().Add(-5*time.Second).Unix(), 10) ||
		got[1].timestamp != strconv.FormatInt(e.clock.now().Unix(), 10) {
		t.Errorf("timestamps %s, %s: want each attempt's time", got[0].timestamp, got[1].timestamp)
	}

	as := e.attempts(t, w.ID)
	if len(as) != 2 {
		t.Fatalf("attempts %+v", as)
	}
	if a := as[1]; a.Attempt != 1 || a.StatusCode != 500 || a.Outcome != domain.AttemptRetrying || a.Error != "HTTP 500" ||
		!a.NextRetryAt.Equal(a.At.Add(5*time.Second)) || a.MessageID != got[0].id {
		t.Errorf("first attempt %+v", a)
	}
	if a := as[0]; a.Attempt != 2 || a.StatusCode != 200 || a.Outcome != domain.AttemptSucceeded || !a.NextRetryAt.IsZero() {
		t.Errorf("second attempt %+v", a)
	}
	e.clock.advance(time.Hour)
	e.deliver(t)
	if n := len(rc.requests()); n != 2 {
		t.Errorf("%d requests after success", n)
	}
}

// After DeleteWebhook returns the receiver gets nothing: not the retries,
// and not a post that was under way.
func TestNothingAfterTheWebhookIsDeleted(t *testing.T) {
	t.Parallel()
	e := newHooks(t, true, nil)
	rc := newHookReceiver(t)
	w := e.subscribe(t, rc, rc.URL, domain.HookRegistrationConfirmed, domain.HookRegistrationCancelled)
	rc.fail(500, 500, 500)
	e.happen(t, domain.HookRegistrationConfirmed, "r1", "m1")
	e.deliver(t)

	// The retry is under way when the webhook is deleted.
	hold := make(chan struct{})
	rc.mu.Lock()
	rc.hold = hold
	rc.mu.Unlock()
	<-rc.arrived
	e.clock.advance(5 * time.Second)
	done := make(chan error, 1)
	go func() { done <- e.hooks.Deliver(context.Background()) }()
	<-rc.arrived
	if err := e.hooks.DeleteWebhook(asAdmin(), w.ID); err != nil {
		t.Fatal(err)
	}
	close(hold)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	n := len(rc.requests())

	e.happen(t, domain.HookRegistrationCancelled, "r1", "m2")
	for range 5 {
		e.clock.advance(time.Hour)
		e.deliver(t)
	}
	if got := len(rc.requests()); got != n || n != 2 {
		t.Errorf("requests: %d at deletion, %d later; want 2 and no more", n, got)
	}
	r, _ := page.Parse[app.AttemptCursor]("", 10)
	if _, _, err := e.hooks.ListWebhookDeliveries(asAdmin(), w.ID, r); !errors.Is(err, domain.ErrWebhookNotFound) {
		t.Errorf("deliveries of a deleted webhook: %v", err)
	}
	if err := e.hooks.DeleteWebhook(asAdmin(), w.ID); !errors.Is(err, domain.ErrWebhookNotFound) {
		t.Errorf("second delete: %v", err)
	}
}

// A later message about a registration waits until the earlier one is
// delivered; other registrations do not wait.
func TestWebhookOrderPerRegistration(t *testing.T) {
	t.Parallel()
	e := newHooks(t, true, nil)
	rc := newHookReceiver(t)
	e.subscribe(t, rc, rc.URL, domain.HookRegistrationConfirmed, domain.HookRegistrationCancelled)
	rc.failFor("r1", http.StatusServiceUnavailable)
	e.happen(t, domain.HookRegistrationConfirmed, "r1", "m1")
	e.happen(t, domain.HookRegistrationCancelled, "r1", "m2")
	e.happen(t, domain.HookRegistrationConfirmed, "r2", "m3")

	// order lists the types received about id, in order.
	order := func(id string) string {
		var s []string
		for _, r := range rc.requests() {
			if r.body["data"].(map[string]any)["id"] == id {
				s = append(s, strings.TrimPrefix(r.body["type"].(string), "registration."))
			}
		}
		return strings.Join(s, " ")
	}
	e.deliver(t)
	if r1, r2 := order("r1"), order("r2"); r1 != "confirmed" || r2 != "confirmed" {
		t.Fatalf("first round: r1 got %q, r2 %q", r1, r2)
	}
	e.clock.advance(5 * time.Second)
	e.deliver(t)
	if r1, r2 := order("r1"), order("r2"); r1 != "confirmed confirmed cancelled" || r2 != "confirmed" {
		t.Errorf("after the retry: r1 got %q, r2 %q", r1, r2)
	}
}

// A receiver that never takes a message gets it for at least a day; then
// it is given up and the next message about the registration goes out.
func TestWebhookGivenUpAfterADay(t *testing.T) {
	t.Parallel()
	e := newHooks(t, true, nil)
	rc := newHookReceiver(t)
	w := e.subscribe(t, rc, rc.URL, domain.HookRegistrationConfirmed, domain.HookRegistrationCancelled)
	fails := make([]int, 60)
	for i := range fails {
		fails[i] = http.StatusBadGateway
	}
	rc.fail(fails...)
	e.happen(t, domain.HookRegistrationConfirmed, "r1", "m1")
	e.happen(t, domain.HookRegistrationCancelled, "r1", "m2")
	start := e.clock.now()
	for range 200 {
		e.deliver(t)
		if n := len(rc.requests()); n > 0 && rc.requests()[n-1].body["type"] == "registration.cancelled" {
			break
		}
		e.clock.advance(30 * time.Minute)
	}
	as := e.attempts(t, w.ID)
	var last domain.WebhookAttempt
	for _, a := range as {
		if a.Outcome == domain.AttemptFailed {
			last = a
		}
	}
	if last.Outcome != domain.AttemptFailed || last.At.Sub(start) < 24*time.Hour || last.StatusCode != http.StatusBadGateway {
		t.Fatalf("given up %+v after %d attempts; want after at least a day", last, len(as))
	}
	if got := rc.requests(); got[len(got)-1].body["type"] != "registration.cancelled" {
		t.Errorf("the next message did not follow")
	}
}

// Targets on loopback and private networks are refused when the webhook is
// created, by address or by a name that resolves to one.
func TestCreateWebhookRefusesPrivateTargets(t *testing.T) {
	t.Parallel()
	dns := &hookDNS{hosts: map[string]string{"intranet.example": "10.0.0.7", "localhost": "127.0.0.1"}}
	e := newHooks(t, false, dns)
	for _, u := range []string{"http://127.0.0.1:8080/hook", "http://localhost/hook", "http://[::1]/",
		"https://169.254.169.254/latest/meta-data", "https://intranet.example/hook", "https://unknown.example/hook"} {
		_, err := e.hooks.CreateWebhook(asAdmin(), u, []string{"event.published"}, "")
		var re *rule.Error
		if !errors.As(err, &re) || re.Kind != rule.Unmet || re.Field() != "url" {
			t.Errorf("%s: %v, want a refusal of the url", u, err)
		}
	}
	r, _ := page.Parse[app.WebhookCursor]("", 0)
	if ws, _, _ := e.hooks.ListWebhooks(asAdmin(), r); len(ws) != 0 {
		t.Errorf("refused webhooks were stored: %v", ws)
	}
	dns.set("crm.example", "93.184.215.14")
	if _, err := e.hooks.CreateWebhook(asAdmin(), "https://crm.example/hook", []string{"event.published"}, ""); err != nil {
		t.Errorf("a public target: %v", err)
	}
}

// A name that resolved to a public address when the webhook was created
// and to loopback when a message is posted (DNS rebinding) gets nothing.
func TestWebhookRefusesAPrivateAddressAtSendTime(t *testing.T) {
	t.Parallel()
	dns := &hookDNS{hosts: map[string]string{"hooks.example": "93.184.215.14"}}
	e := newHooks(t, false, dns)
	rc := newHookReceiver(t)
	w := e.subscribe(t, rc, "http://hooks.example:"+rc.port()+"/hook", domain.HookRegistrationConfirmed)
	dns.set("hooks.example", "127.0.0.1")
	e.happen(t, domain.HookRegistrationConfirmed, "r1", "m1")
	e.deliver(t)
	if n := len(rc.requests()); n != 0 {
		t.Fatalf("the receiver on loopback got %d requests", n)
	}
	as := e.attempts(t, w.ID)
	if len(as) != 1 || as[0].StatusCode != 0 || as[0].Outcome != domain.AttemptRetrying ||
		!strings.HasPrefix(as[0].Error, "refused: ") || !strings.Contains(as[0].Error, "127.0.0.1 is a loopback address") {
		t.Errorf("attempts %+v", as)
	}
}

// An erased person's queued messages are dropped.
func TestWebhookErasureForgetsQueuedMessages(t *testing.T) {
	t.Parallel()
	e := newHooks(t, true, nil)
	rc := newHookReceiver(t)
	e.subscribe(t, rc, rc.URL, domain.HookRegistrationConfirmed)
	rc.fail(500)
	e.happen(t, domain.HookRegistrationConfirmed, "r1", "m1")
	e.deliver(t)
	if err := e.db.InTx(context.Background(), func(tx sqlite.Tx) error {
		return e.hooks.ForgetRegistration(context.Background(), tx, "r1")
	}); err != nil {
		t.Fatal(err)
	}
	e.clock.advance(time.Hour)
	e.deliver(t)
	if n := len(rc.requests()); n != 1 {
		t.Errorf("%d requests; want only the one before the erasure", n)
	}
}
