package plein_test

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// webhookReceiver is a municipality's CRM: it checks each Standard Webhooks
// signature with the secret it was given.
type webhookReceiver struct {
	*httptest.Server
	mu     sync.Mutex
	secret []byte
	got    []webhookMessage
}

type webhookMessage struct {
	id     string
	signed bool
	raw    string
	body   struct {
		Type      string         `json:"type"`
		Timestamp string         `json:"timestamp"`
		Data      map[string]any `json:"data"`
	}
}

func newWebhookReceiver(t *testing.T) *webhookReceiver {
	t.Helper()
	rc := &webhookReceiver{}
	rc.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		raw, _ := io.ReadAll(r.Body)
		id, ts := r.Header.Get("webhook-id"), r.Header.Get("webhook-timestamp")
		rc.mu.Lock()
		defer rc.mu.Unlock()
		mac := hmac.New(sha256.New, rc.secret)
		mac.Write([]byte(id + "." + ts + "." + string(raw)))
		want := "v1," + base64.StdEncoding.EncodeToString(mac.Sum(nil))
		sent, err := strconv.ParseInt(ts, 10, 64)
		m := webhookMessage{id: id, raw: string(raw), signed: err == nil && r.Header.Get("webhook-signature") == want &&
			time.Since(time.Unix(sent, 0)).Abs() < 5*time.Minute}
		if err := json.Unmarshal(raw, &m.body); err != nil {
			m.signed = false
		}
		rc.got = append(rc.got, m)
	}))
	t.Cleanup(rc.Close)
	return rc
}

func (rc *webhookReceiver) messages() []webhookMessage {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return append([]webhookMessage(nil), rc.got...)
}

func (rc *webhookReceiver) useSecret(t *testing.T, text string) {
	t.Helper()
	raw, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(text, "whsec_"))
	if !strings.HasPrefix(text, "whsec_") || err != nil || len(raw) != 32 {
		t.Fatalf("secret %q: want whsec_ and the base64 of 32 bytes", text)
	}
	rc.mu.Lock()
	defer rc.mu.Unlock()
	rc.secret = raw
}

