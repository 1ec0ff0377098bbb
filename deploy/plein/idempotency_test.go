package plein_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"sync"
	"testing"
	"time"
)

// TestIdempotencyKey sends one registration many times at once and again
// later with one Idempotency-Key: it acts once, and every answer is the
// first one.
func TestIdempotencyKey(t *testing.T) {
	base := startPlein(t)
	org := signIn(t, base, adminEmail, adminPassword)
	start := time.Now().Add(72 * time.Hour).UTC().Truncate(time.Minute)
	ev := org.must(http.StatusCreated, "POST", "/api/v1/events", map[string]any{
		"title": "Netwerkborrel", "location": "Stadswinkel", "capacity": 10,
		"startsAt": start.Format(time.RFC3339), "endsAt": start.Add(time.Hour).Format(time.RFC3339),
	})
	id := ev["id"].(string)
	org.must(http.StatusOK, "POST", "/api/v1/events/"+id+"/publish", map[string]any{})
	anon := &client{t: t, base: base, http: &http.Client{Timeout: 30 * time.Second}}
	eventually(t, 5*time.Second, "registrations open", func() bool {
		return anon.do("GET", "/api/v1/events/"+id, nil).Status == http.StatusOK &&
			org.do("GET", "/api/v1/events/"+id+"/registrations", nil).Status == http.StatusOK
	})

	body, _ := json.Marshal(map[string]any{"name": "Anna", "email": "anna@example.nl", "consent": true})
	post := func(key string, body []byte) (int, map[string]any, http.Header) {
		req, _ := http.NewRequest("POST", base+"/api/v1/events/"+id+"/registrations", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Idempotency-Key", key)
		resp, err := anon.http.Do(req)
		if err != nil {
			t.Error(err)
			return 0, nil, nil
		}
		defer resp.Body.Close()
		raw, _ := io.ReadAll(resp.Body)
		var m map[string]any
		_ = json.Unmarshal(raw, &m)
		return resp.StatusCode, m, resp.Header
	}

	const n = 10
	var wg sync.WaitGroup
	answers := make([]map[string]any, n)
	statuses := make([]int, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			statuses[i], answers[i], _ = post("retry-0001", body)
		}()
	}
	wg.Wait()
	for i := range n {
		if statuses[i] != http.StatusCreated || answers[i]["id"] != answers[0]["id"] || answers[i]["manageToken"] != answers[0]["manageToken"] {
			t.Fatalf("answer %d: %d %v, want the first answer %v", i, statuses[i], answers[i], answers[0])
		}
	}
	status, again, hdr := post("retry-0001", body)
	if status != http.StatusCreated || again["id"] != answers[0]["id"] || hdr.Get("Idempotent-Replayed") != "true" {
		t.Fatalf("later retry: %d %v %v", status, again, hdr)
	}
	other, _ := json.Marshal(map[string]any{"name": "Bram", "email": "bram@example.nl", "consent": true})
	if status, _, _ := post("retry-0001", other); status != http.StatusUnprocessableEntity {
		t.Fatalf("same key, other request: %d, want 422", status)
	}
	list := org.must(http.StatusOK, "GET", "/api/v1/events/"+id+"/registrations", nil)
	if items := list["items"].([]any); len(items) != 1 {
		t.Fatalf("%d registrations after %d identical requests, want 1", len(items), n+1)
	}
}
