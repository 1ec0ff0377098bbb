package domain_test

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"net/netip"
	"slices"
	"strings"
	"testing"
	"time"

	"plein.dev/notifications/internal/domain"
	"plein.dev/platform/rule"
)

// The example of the Standard Webhooks specification's reference
// libraries: secret, id, timestamp and body give this signature.
func TestSignMatchesTheStandardWebhooksExample(t *testing.T) {
	t.Parallel()
	secret, err := base64.StdEncoding.DecodeString("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
	if err != nil {
		t.Fatal(err)
	}
	got := domain.Sign(secret, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, []byte(`{"test": 2432232314}`))
	if want := "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="; got != want {
		t.Errorf("Sign = %s, want %s", got, want)
	}
	if other := domain.Sign(secret, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265331, []byte(`{"test": 2432232314}`)); other == got {
		t.Error("the timestamp does not change the signature")
	}
}

func TestNewWebhook(t *testing.T) {
	t.Parallel()
	secret := make([]byte, domain.WebhookSecretSize)
	secret[0] = 7
	now := time.Date(2026, 5, 1, 10, 0, 0, 0, time.UTC)
	w, err := domain.NewWebhook("w1", " https://crm.example.nl/hooks?src=plein ",
		[]string{"registration.confirmed", "event.published", "registration.confirmed"}, " CRM ", secret, now)
	if err != nil {
		t.Fatal(err)
	}
	if w.URL != "https://crm.example.nl/hooks?src=plein" || w.Description != "CRM" || !w.CreatedAt.Equal(now) {
		t.Errorf("webhook = %+v", w)
	}
	if want := []domain.WebhookType{domain.HookEventPublished, domain.HookRegistrationConfirmed}; !slices.Equal(w.Events, want) {
		t.Errorf("events = %v, want %v (sorted, once each)", w.Events, want)
	}
	text := w.SecretText()
	raw, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(text, "whsec_"))
	if !strings.HasPrefix(text, "whsec_") || err != nil || len(raw) != 32 || raw[0] != 7 {
		t.Errorf("secret text %q: want whsec_ and the base64 of the 32 bytes (%v)", text, err)
	}

	for _, c := range []struct {
		name, url string
		events    []string
		field     string
	}{
		{"no scheme", "crm.example.nl/hooks", []string{"event.published"}, "url"},
		{"ftp", "ftp://crm.example.nl/", []string{"event.published"}, "url"},
		{"no host", "https:///hooks", []string{"event.published"}, "url"},
		{"credentials", "https://user:pw@crm.example.nl/", []string{"event.published"}, "url"},
		{"fragment", "https://crm.example.nl/#x", []string{"event.published"}, "url"},
		{"bad port", "https://crm.example.nl:99999/", []string{"event.published"}, "url"},
		{"no events", "https://crm.example.nl/", nil, "events"},
		{"unknown event", "https://crm.example.nl/", []string{"event.published", "registration.erased"}, "events"},
	} {
		_, err := domain.NewWebhook("w", c.url, c.events, "", secret, now)
		var re *rule.Error
		if !errors.As(err, &re) || re.Kind != rule.Invalid || re.Field() != c.field {
			t.Errorf("%s: err = %v, want an invalid %s", c.name, err, c.field)
		}
	}
	if _, err := domain.NewWebhook("w", "https://crm.example.nl/", []string{"event.published"}, "", secret[:16], now); err == nil {
		t.Error("a 16-byte secret was taken")
	}
}

func TestCheckAddr(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		addr   string
		public bool
	}{
		{"93.184.215.14", true},
		{"2606:2800:21f:cb07:6820:80da:af6b:8b2c", true},
		{"127.0.0.1", false},
		{"127.8.9.10", false},
		{"::1", false},
		{"10.1.2.3", false},
		{"172.16.0.1", false},
		{"172.31.255.255", false},
		{"172.32.0.1", true},
		{"192.168.1.1", false},
		{"169.254.169.254", false}, // cloud metadata
		{"fe80::1", false},
		{"fe80::1%eth0", false},
		{"fc00::1", false},
		{"fd12:3456::1", false},
		{"0.0.0.0", false},
		{"::", false},
		{"0.1.2.3", false},
		{"100.64.0.1", false},
		{"224.0.0.1", false},
		{"ff02::1", false},
		{"255.255.255.255", false},
		{"::ffff:127.0.0.1", false},
		{"::ffff:10.0.0.1", false},
		{"::ffff:93.184.215.14", true},
	} {
		err := domain.CheckAddr(netip.MustParseAddr(c.addr))
		if c.public && err != nil {
			t.Errorf("%s refused: %v", c.addr, err)
		}
		if !c.public && !errors.Is(err, domain.ErrPrivateTarget) {
			t.Errorf("%s: err = %v, want ErrPrivateTarget", c.addr, err)
		}
	}
}

// A message that keeps failing is retried with growing waits for at least
// a day after its first attempt, and then given up.
func TestNextWebhookAttempt(t *testing.T) {
	t.Parallel()
	first := time.Date(2026, 5, 1, 10, 0, 0, 0, time.UTC)
	now, attempts := first, 1
	var waits []time.Duration
	for {
		next, ok := domain.NextWebhookAttempt(5*time.Second, attempts, first, now)
		if !ok {
			break
		}
		waits = append(waits, next.Sub(now))
		now, attempts = next, attempts+1
		if attempts > 100 {
			t.Fatal("never gives up")
		}
	}
	if span := now.Sub(first); span < 24*time.Hour || span > 27*time.Hour {
		t.Errorf("retried for %s, want at least a day (and not much more)", span)
	}
	if waits[0] != 5*time.Second || waits[1] != 10*time.Second || waits[2] != 20*time.Second {
		t.Errorf("waits start %v, want 5s, 10s, 20s", waits[:3])
	}
	for i, w := range waits {
		if w > 2*time.Hour || (i > 0 && w < waits[i-1]) {
			t.Errorf("wait %d is %s after %s: want growing, at most 2h", i, w, waits[max(i-1, 0)])
		}
	}
}

func TestWebhookBody(t *testing.T) {
	t.Parallel()
	at := time.Date(2026, 5, 1, 10, 0, 0, 123e6, time.FixedZone("CEST", 2*3600))
	body, err := domain.WebhookEvent{Type: domain.HookRegistrationConfirmed, OccurredAt: at,
		Data: domain.RegistrationData{ID: "r1", EventID: "e1", Status: "confirmed", Name: "Anna", Email: "anna@example.nl"}}.Body()
	if err != nil {
		t.Fatal(err)
	}
	var got struct {
		Type      string         `json:"type"`
		Timestamp string         `json:"timestamp"`
		Data      map[string]any `json:"data"`
	}
	if err := json.Unmarshal(body, &got); err != nil {
		t.Fatal(err)
	}
	ts, err := time.Parse(time.RFC3339, got.Timestamp)
	if got.Type != "registration.confirmed" || err != nil || !ts.Equal(at) || got.Data["id"] != "r1" || got.Data["eventId"] != "e1" {
		t.Errorf("body = %s (%v)", body, err)
	}
	if !domain.WebhookAccepted(204) || domain.WebhookAccepted(302) || domain.WebhookAccepted(500) {
		t.Error("WebhookAccepted: only 2xx acknowledges")
	}
}
