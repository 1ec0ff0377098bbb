package plein_test

import (
	"bufio"
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestSeatStream watches an event's free seats over SSE while people
// register: the stream starts with the current counts and brings each
// change.
func TestSeatStream(t *testing.T) {
	base := startPlein(t)
	org := signIn(t, base, adminEmail, adminPassword)
	start := time.Now().Add(72 * time.Hour).UTC().Truncate(time.Minute)
	ev := org.must(http.StatusCreated, "POST", "/api/v1/events", map[string]any{
		"title": "Werkbezoek haven", "location": "Havenbedrijf", "capacity": 3,
		"startsAt": start.Format(time.RFC3339), "endsAt": start.Add(time.Hour).Format(time.RFC3339),
	})
	id := ev["id"].(string)
	org.must(http.StatusOK, "POST", "/api/v1/events/"+id+"/publish", map[string]any{})
	// The stream is public once the registrations service knows the event
	// is published.
	eventually(t, 5*time.Second, "registrations know the event is published", func() bool {
		return org.do("GET", "/api/v1/events/"+id+"/questions", nil).Status == http.StatusOK &&
			(&client{t: t, base: base, http: http.DefaultClient}).do("GET", "/api/v1/events/"+id+"/questions", nil).Status == http.StatusOK
	})

	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "GET", base+"/api/v1/events/"+id+"/seats/stream", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "text/event-stream" {
		t.Fatalf("stream: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	messages := make(chan map[string]any, 10)
	go func() {
		sc := bufio.NewScanner(resp.Body)
		for sc.Scan() {
			if data, ok := strings.CutPrefix(sc.Text(), "data: "); ok {
				var m map[string]any
				if json.Unmarshal([]byte(data), &m) == nil {
					messages <- m
				}
			}
		}
		close(messages)
	}()
	next := func() map[string]any {
		select {
		case m, ok := <-messages:
			if !ok {
				t.Fatal("stream ended")
			}
			return m
		case <-ctx.Done():
			t.Fatal("no message in time")
		}
		return nil
	}
	if m := next(); m["seatsFree"] != float64(3) || m["seatsTaken"] != float64(0) {
		t.Fatalf("first message %v, want 3 free", m)
	}
	anon := &client{t: t, base: base, http: &http.Client{Timeout: 10 * time.Second}}
	anon.must(http.StatusCreated, "POST", "/api/v1/events/"+id+"/registrations",
		map[string]any{"name": "Anna", "email": "anna@example.nl", "consent": true})
	// Messages about earlier changes (the publication) may still arrive
	// first; the registration's change must follow.
	for {
		m := next()
		if m["seatsTaken"] == float64(1) {
			if m["seatsFree"] != float64(2) {
				t.Fatalf("after a registration %v, want 2 free", m)
			}
			break
		}
	}
	// Unknown events have no stream.
	if r := anon.do("GET", "/api/v1/events/0190aaaa-0000-7000-8000-000000000000/seats/stream", nil); r.Status != http.StatusNotFound {
		t.Fatalf("stream of an unknown event: %d", r.Status)
	}
}
