package plein_test

import (
	"net/http"
	"testing"
	"time"
)

// TestConsoleAPIsThroughTheGateway drives the two routes the console
// added through the all-in-one: the review queue of a programme, and
// moving someone off the waiting list, refused as 409 problem+json naming
// seats while no seat is free.
func TestConsoleAPIsThroughTheGateway(t *testing.T) {
	base := startPlein(t)
	org := signIn(t, base, adminEmail, adminPassword)
	anon := &client{t: t, base: base, http: &http.Client{Timeout: 30 * time.Second}}
	today := time.Now().In(amsterdam(t))
	year := today.Format("2006")

	// The review queue.
	p := org.must(http.StatusCreated, "POST", "/api/v1/programmes", map[string]any{"name": "Smart Industry",
		"municipality": "Rotterdam", "themes": []string{"innovatie"}, "startsOn": year + "-01-01", "endsOn": year + "-12-31"})
	pid := p["id"].(string)
	a := org.must(http.StatusCreated, "POST", "/api/v1/programmes/"+pid+"/ambassadors", map[string]any{
		"name": "Anouk de Vries", "email": "anouk@example.nl", "appointedOn": year + "-01-01", "termEndsOn": year + "-12-31"})
	x := org.must(http.StatusCreated, "POST", "/api/v1/ambassadors/"+a["id"].(string)+"/activities", map[string]any{
		"kind": "company-visit", "occurredOn": today.Format(time.DateOnly), "durationMinutes": 60, "summary": "Bezoek"})
	queue := "/api/v1/programmes/" + pid + "/activities?status=pending"
	anon.must(http.StatusUnauthorized, "GET", queue, nil)
	got := org.must(http.StatusOK, "GET", queue, nil)
	items, _ := got["items"].([]any)
	if len(items) != 1 || items[0].(map[string]any)["id"] != x["id"] {
		t.Fatalf("review queue %v", got)
	}
	org.must(http.StatusBadRequest, "GET", "/api/v1/programmes/"+pid+"/activities?status=maybe", nil)

	// Promotion: one seat, taken; the second waits and cannot be promoted.
	start := today.Add(72 * time.Hour)
	ev := org.must(http.StatusCreated, "POST", "/api/v1/events", map[string]any{"title": "Ontbijtsessie", "location": "Stadhuis",
		"startsAt": start.Format(time.RFC3339), "endsAt": start.Add(2 * time.Hour).Format(time.RFC3339), "capacity": 1,
		"visibility": "public"})
	eid := ev["id"].(string)
	org.must(http.StatusOK, "POST", "/api/v1/events/"+eid+"/publish", map[string]any{})
	register := func(email string) map[string]any {
		var r map[string]any
		eventually(t, 10*time.Second, "registration open", func() bool {
			resp := anon.do("POST", "/api/v1/events/"+eid+"/registrations", map[string]any{"name": email, "email": email, "consent": true})
			if resp.Status == http.StatusCreated {
				r = resp.json(t)
			}
			return resp.Status == http.StatusCreated
		})
		return r
	}
	register("eerste@example.nl")
	second := register("tweede@example.nl")
	if second["status"] != "waitlisted" {
		t.Fatalf("second registration %v", second)
	}
	path := "/api/v1/registrations/" + second["id"].(string) + "/promote"
	anon.must(http.StatusUnauthorized, "POST", path, map[string]any{})
	r := org.do("POST", path, map[string]any{})
	if r.Status != http.StatusConflict || r.Header.Get("Content-Type") != "application/problem+json" {
		t.Fatalf("promote without a free seat: %d %s\n%s", r.Status, r.Header.Get("Content-Type"), r.Body)
	}
	params, _ := r.json(t)["invalidParams"].([]any)
	if len(params) != 1 || params[0].(map[string]any)["name"] != "seats" {
		t.Fatalf("problem %s", r.Body)
	}
	org.must(http.StatusNotFound, "POST", "/api/v1/registrations/nope/promote", map[string]any{})
}
