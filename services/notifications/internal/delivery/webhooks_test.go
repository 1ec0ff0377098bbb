package delivery_test

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"sync"
	"testing"
	"time"

	"plein.dev/notifications/internal/delivery"
	"plein.dev/notifications/internal/domain"
)

// fakeDNS answers host names from a table; anything else is unknown.
type fakeDNS struct {
	mu    sync.Mutex
	hosts map[string][]string
}

func (r *fakeDNS) set(host string, addrs ...string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.hosts[host] = addrs
}

func (r *fakeDNS) LookupNetIP(_ context.Context, _, host string) ([]netip.Addr, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []netip.Addr
	for _, a := range r.hosts[host] {
		out = append(out, netip.MustParseAddr(a))
	}
	if len(out) == 0 {
		return nil, &net.DNSError{Err: "no such host", Name: host, IsNotFound: true}
	}
	return out, nil
}

// receiver is a webhook receiver on loopback that answers status and
// records what it got.
type receiver struct {
	*httptest.Server
	mu       sync.Mutex
	requests []*http.Request
	bodies   []string
}

func newReceiver(t *testing.T, h func(w http.ResponseWriter, r *http.Request)) *receiver {
	t.Helper()
	rc := &receiver{}
	rc.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		rc.mu.Lock()
		rc.requests = append(rc.requests, r)
		rc.bodies = append(rc.bodies, string(b))
		rc.mu.Unlock()
		h(w, r)
	}))
	t.Cleanup(rc.Close)
	return rc
}

func (rc *receiver) count() int {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return len(rc.requests)
}

// got returns the i-th request and its body.
func (rc *receiver) got(i int) (*http.Request, string) {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return rc.requests[i], rc.bodies[i]
}

// port is the receiver's port, to put behind another host name.
func (rc *receiver) port() string {
	_, port, _ := net.SplitHostPort(rc.Listener.Addr().String())
	return port
}

func post(c *delivery.WebhookClient, rawURL string) (int, error) {
	return c.Post(context.Background(), delivery.WebhookPost{URL: rawURL, ID: "msg_1",
		Timestamp: time.Unix(1_700_000_000, 0), Signature: "v1,sig", Body: []byte(`{"type":"event.published"}`)})
}

func TestWebhookPostSendsTheStandardHeaders(t *testing.T) {
	t.Parallel()
	rc := newReceiver(t, func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusNoContent) })
	status, err := post(delivery.NewWebhookClient(true, nil, 5*time.Second), rc.URL+"/hook")
	if err != nil || status != http.StatusNoContent {
		t.Fatalf("post: %d %v", status, err)
	}
	r, body := rc.got(0)
	for h, want := range map[string]string{"webhook-id": "msg_1", "webhook-timestamp": "1700000000",
		"webhook-signature": "v1,sig", "Content-Type": "application/json"} {
		if got := r.Header.Get(h); got != want {
			t.Errorf("%s = %q, want %q", h, got, want)
		}
	}
	if r.Method != http.MethodPost || r.URL.Path != "/hook" || body != `{"type":"event.published"}` {
		t.Errorf("got %s %s %s", r.Method, r.URL.Path, body)
	}
}

// Without private targets allowed, nothing reaches a loopback receiver,
// whether the URL names the address or a host name resolving to it, even
// among public addresses.
func TestWebhookPostRefusesPrivateTargets(t *testing.T) {
	t.Parallel()
	rc := newReceiver(t, func(w http.ResponseWriter, _ *http.Request) {})
	dns := &fakeDNS{hosts: map[string][]string{}}
	dns.set("rebound.example", "127.0.0.1")
	dns.set("mixed.example", "93.184.215.14", "127.0.0.1")
	strict := delivery.NewWebhookClient(false, dns, 5*time.Second)
	for _, host := range []string{"127.0.0.1", "rebound.example", "mixed.example", "[::1]"} {
		status, err := post(strict, "http://"+host+":"+rc.port()+"/hook")
		if !errors.Is(err, domain.ErrPrivateTarget) || status != 0 {
			t.Errorf("%s: %d %v, want refused", host, status, err)
		}
		if err := strict.Check(context.Background(), "http://"+host+":"+rc.port()); !errors.Is(err, domain.ErrPrivateTarget) {
			t.Errorf("Check %s: %v, want refused", host, err)
		}
	}
	if rc.count() != 0 {
		t.Errorf("the receiver got %d requests", rc.count())
	}
	dns.set("public.example", "93.184.215.14")
	if err := strict.Check(context.Background(), "https://public.example/hook"); err != nil {
		t.Errorf("a public host refused: %v", err)
	}
	if err := strict.Check(context.Background(), "https://nowhere.example/hook"); err == nil || errors.Is(err, domain.ErrPrivateTarget) {
		t.Errorf("an unknown host: %v, want a resolution error", err)
	}
}

// The client connects to the address it resolved and checked, not to one
// the name might resolve to afterwards: "hooks.test" exists only in the
// client's resolver and still reaches the receiver.
func TestWebhookPostDialsTheCheckedAddress(t *testing.T) {
	t.Parallel()
	rc := newReceiver(t, func(w http.ResponseWriter, _ *http.Request) {})
	dns := &fakeDNS{hosts: map[string][]string{}}
	dns.set("hooks.test", "127.0.0.1")
	status, err := post(delivery.NewWebhookClient(true, dns, 5*time.Second), "http://hooks.test:"+rc.port()+"/hook")
	if err != nil || status != http.StatusOK {
		t.Fatalf("post: %d %v", status, err)
	}
	if r, _ := rc.got(0); r.Host != "hooks.test:"+rc.port() {
		t.Errorf("Host = %q", r.Host)
	}
}

// A redirect is the receiver's answer: it is not followed.
func TestWebhookPostFollowsNoRedirect(t *testing.T) {
	t.Parallel()
	elsewhere := newReceiver(t, func(w http.ResponseWriter, _ *http.Request) {})
	rc := newReceiver(t, func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, elsewhere.URL, http.StatusTemporaryRedirect)
	})
	status, err := post(delivery.NewWebhookClient(true, nil, 5*time.Second), rc.URL)
	if err != nil || status != http.StatusTemporaryRedirect || elsewhere.count() != 0 {
		t.Errorf("post: %d %v, elsewhere got %d", status, err, elsewhere.count())
	}
}

func TestWebhookPostTimesOut(t *testing.T) {
	t.Parallel()
	release := make(chan struct{})
	rc := newReceiver(t, func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	})
	defer close(release)
	status, err := post(delivery.NewWebhookClient(true, nil, 200*time.Millisecond), rc.URL)
	if status != 0 || err == nil || !strings.Contains(err.Error(), "timeout") {
		t.Errorf("post: %d %v, want a timeout", status, err)
	}
}
