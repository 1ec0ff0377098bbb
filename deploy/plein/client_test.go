package plein_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/cookiejar"
	"strings"
	"testing"
	"time"
)

// client drives the HTTP API like an API user would.
type client struct {
	t     testing.TB
	base  string
	token string
	http  *http.Client
}

type response struct {
	Status int
	Header http.Header
	Body   []byte
}

func (r response) json(t testing.TB) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(r.Body, &m); err != nil {
		t.Fatalf("response is not a JSON object: %v\n%s", err, r.Body)
	}
	return m
}

func (c *client) do(method, path string, body any) response {
	c.t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
	default:
		raw, err := json.Marshal(b)
		if err != nil {
			c.t.Fatal(err)
		}
		rd = bytes.NewReader(raw)
	}
	req, err := http.NewRequest(method, c.base+path, rd)
	if err != nil {
		c.t.Fatal(err)
	}
	if rd != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		c.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		c.t.Fatal(err)
	}
	checkResponse(c.t, c.base, req, resp.StatusCode, resp.Header, raw)
	return response{Status: resp.StatusCode, Header: resp.Header, Body: raw}
}

// must does a request and fails the test unless it answers want.
func (c *client) must(want int, method, path string, body any) map[string]any {
	c.t.Helper()
	r := c.do(method, path, body)
	if r.Status != want {
		c.t.Fatalf("%s %s: status %d, want %d\n%s", method, path, r.Status, want, r.Body)
	}
	if len(r.Body) == 0 {
		return nil
	}
	return r.json(c.t)
}

// eventually retries check until it returns true or the time is up.
func eventually(t testing.TB, within time.Duration, what string, check func() bool) {
	t.Helper()
	deadline := time.Now().Add(within)
	for !check() {
		if time.Now().After(deadline) {
			t.Fatalf("not within %s: %s", within, what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// signIn signs in with a password and switches the client to a personal
// API token, as a script would.
func signIn(t testing.TB, base, email, password string) *client {
	t.Helper()
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	c := &client{t: t, base: base, http: &http.Client{Jar: jar, Timeout: 30 * time.Second}}
	me := c.must(http.StatusCreated, "POST", "/api/v1/sessions", map[string]string{"email": email, "password": password})
	if me["user"].(map[string]any)["email"] != email {
		t.Fatalf("signed in as %v", me)
	}
	tok := c.must(http.StatusCreated, "POST", "/api/v1/tokens", map[string]string{"name": "test"})
	return &client{t: t, base: base, token: tok["token"].(string), http: &http.Client{Timeout: 30 * time.Second}}
}

// runSlice is the foundation's user story: an organiser publishes an event
// with two seats, three people register, the third waits, and the event
// shows the counts.
func runSlice(t *testing.T, base string) {
	org := signIn(t, base, adminEmail, adminPassword)
	anon := &client{t: t, base: base, http: &http.Client{Timeout: 30 * time.Second}}

	start := time.Now().Add(72 * time.Hour).UTC().Truncate(time.Minute)
	ev := org.must(http.StatusCreated, "POST", "/api/v1/events", map[string]any{
		"title":       "Smart Industry ontbijtsessie",
		"description": "Ambassadeurs vertellen over digitalisering in de maakindustrie.",
		"location":    "Ondernemersplein, Rotterdam",
		"startsAt":    start.Format(time.RFC3339),
		"endsAt":      start.Add(2 * time.Hour).Format(time.RFC3339),
		"capacity":    2,
		"themes":      []string{"innovatie"},
	})
	id := ev["id"].(string)
	if ev["status"] != "draft" {
		t.Fatalf("new event status %v, want draft", ev["status"])
	}
	// A draft is not there for the public.
	anon.must(http.StatusNotFound, "GET", "/api/v1/events/"+id, nil)

	pub := org.must(http.StatusOK, "POST", "/api/v1/events/"+id+"/publish", map[string]any{})
	if pub["status"] != "published" {
		t.Fatalf("published event status %v", pub["status"])
	}

	register := func(name, email string) map[string]any {
		body := map[string]any{"name": name, "email": email, "consent": true}
		var out map[string]any
		// The registrations service learns of the publication from the
		// bus; allow it a moment.
		eventually(t, 5*time.Second, "registration accepted", func() bool {
			r := anon.do("POST", "/api/v1/events/"+id+"/registrations", body)
			if r.Status == http.StatusCreated {
				out = r.json(t)
				return true
			}
			if r.Status != http.StatusNotFound && r.Status != http.StatusUnprocessableEntity {
				t.Fatalf("register %s: %d %s", email, r.Status, r.Body)
			}
			return false
		})
		return out
	}
	a := register("Anna de Vries", "anna@example.nl")
	b := register("Bram Jansen", "bram@example.nl")
	c := register("Chantal Bakker", "chantal@example.nl")
	for _, r := range []map[string]any{a, b} {
		if r["status"] != "confirmed" || r["manageToken"] == "" {
			t.Fatalf("registration %v, want confirmed with a manage token", r)
		}
	}
	if c["status"] != "waitlisted" || c["waitlistPosition"] != float64(1) {
		t.Fatalf("third registration %v, want waitlisted at position 1", c)
	}
	// The same e-mail address again, in other case, is a conflict.
	r := anon.do("POST", "/api/v1/events/"+id+"/registrations",
		map[string]any{"name": "Anna", "email": "ANNA@example.nl", "consent": true})
	if r.Status != http.StatusConflict {
		t.Fatalf("duplicate registration: %d %s", r.Status, r.Body)
	}

	eventually(t, 5*time.Second, "event shows seatsTaken 2, waitlistLength 1", func() bool {
		e := anon.must(http.StatusOK, "GET", "/api/v1/events/"+id, nil)
		return e["seatsTaken"] == float64(2) && e["waitlistLength"] == float64(1)
	})
	list := anon.must(http.StatusOK, "GET", "/api/v1/events", nil)
	items := list["items"].([]any)
	if len(items) != 1 || items[0].(map[string]any)["id"] != id {
		t.Fatalf("public list %v, want the one published event", list)
	}

	// The manage token reads the registration; cancelling it promotes Chantal.
	tok := a["manageToken"].(string)
	got := anon.must(http.StatusOK, "GET", "/api/v1/registrations/"+a["id"].(string)+"?token="+tok, nil)
	if got["email"] != "anna@example.nl" {
		t.Fatalf("registration by token: %v", got)
	}
	anon.must(http.StatusNotFound, "GET", "/api/v1/registrations/"+b["id"].(string)+"?token="+tok, nil)
	anon.must(http.StatusNoContent, "DELETE", "/api/v1/registrations/"+a["id"].(string)+"?token="+tok, nil)
	promoted := org.must(http.StatusOK, "GET", "/api/v1/registrations/"+c["id"].(string), nil)
	if promoted["status"] != "confirmed" {
		t.Fatalf("waitlisted registration after a cancellation: %v", promoted)
	}
	eventually(t, 5*time.Second, "event shows seatsTaken 2, waitlistLength 0", func() bool {
		e := anon.must(http.StatusOK, "GET", "/api/v1/events/"+id, nil)
		return e["seatsTaken"] == float64(2) && e["waitlistLength"] == float64(0)
	})
}
