package plein_test

import (
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestBadFieldTypesNameTheField sends values of the wrong type through the
// all-in-one: each answers 400 problem+json naming the field in
// invalidParams, with what it must be in plain words, and nothing of the
// decoder's internals (issue 14, defect 7).
func TestBadFieldTypesNameTheField(t *testing.T) {
	base := startPlein(t)
	org := signIn(t, base, adminEmail, adminPassword)
	anon := &client{t: t, base: base, http: &http.Client{Timeout: 10 * time.Second}}
	start := time.Now().Add(48 * time.Hour).UTC().Truncate(time.Minute)
	event := func(extra map[string]any) map[string]any {
		body := map[string]any{"title": "Netwerkborrel", "location": "Stadhuis", "capacity": 20,
			"startsAt": start.Format(time.RFC3339), "endsAt": start.Add(time.Hour).Format(time.RFC3339)}
		for k, v := range extra {
			body[k] = v
		}
		return body
	}
	const unknownEvent = "/api/v1/events/0190aaaa-0000-7000-8000-000000000000"
	cases := []struct {
		name       string
		c          *client
		method     string
		path       string
		body       any
		param      string
		wantReason string
	}{
		{"timestamp in words", org, "POST", "/api/v1/events", event(map[string]any{"startsAt": "gisteren"}),
			"startsAt", "must be a date-time in RFC 3339, e.g. 2026-03-01T09:00:00+01:00"},
		{"timestamp without offset", org, "POST", "/api/v1/events", event(map[string]any{"endsAt": "2026-03-01 10:00"}),
			"endsAt", "RFC 3339"},
		{"integer in words", org, "POST", "/api/v1/events", event(map[string]any{"capacity": "twintig"}),
			"capacity", "must be a whole number"},
		{"integer as text with a fraction", org, "POST", "/api/v1/events", event(map[string]any{"capacity": "20.5"}),
			"capacity", "must be a whole number"},
		{"bool as number", anon, "POST", unknownEvent + "/registrations",
			map[string]any{"name": "Anna", "email": "anna@example.nl", "consent": 1}, "consent", "must be true or false"},
		{"unknown enum value", org, "POST", "/api/v1/events", event(map[string]any{"visibility": "geheim"}),
			"visibility", "public"},
		{"unknown field", org, "POST", "/api/v1/events", event(map[string]any{"colour": "red"}),
			"colour", "is not a field of this request"},
		{"inside an object", org, "POST", "/api/v1/events", event(map[string]any{"accessibility": map[string]any{"wheelchairAccessible": "ja"}}),
			"accessibility.wheelchairAccessible", "must be true or false"},
		{"list as text", org, "POST", "/api/v1/events", event(map[string]any{"themes": "innovatie"}),
			"themes", "must be a list"},
		{"timestamp in the query", anon, "GET", "/api/v1/events?from=gisteren", nil, "from", "RFC 3339"},
		{"integer in the query", anon, "GET", "/api/v1/events?pageSize=veel", nil, "pageSize", "must be a whole number"},
		{"hand-written route", org, "POST", "/api/v1/tokens", map[string]any{"name": 5}, "name", "must be text"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			tc.c.t = t
			r := tc.c.do(tc.method, tc.path, tc.body)
			if r.Status != http.StatusBadRequest || r.Header.Get("Content-Type") != "application/problem+json" {
				t.Fatalf("%d %s, want 400 problem+json\n%s", r.Status, r.Header.Get("Content-Type"), r.Body)
			}
			for _, internal := range []string{"proto", "google.", "line 1", "json:", "strconv", "parsing"} {
				if strings.Contains(string(r.Body), internal) {
					t.Errorf("the problem shows the decoder's internals (%q):\n%s", internal, r.Body)
				}
			}
			params, _ := r.json(t)["invalidParams"].([]any)
			for _, p := range params {
				ip := p.(map[string]any)
				if ip["name"] == tc.param {
					if reason, _ := ip["reason"].(string); !strings.Contains(reason, tc.wantReason) {
						t.Errorf("%s: reason %q, want it to say %q", tc.param, reason, tc.wantReason)
					}
					return
				}
			}
			t.Errorf("invalidParams %v do not name %s\n%s", params, tc.param, r.Body)
		})
	}
}
