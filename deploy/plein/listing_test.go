package plein_test

import (
	"net/http"
	"regexp"
	"strconv"
	"testing"
	"time"
)

// The gateway serves a repeated GET /api/v1/events from the copy it kept
// while the events service says nothing was committed since: a copy is
// used, yet no caller ever reads a listing staler than a fresh read, nor
// another caller's.
func TestListingCopies(t *testing.T) {
	base := startPlein(t)
	org := signIn(t, base, adminEmail, adminPassword)
	anon := &client{t: t, base: base, http: &http.Client{Timeout: 30 * time.Second}}
	starts := time.Now().Add(72 * time.Hour).Truncate(time.Hour)
	event := func(title string, publish bool) string {
		t.Helper()
		e := org.must(http.StatusCreated, "POST", "/api/v1/events", map[string]any{"title": title, "location": "Stadhuis",
			"capacity": 10, "startsAt": starts.Format(time.RFC3339), "endsAt": starts.Add(time.Hour).Format(time.RFC3339)})
		id := e["id"].(string)
		if publish {
			org.must(http.StatusOK, "POST", "/api/v1/events/"+id+"/publish", map[string]any{})
		}
		return id
	}
	query := "/api/v1/events?from=" + starts.Add(-time.Hour).UTC().Format(time.RFC3339)
	titles := func(c *client) map[string]float64 {
		t.Helper()
		seats := map[string]float64{}
		for _, it := range c.must(http.StatusOK, "GET", query, nil)["items"].([]any) {
			e := it.(map[string]any)
			taken, _ := e["seatsTaken"].(float64)
			seats[e["title"].(string)] = taken
		}
		return seats
	}
	copies := func() int {
		t.Helper()
		m := regexp.MustCompile(`plein_http_event_listings_total\{result="copy"\} (\d+)`).FindSubmatch(anon.do("GET", "/metrics", nil).Body)
		if m == nil {
			return 0
		}
		n, _ := strconv.Atoi(string(m[1]))
		return n
	}

	a := event("Ontbijtsessie", true)
	event("Concept", false)
	// Once the events service is quiet (its relay and consumers commit
	// too, right after a publication), the same listing is a copy.
	eventually(t, 10*time.Second, "a repeated listing served from the gateway's copy", func() bool {
		before := copies()
		return len(titles(anon)) == 1 && copies() > before
	})
	// The draft is the organiser's: the same query from another caller is
	// not answered with the anonymous copy.
	if got := titles(org); len(got) != 2 {
		t.Errorf("organiser's listing %v, want the published event and the draft", got)
	}
	// A commit makes a copy old at once: the next read shows it.
	event("Netwerkborrel", true)
	if got := titles(anon); len(got) != 2 {
		t.Fatalf("listing right after a second event was published: %v", got)
	}
	// Seats taken reach the listing as the events service learns them.
	anon.must(http.StatusCreated, "POST", "/api/v1/events/"+a+"/registrations",
		map[string]any{"name": "Anna de Vries", "email": "anna@example.nl", "consent": true})
	eventually(t, 10*time.Second, "the registration counted in the listing", func() bool {
		return titles(anon)["Ontbijtsessie"] == 1
	})
}
