package plein_test

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials"
	"google.golang.org/grpc/credentials/insecure"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"

	"plein.dev/platform/config"
	"plein.dev/platform/testkit"
	"plein.dev/platform/tlsconf"
	"plein.dev/plein"
)

const (
	adminEmail    = "beheer@plein.example"
	adminPassword = "correct horse battery staple"
)

// startPlein runs the all-in-one in-process with embedded NATS, every
// listener on a random loopback port and its data in a temp dir, and
// returns the gateway's base URL.
func startPlein(t testing.TB, extra ...string) string {
	t.Helper()
	return startPleinWith(t, nil, extra...)
}

// startPleinWith is startPlein with configure, if set, changing the
// configuration after the flags (what no flag sets, e.g. Traces).
func startPleinWith(t testing.TB, configure func(*plein.Config), extra ...string) string {
	t.Helper()
	// Configure through the real flag parser, so every default applies.
	var cfg plein.Config
	f := config.New("plein", io.Discard)
	cfg.Common.Register(f)
	cfg.Register(f)
	args := []string{
		"-data-dir", t.TempDir(),
		"-events-addr", "127.0.0.1:0",
		"-registrations-addr", "127.0.0.1:0",
		"-ambassadors-addr", "127.0.0.1:0",
		"-notifications-addr", "127.0.0.1:0",
		"-http-addr", "127.0.0.1:0",
		"-bootstrap-admin-email", adminEmail,
		"-bootstrap-admin-password", adminPassword,
	}
	args = append(args, extra...)
	if err := f.Parse(args, func(string) (string, bool) { return "", false }); err != nil {
		t.Fatal(err)
	}
	if configure != nil {
		configure(&cfg)
	}
	addr := make(chan net.Addr, 1)
	cfg.GatewayListening = func(a net.Addr) { addr <- a }

	ctx, cancel := context.WithCancel(context.Background())
	var runErr error
	stopped := make(chan struct{})
	go func() {
		defer close(stopped)
		runErr = plein.Run(ctx, cfg, testkit.Logger(t))
	}()
	t.Cleanup(func() {
		cancel()
		select {
		case <-stopped:
			if runErr != nil {
				t.Errorf("plein stopped with an error: %v", runErr)
			}
		case <-time.After(30 * time.Second):
			t.Error("plein did not stop within 30 s")
		}
	})
	select {
	case a := <-addr:
		return "http://" + a.String()
	case <-stopped:
		t.Fatalf("plein did not start: %v", runErr)
	case <-time.After(30 * time.Second):
		t.Fatal("plein did not start within 30 s")
	}
	return ""
}

func TestSliceInProcess(t *testing.T) {
	base := startPlein(t)
	runSlice(t, base)
}

// TestSliceWithMutualTLS runs the slice with the gateway and the services
// speaking gRPC over mutual TLS.
func TestSliceWithMutualTLS(t *testing.T) {
	dir := t.TempDir()
	if err := tlsconf.WriteDevCertificates(dir, []string{"127.0.0.1"}, time.Hour); err != nil {
		t.Fatal(err)
	}
	tlsc := config.TLS{Cert: filepath.Join(dir, "plein.pem"), Key: filepath.Join(dir, "plein-key.pem"), CA: filepath.Join(dir, "ca.pem")}
	eventsAddr := fmt.Sprintf("127.0.0.1:%d", freePort(t))
	base := startPlein(t, "-tls-cert", tlsc.Cert, "-tls-key", tlsc.Key, "-tls-ca", tlsc.CA, "-events-addr", eventsAddr)
	runSlice(t, base)

	// The events service really speaks TLS only, to holders of a
	// certificate from the CA.
	health := func(creds credentials.TransportCredentials) error {
		conn, err := grpc.NewClient(eventsAddr, grpc.WithTransportCredentials(creds))
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
		defer cancel()
		_, err = healthpb.NewHealthClient(conn).Check(ctx, &healthpb.HealthCheckRequest{})
		return err
	}
	if err := health(insecure.NewCredentials()); err == nil {
		t.Error("the events service answered a plaintext client")
	}
	creds, err := tlsconf.Client(tlsc, eventsAddr)
	if err != nil {
		t.Fatal(err)
	}
	if err := health(creds); err != nil {
		t.Errorf("the events service refused our certificate: %v", err)
	}
}

