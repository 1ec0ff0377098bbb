package plein_test

import (
	"bytes"
	"net/http"
	"strings"
	"testing"
	"time"

	goical "github.com/emersion/go-ical"
	"github.com/getkin/kin-openapi/openapi3filter"
)

// TestEveryCalendarFileIsOneScheme fetches each calendar file Plein serves —
// an event's, the public feed and an attendee's — and reads each with a
// strict parser: lines end in CRLF, and the event has the same UID in all
// of them.
func TestEveryCalendarFileIsOneScheme(t *testing.T) {
	if openapi3filter.RegisteredBodyDecoder("text/calendar") == nil {
		openapi3filter.RegisterBodyDecoder("text/calendar", openapi3filter.PlainBodyDecoder)
	}
	base := startPlein(t)
	org := signIn(t, base, adminEmail, adminPassword)
	anon := &client{t: t, base: base, http: &http.Client{Timeout: 30 * time.Second}}
	venue := org.must(http.StatusCreated, "POST", "/api/v1/venues", map[string]any{"name": "Ondernemersplein", "city": "Rotterdam"})
	vid := venue["id"].(string)
	room := org.must(http.StatusCreated, "POST", "/api/v1/venues/"+vid+"/rooms", map[string]any{"name": "Zaal 1", "capacity": 40})
	start := time.Now().Add(96 * time.Hour).UTC().Truncate(time.Hour)
	ev := org.must(http.StatusCreated, "POST", "/api/v1/events", map[string]any{
		"title":  "Smart Industry ontbijt, met een titel die langer is dan vijfenzeventig tekens zodat hij gevouwen wordt",
		"roomId": room["id"], "startsAt": start.Format(time.RFC3339), "endsAt": start.Add(2 * time.Hour).Format(time.RFC3339)})
	id := ev["id"].(string)
	org.must(http.StatusOK, "POST", "/api/v1/events/"+id+"/publish", map[string]any{})
	var reg map[string]any
	eventually(t, 5*time.Second, "registration open", func() bool {
		r := anon.do("POST", "/api/v1/events/"+id+"/registrations", map[string]any{"name": "Anna", "email": "anna@example.nl", "consent": true})
		if r.Status == http.StatusCreated {
			reg = r.json(t)
		}
		return reg != nil
	})

	files := map[string]string{
		"event":        "/api/v1/events/" + id + "/calendar.ics",
		"feed":         "/api/v1/calendar.ics?venueId=" + vid,
		"registration": "/api/v1/registrations/" + reg["id"].(string) + "/calendar.ics?token=" + reg["manageToken"].(string),
	}
	for name, path := range files {
		r := rawGet(t, anon, "GET", path, nil, true)
		if r.Status != http.StatusOK || !strings.HasPrefix(r.Header.Get("Content-Type"), "text/calendar") {
			t.Fatalf("%s: %d %s", name, r.Status, r.Header.Get("Content-Type"))
		}
		body := string(r.Body)
		if strings.Count(body, "\n") != strings.Count(body, "\r\n") || !strings.HasSuffix(body, "\r\n") {
			t.Errorf("%s: a line does not end in CRLF:\n%q", name, body)
		}
		for _, line := range strings.Split(body, "\r\n") {
			if len(line) > 75 {
				t.Errorf("%s: line longer than 75 octets: %q", name, line)
			}
		}
		cal, err := goical.NewDecoder(bytes.NewReader(r.Body)).Decode()
		if err != nil {
			t.Fatalf("%s: strict parse: %v\n%s", name, err, body)
		}
		events := cal.Events()
		if len(events) != 1 {
			t.Fatalf("%s: %d events, want 1", name, len(events))
		}
		if uid := events[0].Props.Get(goical.PropUID).Value; uid != id+"@plein" {
			t.Errorf("%s: UID %q, want %q", name, uid, id+"@plein")
		}
		if s, err := events[0].DateTimeStart(time.UTC); err != nil || !s.Equal(start) {
			t.Errorf("%s: DTSTART %s (%v), want %s", name, s, err, start)
		}
	}
}