// TestWebhookOfARegistration: an administrator subscribes a receiver to
// registration.confirmed; a registration through the gateway reaches it
// correctly signed, without the manage token; the delivery log shows the
// attempt; after the subscription is deleted nothing more arrives.
func TestWebhookOfARegistration(t *testing.T) {
	// The receiver listens on loopback, which webhooks refuse by default.
	base := startPlein(t, "-webhook-allow-private")
	admin := signIn(t, base, adminEmail, adminPassword)
	anon := &client{t: t, base: base, http: &http.Client{Timeout: 30 * time.Second}}
	rc := newWebhookReceiver(t)

	anon.must(http.StatusUnauthorized, "POST", "/api/v1/webhooks", map[string]any{"url": rc.URL, "events": []string{"registration.confirmed"}})
	admin.must(http.StatusBadRequest, "POST", "/api/v1/webhooks", map[string]any{"url": rc.URL, "events": []string{"registration.erased"}})
	w := admin.must(http.StatusCreated, "POST", "/api/v1/webhooks", map[string]any{
		"url": rc.URL + "/plein", "events": []string{"registration.confirmed"}, "description": "CRM gemeente"})
	id, _ := w["id"].(string)
	if id == "" || w["url"] != rc.URL+"/plein" || len(w["events"].([]any)) != 1 {
		t.Fatalf("created %v", w)
	}
	rc.useSecret(t, w["secret"].(string))
	list := admin.do("GET", "/api/v1/webhooks", nil)
	if list.Status != http.StatusOK || !strings.Contains(string(list.Body), id) || strings.Contains(string(list.Body), "whsec_") ||
		strings.Contains(string(list.Body), `"secret"`) {
		t.Fatalf("list: %d %s", list.Status, list.Body)
	}

	start := time.Now().Add(72 * time.Hour).UTC().Truncate(time.Minute)
	ev := admin.must(http.StatusCreated, "POST", "/api/v1/events", map[string]any{"title": "Ontbijtsessie",
		"location": "Ondernemersplein, Rotterdam", "startsAt": start.Format(time.RFC3339),
		"endsAt": start.Add(2 * time.Hour).Format(time.RFC3339), "capacity": 10})
	eventID := ev["id"].(string)
	admin.must(http.StatusOK, "POST", "/api/v1/events/"+eventID+"/publish", map[string]any{})
	var reg map[string]any
	eventually(t, 5*time.Second, "registration accepted", func() bool {
		r := anon.do("POST", "/api/v1/events/"+eventID+"/registrations",
			map[string]any{"name": "Anna de Vries", "email": "anna@example.nl", "consent": true})
		if r.Status == http.StatusCreated {
			reg = r.json(t)
		}
		return r.Status == http.StatusCreated
	})

	eventually(t, 5*time.Second, "the receiver gets registration.confirmed", func() bool { return len(rc.messages()) > 0 })
	m := rc.messages()[0]
	if !m.signed || m.body.Type != "registration.confirmed" || m.body.Data["id"] != reg["id"] ||
		m.body.Data["eventId"] != eventID || m.body.Data["email"] != "anna@example.nl" {
		t.Fatalf("received %+v (%s)", m, m.raw)
	}
	if ts, err := time.Parse(time.RFC3339, m.body.Timestamp); err != nil || time.Since(ts) > time.Minute {
		t.Errorf("timestamp %q: %v", m.body.Timestamp, err)
	}
	if tok, _ := reg["manageToken"].(string); tok == "" || strings.Contains(m.raw, tok) || strings.Contains(strings.ToLower(m.raw), "token") {
		t.Errorf("the webhook holds a manage token: %s", m.raw)
	}

	var attempts []any
	eventually(t, 5*time.Second, "the attempt is logged", func() bool {
		attempts = admin.must(http.StatusOK, "GET", "/api/v1/webhooks/"+id+"/deliveries", nil)["items"].([]any)
		return len(attempts) == 1
	})
	if a := attempts[0].(map[string]any); a["messageId"] != m.id || a["statusCode"] != float64(200) ||
		a["outcome"] != "succeeded" || a["attemptedAt"] == nil || a["type"] != "registration.confirmed" {
		t.Errorf("attempt %v", a)
	}

	admin.must(http.StatusNoContent, "DELETE", "/api/v1/webhooks/"+id, nil)
	admin.must(http.StatusNotFound, "GET", "/api/v1/webhooks/"+id+"/deliveries", nil)
	admin.must(http.StatusNotFound, "DELETE", "/api/v1/webhooks/"+id, nil)
	anon.must(http.StatusCreated, "POST", "/api/v1/events/"+eventID+"/registrations",
		map[string]any{"name": "Bram Jansen", "email": "bram@example.nl", "consent": true})
	time.Sleep(time.Second)
	if n := len(rc.messages()); n != 1 {
		t.Errorf("%d messages; nothing should follow the deletion", n)
	}
}

// TestWebhookTargetsOnLoopbackRefused: without -webhook-allow-private a
// receiver on loopback or a private network is refused, 422 naming url.
func TestWebhookTargetsOnLoopbackRefused(t *testing.T) {
	base := startPlein(t)
	admin := signIn(t, base, adminEmail, adminPassword)
	rc := newWebhookReceiver(t)
	for _, u := range []string{rc.URL, strings.Replace(rc.URL, "127.0.0.1", "localhost", 1), "http://10.1.2.3/hook",
		"http://169.254.169.254/latest/meta-data"} {
		r := admin.do("POST", "/api/v1/webhooks", map[string]any{"url": u, "events": []string{"event.published"}})
		if r.Status != http.StatusUnprocessableEntity || !strings.Contains(string(r.Body), `"name":"url"`) {
			t.Errorf("%s: %d %s", u, r.Status, r.Body)
		}
	}
	if items := admin.must(http.StatusOK, "GET", "/api/v1/webhooks", nil)["items"].([]any); len(items) != 0 {
		t.Errorf("refused webhooks listed: %v", items)
	}
}