func TestReadinessAndDocument(t *testing.T) {
	base := startPlein(t)
	anon := &client{t: t, base: base, http: &http.Client{Timeout: 10 * time.Second}}
	anon.must(http.StatusOK, "GET", "/healthz", nil)
	eventually(t, 5*time.Second, "ready", func() bool { return anon.do("GET", "/readyz", nil).Status == http.StatusOK })

	r := anon.do("GET", "/api/v1/openapi.json", nil)
	doc := r.json(t)
	if r.Status != http.StatusOK || !strings.HasPrefix(doc["openapi"].(string), "3.") {
		t.Fatalf("openapi document: %d %v", r.Status, doc["openapi"])
	}
	if r.Header.Get("Access-Control-Allow-Origin") != "*" {
		t.Error("openapi document without open CORS")
	}
	if servers, _ := doc["servers"].([]any); len(servers) == 0 || servers[0].(map[string]any)["url"] != "/api/v1" {
		t.Errorf("openapi document servers %v, want /api/v1 first", doc["servers"])
	}
	paths := doc["paths"].(map[string]any)
	for _, p := range []string{"/events", "/events/{eventId}/registrations", "/sessions", "/tokens"} {
		if _, ok := paths[p]; !ok {
			t.Errorf("openapi document lacks %s (relative to /api/v1)", p)
		}
	}
	for _, h := range []string{"API-Version", "X-Content-Type-Options", "X-Frame-Options", "Referrer-Policy", "Cache-Control"} {
		if r.Header.Get(h) == "" {
			t.Errorf("response lacks %s", h)
		}
	}

	anon.must(http.StatusOK, "GET", "/api/v1/events", nil)
	anon.do("GET", "/api/v1/events/nonexistent", nil)
	m := anon.do("GET", "/metrics", nil)
	for _, want := range []string{
		`plein_http_requests_total{code="200",method="GET",route="/api/v1/events"} 1`,
		`plein_http_requests_total{code="404",method="GET",route="/api/v1/events/{event_id}"} 1`,
		`plein_http_requests_total{code="200",method="GET",route="GET /healthz"} 1`,
		`plein_http_request_duration_seconds_count{method="GET",route="/api/v1/events"} 1`,
		// Every service's consumers, at zero until one gives a message up.
		`plein_dead_letters_total{consumer="notifications",service="notifications"} 0`,
		`plein_dead_letters_total{consumer="registrations",service="registrations"} 0`,
		`plein_dead_letters_total{consumer="events",service="events"} 0`,
		`plein_dead_letters_total{consumer="ambassadors",service="ambassadors"} 0`,
		`plein_dead_letters{consumer="notifications-ambassador-mails",service="notifications"} 0`,
	} {
		if !strings.Contains(string(m.Body), want) {
			t.Errorf("metrics lack %s in\n%s", want, grepLines(string(m.Body), "plein_http_requests_total"))
		}
	}
}

// TestBadInput checks the slice's errors: each a problem+json with the
// status API.md gives.
func TestBadInput(t *testing.T) {
	base := startPlein(t)
	org := signIn(t, base, adminEmail, adminPassword)
	anon := &client{t: t, base: base, http: &http.Client{Timeout: 10 * time.Second}}
	start := time.Now().Add(48 * time.Hour).UTC().Truncate(time.Minute)

	cases := []struct {
		name       string
		c          *client
		method     string
		path       string
		body       any
		want       int
		wantParams []string
	}{
		{"malformed JSON", org, "POST", "/api/v1/events", `{"title": "x",`, http.StatusBadRequest, nil},
		{"unknown field", org, "POST", "/api/v1/events", `{"title": "x", "colour": "red"}`, http.StatusBadRequest, nil},
		{"missing fields", org, "POST", "/api/v1/events", map[string]any{"description": "no title, no times"},
			http.StatusBadRequest, []string{"title", "startsAt", "endsAt"}},
		{"end before start", org, "POST", "/api/v1/events", map[string]any{"title": "x", "capacity": 5,
			"startsAt": start.Format(time.RFC3339), "endsAt": start.Add(-time.Hour).Format(time.RFC3339)},
			http.StatusUnprocessableEntity, []string{"endsAt"}},
		{"registration without consent", anon, "POST", "/api/v1/events/x/registrations",
			map[string]any{"name": "Anna", "email": "not-an-address"}, http.StatusBadRequest, []string{"email", "consent"}},
		{"unknown event", anon, "GET", "/api/v1/events/0190aaaa-0000-7000-8000-000000000000", nil, http.StatusNotFound, nil},
		{"register for unknown event", anon, "POST", "/api/v1/events/0190aaaa-0000-7000-8000-000000000000/registrations",
			map[string]any{"name": "Anna", "email": "anna@example.nl", "consent": true}, http.StatusNotFound, nil},
		{"no token", anon, "POST", "/api/v1/events", map[string]any{"title": "x"}, http.StatusUnauthorized, nil},
		{"bad token", &client{t: t, base: base, token: "plein_nonsense", http: anon.http}, "GET", "/api/v1/me", nil, http.StatusUnauthorized, nil},
		{"me without sign-in", anon, "GET", "/api/v1/me", nil, http.StatusUnauthorized, nil},
		{"trailing slash", anon, "GET", "/api/v1/events/", nil, http.StatusNotFound, nil},
		{"unknown path", anon, "GET", "/api/v1/nothing-here", nil, http.StatusNotFound, nil},
		{"wrong password", anon, "POST", "/api/v1/sessions", map[string]any{"email": adminEmail, "password": "wrong"}, http.StatusUnauthorized, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			tc.c.t = t
			r := tc.c.do(tc.method, tc.path, tc.body)
			if r.Status != tc.want {
				t.Fatalf("status %d, want %d\n%s", r.Status, tc.want, r.Body)
			}
			if ct := r.Header.Get("Content-Type"); ct != "application/problem+json" {
				t.Fatalf("Content-Type %q, want application/problem+json", ct)
			}
			p := r.json(t)
			if p["status"] != float64(tc.want) || p["title"] == "" || p["type"] == "" {
				t.Fatalf("problem %v", p)
			}
			var names []string
			if ips, ok := p["invalidParams"].([]any); ok {
				for _, ip := range ips {
					names = append(names, ip.(map[string]any)["name"].(string))
				}
			}
			for _, want := range tc.wantParams {
				found := false
				for _, n := range names {
					found = found || n == want
				}
				if !found {
					t.Errorf("invalidParams %v lack %q", names, want)
				}
			}
		})
	}
}

