package plein_test

import (
	"net/http"
	"net/url"
	"testing"
	"time"
)

// TestMailLogThroughTheGateway: organisers read the e-mail log through
// GET /api/v1/emails, filtered by event, address and status.
func TestMailLogThroughTheGateway(t *testing.T) {
	base := startPlein(t)
	org := signIn(t, base, adminEmail, adminPassword)
	anon := &client{t: t, base: base, http: &http.Client{Timeout: 30 * time.Second}}
	anon.must(http.StatusUnauthorized, "GET", "/api/v1/emails", nil)

	start := time.Now().Add(72 * time.Hour).UTC().Truncate(time.Minute)
	ev := org.must(http.StatusCreated, "POST", "/api/v1/events", map[string]any{"title": "Netwerkborrel",
		"location": "Ondernemersplein, Rotterdam", "startsAt": start.Format(time.RFC3339),
		"endsAt": start.Add(2 * time.Hour).Format(time.RFC3339), "capacity": 10})
	eventID := ev["id"].(string)
	org.must(http.StatusOK, "POST", "/api/v1/events/"+eventID+"/publish", map[string]any{})
	for _, email := range []string{"anna@example.nl", "bram@example.nl"} {
		eventually(t, 5*time.Second, "registration accepted", func() bool {
			return anon.do("POST", "/api/v1/events/"+eventID+"/registrations",
				map[string]any{"name": "Deelnemer", "email": email, "consent": true}).Status == http.StatusCreated
		})
	}

	list := func(query url.Values) []map[string]any {
		t.Helper()
		items := org.must(http.StatusOK, "GET", "/api/v1/emails?"+query.Encode(), nil)["items"].([]any)
		out := make([]map[string]any, len(items))
		for i, it := range items {
			out[i] = it.(map[string]any)
		}
		return out
	}
	ofEvent := url.Values{"eventId": {eventID}}
	eventually(t, 5*time.Second, "both confirmations sent", func() bool {
		sent := list(url.Values{"eventId": {eventID}, "status": {"sent"}})
		return len(sent) == 2
	})
	for _, e := range list(ofEvent) {
		if e["eventId"] != eventID || e["status"] != "sent" || e["sentAt"] == nil || e["kind"] != "registration-confirmed" {
			t.Errorf("e-mail %v", e)
		}
	}
	anna := list(url.Values{"eventId": {eventID}, "to": {"anna@example.nl"}})
	if len(anna) != 1 || anna[0]["to"] != "anna@example.nl" {
		t.Errorf("to anna: %v", anna)
	}
	if failed := list(url.Values{"eventId": {eventID}, "status": {"failed"}}); len(failed) != 0 {
		t.Errorf("failed: %v", failed)
	}
	org.must(http.StatusBadRequest, "GET", "/api/v1/emails?status=lost", nil)
}
