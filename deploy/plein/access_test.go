package plein_test

import (
	"net/http"
	"strings"
	"testing"
	"time"
)

// allowed in the matrix means: the caller got past authorisation, whatever
// the request then met (2xx, or 400/409/422 for the request itself).
const allowed = 0

// TestAccessMatrix runs the paths against every kind of caller and checks
// the status: anonymous, someone holding another registration's manage
// token, ambassador (self and other), administrator without the organiser
// role, and organiser. Denials are exact; "allowed" means neither 401, 403
// nor 404.
func TestAccessMatrix(t *testing.T) {
	base := startPlein(t)
	boot := signIn(t, base, adminEmail, adminPassword)
	anon := &client{t: t, base: base, http: &http.Client{Timeout: 30 * time.Second}}

	// Fixtures: accounts, a programme with two ambassadors, an activity, a
	// venue with a room, a published event with two registrations.
	today := time.Now().In(amsterdam(t))
	year := today.Format("2006")
	pass := "a long enough password"
	user := func(email string, roles []string, ambassadorID string) *client {
		body := map[string]any{"email": email, "name": email, "password": pass, "roles": roles}
		if ambassadorID != "" {
			body["ambassadorId"] = ambassadorID
		}
		boot.must(http.StatusCreated, "POST", "/api/v1/users", body)
		return signIn(t, base, email, pass)
	}
	p := boot.must(http.StatusCreated, "POST", "/api/v1/programmes", map[string]any{
		"name": "Smart Industry", "municipality": "Rotterdam", "themes": []string{"innovatie"},
		"startsOn": year + "-01-01", "endsOn": year + "-12-31"})
	pid := p["id"].(string)
	appoint := func(name string) string {
		a := boot.must(http.StatusCreated, "POST", "/api/v1/programmes/"+pid+"/ambassadors", map[string]any{
			"name": name, "email": strings.ToLower(strings.Fields(name)[0]) + "@example.nl",
			"appointedOn": year + "-01-01", "termEndsOn": year + "-12-31"})
		return a["id"].(string)
	}
	ambAID, ambBID := appoint("Anouk de Vries"), appoint("Bram Bakker")
	ambA := user("anouk@example.nl", []string{"ambassador"}, ambAID)
	ambB := user("bram@example.nl", []string{"ambassador"}, ambBID)
	org := user("organisator@example.nl", []string{"organiser"}, "")
	adm := user("beheerder@example.nl", []string{"admin"}, "")
	visit := map[string]any{"kind": "company-visit", "occurredOn": today.Format(time.DateOnly), "durationMinutes": 60,
		"summary": "Bedrijfsbezoek", "entrepreneursReached": 2, "themes": []string{"innovatie"}}
	act := ambA.must(http.StatusCreated, "POST", "/api/v1/ambassadors/"+ambAID+"/activities", visit)
	actID := act["id"].(string)

	venue := boot.must(http.StatusCreated, "POST", "/api/v1/venues", map[string]any{"name": "Ondernemersplein", "city": "Rotterdam"})
	room := boot.must(http.StatusCreated, "POST", "/api/v1/venues/"+venue["id"].(string)+"/rooms",
		map[string]any{"name": "Zaal 1", "capacity": 30})
	roomID := room["id"].(string)
	start := time.Now().Add(72 * time.Hour).UTC().Truncate(time.Minute)
	eventBody := func(hour int) map[string]any {
		s := start.Add(time.Duration(hour) * time.Hour)
		return map[string]any{"title": "Sessie", "location": "Stadhuis", "capacity": 5,
			"startsAt": s.Format(time.RFC3339), "endsAt": s.Add(time.Hour).Format(time.RFC3339)}
	}
	ev := boot.must(http.StatusCreated, "POST", "/api/v1/events", eventBody(0))
	evID := ev["id"].(string)
	boot.must(http.StatusOK, "POST", "/api/v1/events/"+evID+"/publish", map[string]any{})
	var regs []map[string]any
	for _, e := range []string{"anna@example.nl", "bas@example.nl"} {
		eventually(t, 5*time.Second, "registration accepted", func() bool {
			r := anon.do("POST", "/api/v1/events/"+evID+"/registrations", map[string]any{"name": e, "email": e, "consent": true})
			if r.Status == http.StatusCreated {
				regs = append(regs, r.json(t))
			}
			return r.Status == http.StatusCreated
		})
	}
	r1, r2 := regs[0]["id"].(string), regs[1]["id"].(string)
	otherToken := regs[1]["manageToken"].(string)
	// The holder of registration 2's token, knocking on registration 1.
	tok := &client{t: t, base: base, http: &http.Client{Transport: headerTransport{"X-Manage-Token", otherToken}, Timeout: 30 * time.Second}}

	type row struct {
		method, path string
		body         any
		// anonymous, other's token, ambassador self, ambassador other,
		// administrator, organiser
		want [6]int
	}
	const (
		s401 = http.StatusUnauthorized
		s403 = http.StatusForbidden
		s404 = http.StatusNotFound
	)
	n := 0
	newEvent := func() map[string]any { n++; return eventBody(2 * n) }
	rows := []row{
		{"GET", "/api/v1/events", nil, [6]int{allowed, allowed, allowed, allowed, allowed, allowed}},
		{"GET", "/api/v1/events/" + evID, nil, [6]int{allowed, allowed, allowed, allowed, allowed, allowed}},
		{"POST", "/api/v1/events", newEvent, [6]int{s401, s401, s403, s403, s403, allowed}},
		{"PATCH", "/api/v1/events/" + evID, map[string]any{"description": "Met ontbijt"}, [6]int{s401, s401, s403, s403, s403, allowed}},
		{"POST", "/api/v1/events/" + evID + "/publish", map[string]any{}, [6]int{s401, s401, s403, s403, s403, allowed}},
		{"GET", "/api/v1/events/" + evID + "/registrations", nil, [6]int{s401, s401, s403, s403, s403, allowed}},
		{"POST", "/api/v1/venues", map[string]any{"name": "Stadswinkel"}, [6]int{s401, s401, s403, s403, s403, allowed}},
		{"GET", "/api/v1/venues", nil, [6]int{allowed, allowed, allowed, allowed, allowed, allowed}},
		{"GET", "/api/v1/rooms/" + roomID + "/bookings", nil, [6]int{s401, s401, s403, s403, s403, allowed}},
		{"GET", "/api/v1/registrations/" + r1, nil, [6]int{s404, s404, s404, s404, s404, allowed}},
		{"GET", "/api/v1/registrations/" + r1 + "/qr", nil, [6]int{s404, s404, s404, s404, s404, allowed}},
		{"POST", "/api/v1/registrations/" + r1 + "/check-in", map[string]any{}, [6]int{s401, s401, s403, s403, s403, allowed}},
		{"GET", "/api/v1/people/export?email=anna@example.nl", nil, [6]int{s401, s401, s403, s403, allowed, s403}},
		{"GET", "/api/v1/privacy/register", nil, [6]int{s401, s401, s403, s403, allowed, s403}},
		{"GET", "/api/v1/users", nil, [6]int{s401, s401, s403, s403, allowed, s403}},
		{"GET", "/api/v1/me", nil, [6]int{s401, s401, allowed, allowed, allowed, allowed}},
		{"GET", "/api/v1/programmes/" + pid, nil, [6]int{allowed, allowed, allowed, allowed, allowed, allowed}},
		{"PATCH", "/api/v1/programmes/" + pid, map[string]any{"description": "Speerpunt innovatie"}, [6]int{s401, s401, s403, s403, s403, allowed}},
		{"GET", "/api/v1/programmes/" + pid + "/report", nil, [6]int{s401, s401, s403, s403, s403, allowed}},
		{"GET", "/api/v1/ambassadors/" + ambAID, nil, [6]int{allowed, allowed, allowed, allowed, allowed, allowed}},
		{"PATCH", "/api/v1/ambassadors/" + ambAID, map[string]any{"bio": "Ondernemer"}, [6]int{s401, s401, s403, s403, s403, allowed}},
		{"GET", "/api/v1/ambassadors/" + ambAID + "/activities", nil, [6]int{s401, s401, allowed, s403, s403, allowed}},
		{"POST", "/api/v1/ambassadors/" + ambAID + "/activities", visit, [6]int{s401, s401, allowed, s403, s403, allowed}},
		{"PATCH", "/api/v1/activities/" + actID, map[string]any{"summary": "Bedrijfsbezoek, tweede gesprek"}, [6]int{s401, s401, allowed, s403, s403, allowed}},
		{"POST", "/api/v1/activities/" + actID + "/review", map[string]any{"decision": "approve"}, [6]int{s401, s401, s403, s403, s403, allowed}},
		{"DELETE", "/api/v1/registrations/" + r1, nil, [6]int{s404, s404, s404, s404, s404, allowed}},
		// The ambassador deletes their own activity; the organiser then
		// finds it gone.
		{"DELETE", "/api/v1/activities/" + actID, nil, [6]int{s401, s401, allowed, s403, s403, s404}},
	}
	// Callers in the order they try each path (the ambassador themself
	// after the others, so a delete they may do leaves the others' denials
	// tested); want holds the column of each.
	callers := []struct {
		name string
		c    *client
		col  int
	}{{"anonymous", anon, 0}, {"other's token", tok, 1}, {"ambassador other", ambB, 3},
		{"administrator", adm, 4}, {"ambassador self", ambA, 2}, {"organiser", org, 5}}
	for _, rw := range rows {
		for _, caller := range callers {
			i := caller.col
			body := rw.body
			if f, ok := body.(func() map[string]any); ok {
				body = f()
			}
			r := caller.c.do(rw.method, rw.path, body)
			want := rw.want[i]
			switch {
			case want == allowed && (r.Status == s401 || r.Status == s403 || r.Status == s404 || r.Status >= 500):
				t.Errorf("%s %s as %s: %d, want it allowed\n%s", rw.method, rw.path, caller.name, r.Status, r.Body)
			case want != allowed && r.Status != want:
				t.Errorf("%s %s as %s: %d, want %d\n%s", rw.method, rw.path, caller.name, r.Status, want, r.Body)
			}
		}
	}
	// The token does open its own registration.
	tok.must(http.StatusOK, "GET", "/api/v1/registrations/"+r2, nil)
}

// headerTransport adds one header to every request.
type headerTransport struct{ name, value string }

func (h headerTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	r.Header.Set(h.name, h.value)
	return http.DefaultTransport.RoundTrip(r)
}