// TestIdentityCannotBeSpoofed sends the metadata the gateway uses to tell
// the services who calls, as HTTP headers in grpc-gateway's forwarding
// form; the services must still see an anonymous caller.
func TestIdentityCannotBeSpoofed(t *testing.T) {
	base := startPlein(t)
	org := signIn(t, base, adminEmail, adminPassword)
	start := time.Now().Add(24 * time.Hour).UTC().Truncate(time.Minute)
	draft := org.must(http.StatusCreated, "POST", "/api/v1/events", map[string]any{
		"title": "Concept", "location": "Stadhuis", "capacity": 5,
		"startsAt": start.Format(time.RFC3339), "endsAt": start.Add(time.Hour).Format(time.RFC3339),
	})
	req, err := http.NewRequest("GET", base+"/api/v1/events/"+draft["id"].(string), nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, prefix := range []string{"Grpc-Metadata-", ""} {
		req.Header.Set(prefix+"X-Plein-User-Id", "someone")
		req.Header.Set(prefix+"X-Plein-Roles", "organiser,admin")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNotFound {
		t.Fatalf("draft event with spoofed identity headers: %d, want 404", resp.StatusCode)
	}
}

func grepLines(s, sub string) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if strings.Contains(l, sub) {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

// TestCrossSiteRequestsWithCookieRefused: a browser signed in with the
// session cookie cannot be made to change things from another site; API
// tokens, which a browser never sends by itself, are not affected.
func TestCrossSiteRequestsWithCookieRefused(t *testing.T) {
	base := startPlein(t)
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	browser := &http.Client{Jar: jar, Timeout: 10 * time.Second}
	cookie := &client{t: t, base: base, http: browser}
	cookie.must(http.StatusCreated, "POST", "/api/v1/sessions", map[string]string{"email": adminEmail, "password": adminPassword})
	post := func(c *http.Client, token string, headers map[string]string) int {
		req, _ := http.NewRequest("POST", base+"/api/v1/tokens", strings.NewReader(`{"name":"x"}`))
		req.Header.Set("Content-Type", "application/json")
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		for k, v := range headers {
			req.Header.Set(k, v)
		}
		resp, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if got := post(browser, "", map[string]string{"Sec-Fetch-Site": "cross-site"}); got != http.StatusForbidden {
		t.Errorf("cross-site request with the cookie: %d, want 403", got)
	}
	if got := post(browser, "", map[string]string{"Origin": "https://elders.example"}); got != http.StatusForbidden {
		t.Errorf("request from another origin with the cookie: %d, want 403", got)
	}
	if got := post(browser, "", map[string]string{"Sec-Fetch-Site": "same-origin"}); got != http.StatusCreated {
		t.Errorf("same-origin request with the cookie: %d, want 201", got)
	}
	token := signIn(t, base, adminEmail, adminPassword).token
	if got := post(&http.Client{Timeout: 10 * time.Second}, token, map[string]string{"Sec-Fetch-Site": "cross-site"}); got != http.StatusCreated {
		t.Errorf("cross-site request with an API token: %d, want 201", got)
	}
}
