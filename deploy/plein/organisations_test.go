package plein_test

import (
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"
)

// TestOrganisationAccessMatrix runs every organiser-scoped path of the API
// against objects of organisation A (Velsen), as an organiser of A, an
// organiser of B (Beverwijk), an ambassador of A's programme and an
// anonymous caller, through the all-in-one over HTTP. B finds A's
// non-public objects unknown (404) and cannot change A's public ones
// (404 too: what B does not manage does not exist for B's writes); public
// reads stay open to everyone; lists are filtered. A joint programme of A
// and B is managed by both; A's internal meeting in a shared room is
// "bezet" to B. Denials are exact; "allowed" means neither 401, 403, 404
// nor 5xx.
func TestOrganisationAccessMatrix(t *testing.T) {
	base := startPlein(t)
	boot := signIn(t, base, adminEmail, adminPassword)
	anon := &client{t: t, base: base, http: &http.Client{Timeout: 30 * time.Second}}
	today := time.Now().In(amsterdam(t))
	year := today.Format("2006")
	pass := "a long enough password"

	velsen := boot.must(http.StatusCreated, "POST", "/api/v1/organisations",
		map[string]any{"name": "Gemeente Velsen", "kind": "municipality", "code": "GM0453"})["id"].(string)
	beverwijk := boot.must(http.StatusCreated, "POST", "/api/v1/organisations",
		map[string]any{"name": "Gemeente Beverwijk", "kind": "municipality", "code": "GM0375"})["id"].(string)
	user := func(email string, roles []string, ambassadorID string, orgs ...string) *client {
		body := map[string]any{"email": email, "name": email, "password": pass, "roles": roles, "organisationIds": orgs}
		if ambassadorID != "" {
			body["ambassadorId"] = ambassadorID
		}
		boot.must(http.StatusCreated, "POST", "/api/v1/users", body)
		return signIn(t, base, email, pass)
	}
	orgA := user("velsen@example.nl", []string{"organiser"}, "", velsen)
	orgB := user("beverwijk@example.nl", []string{"organiser"}, "", beverwijk)

	// A's programme (made by A itself: owners default to A's one
	// organisation), an ambassador with an activity, and a joint programme.
	programme := func(c *client, name string, owners ...string) string {
		body := map[string]any{"name": name, "municipality": "IJmond", "themes": []string{"innovatie"},
			"startsOn": year + "-01-01", "endsOn": year + "-12-31"}
		if owners != nil {
			body["ownerOrganisationIds"] = owners
		}
		p := c.must(http.StatusCreated, "POST", "/api/v1/programmes", body)
		return p["id"].(string)
	}
	pid := programme(orgA, "Economische agenda Velsen")
	joint := programme(boot, "IJmond samen", velsen, beverwijk) // an administrator names any owners
	if got := orgA.must(http.StatusOK, "GET", "/api/v1/programmes/"+pid, nil)["ownerOrganisationIds"]; len(got.([]any)) != 1 || got.([]any)[0] != velsen {
		t.Fatalf("A's programme is owned by %v", got)
	}
	ambID := orgA.must(http.StatusCreated, "POST", "/api/v1/programmes/"+pid+"/ambassadors", map[string]any{
		"name": "Anouk de Vries", "email": "anouk@example.nl", "appointedOn": year + "-01-01", "termEndsOn": year + "-12-31"})["id"].(string)
	amb := user("anouk@example.nl", []string{"ambassador"}, ambID)
	visit := map[string]any{"kind": "company-visit", "occurredOn": today.Format(time.DateOnly), "durationMinutes": 60,
		"summary": "Bedrijfsbezoek", "entrepreneursReached": 2, "themes": []string{"innovatie"}}
	actID := amb.must(http.StatusCreated, "POST", "/api/v1/ambassadors/"+ambID+"/activities", visit)["id"].(string)

	// A shared room, A's events: public (with registrations), internal in
	// the room, a draft.
	venue := boot.must(http.StatusCreated, "POST", "/api/v1/venues", map[string]any{"name": "Raadhuis", "city": "Velsen"})
	roomID := boot.must(http.StatusCreated, "POST", "/api/v1/venues/"+venue["id"].(string)+"/rooms",
		map[string]any{"name": "Raadzaal", "capacity": 30})["id"].(string)
	start := time.Now().Add(72 * time.Hour).UTC().Truncate(time.Hour)
	event := func(c *client, title string, hour int, extra map[string]any) string {
		s := start.Add(time.Duration(hour) * time.Hour)
		body := map[string]any{"title": title, "location": "Raadhuis", "capacity": 1,
			"startsAt": s.Format(time.RFC3339), "endsAt": s.Add(time.Hour).Format(time.RFC3339)}
		for k, v := range extra {
			if v == nil {
				delete(body, k)
			} else {
				body[k] = v
			}
		}
		return c.must(http.StatusCreated, "POST", "/api/v1/events", body)["id"].(string)
	}
	public := event(orgA, "Ondernemersontbijt", 0, nil)
	orgA.must(http.StatusOK, "POST", "/api/v1/events/"+public+"/publish", map[string]any{})
	internal := event(orgA, "Overleg wethouder", 2, map[string]any{"visibility": "internal", "roomId": roomID, "location": nil, "capacity": nil})
	draft := event(orgA, "Concept netwerkavond", 4, nil)
	toPublish := event(orgA, "Netwerkavond", 6, nil)
	var regs []map[string]any
	for _, e := range []string{"anna@example.nl", "bas@example.nl"} { // Bas waits: one seat
		eventually(t, 10*time.Second, "registration accepted", func() bool {
			r := anon.do("POST", "/api/v1/events/"+public+"/registrations", map[string]any{"name": e, "email": e, "consent": true})
			if r.Status == http.StatusCreated {
				regs = append(regs, r.json(t))
			}
			return r.Status == http.StatusCreated
		})
	}
	anna, bas := regs[0]["id"].(string), regs[1]["id"].(string)
	annaCode := orgA.must(http.StatusOK, "GET", "/api/v1/registrations/"+anna, nil)["checkInCode"]

	const (
		s401 = http.StatusUnauthorized
		s403 = http.StatusForbidden
		s404 = http.StatusNotFound
		ok   = allowed
	)
	type row struct {
		method, path string
		body         any
		// organiser of A, organiser of B, ambassador (of A's programme),
		// anonymous
		want [4]int
	}
	// A's pending invitation: not B's to renew.
	orgA.must(http.StatusCreated, "POST", "/api/v1/invitations", map[string]any{"email": "wacht@example.nl", "name": "Wacht",
		"roles": []string{"organiser"}})
	// A's programme measures jobs (issue 16): a measurement to delete.
	orgA.must(http.StatusOK, "PATCH", "/api/v1/programmes/"+pid, map[string]any{"setIndicators": true,
		"indicators": []any{map[string]any{"key": "banen", "label": "Banen", "unit": "count", "target": 100}}})
	measurement := map[string]any{"indicator": "banen", "value": 12, "on": today.Format(time.DateOnly)}
	measurementID := orgA.must(http.StatusCreated, "POST", "/api/v1/programmes/"+pid+"/measurements", measurement)["id"].(string)
	// An entrepreneur's idea for A's programme (issue 16.6): public to
	// submit, A's to read and triage.
	idea := map[string]any{"name": "Sanne", "email": "sanne@example.nl", "title": "Bezorgdienst", "description": "Samen bezorgen",
		"themes": []string{"innovatie"}, "consent": true}
	ideaID := anon.must(http.StatusCreated, "POST", "/api/v1/programmes/"+pid+"/ideas", idea)["id"].(string)
	rows := []row{
		// Events.
		{"GET", "/api/v1/events", nil, [4]int{ok, ok, ok, ok}},
		{"GET", "/api/v1/events/" + public, nil, [4]int{ok, ok, ok, ok}},
		{"GET", "/api/v1/events/" + internal, nil, [4]int{ok, s404, s404, s404}},
		{"GET", "/api/v1/events/" + draft, nil, [4]int{ok, s404, s404, s404}},
		{"PATCH", "/api/v1/events/" + public, map[string]any{"description": "Met koffie"}, [4]int{ok, s404, s403, s401}},
		{"PATCH", "/api/v1/events/" + draft, map[string]any{"description": "Met koffie"}, [4]int{ok, s404, s403, s401}},
		{"POST", "/api/v1/events/" + draft + "/approve", map[string]any{}, [4]int{ok, s404, s403, s401}},
		{"POST", "/api/v1/events/" + draft + "/decline", map[string]any{"reason": "nee"}, [4]int{ok, s404, s403, s401}},
		{"POST", "/api/v1/events/" + public + "/complete", map[string]any{}, [4]int{ok, s404, s403, s401}},
		{"POST", "/api/v1/events/" + toPublish + "/publish", map[string]any{}, [4]int{ok, s404, s403, s401}},
		{"GET", "/api/v1/rooms/" + roomID + "/bookings", nil, [4]int{ok, ok, s403, s401}},
		{"GET", "/api/v1/rooms/" + roomID + "/free-slots?from=" + start.Format(time.RFC3339) + "&to=" + start.Add(24*time.Hour).Format(time.RFC3339) + "&durationMinutes=60", nil, [4]int{ok, ok, s403, s401}},
		{"GET", "/api/v1/rooms/" + roomID + "/occupancy?month=" + start.In(amsterdam(t)).Format("2006-01"), nil, [4]int{ok, ok, s403, s401}},
		// Registrations of A's public event.
		{"GET", "/api/v1/events/" + public + "/registrations", nil, [4]int{ok, s404, s403, s401}},
		{"GET", "/api/v1/events/" + public + "/attendance", nil, [4]int{ok, s404, s403, s401}},
		{"GET", "/api/v1/events/" + public + "/questions", nil, [4]int{ok, ok, ok, ok}},
		{"PUT", "/api/v1/events/" + public + "/questions", map[string]any{"questions": []any{}}, [4]int{ok, s404, s403, s401}},
		{"GET", "/api/v1/registrations/" + anna, nil, [4]int{ok, s404, s404, s404}},
		{"GET", "/api/v1/registrations/" + anna + "/qr", nil, [4]int{ok, s404, s404, s404}},
		{"POST", "/api/v1/registrations/" + anna + "/check-in", map[string]any{}, [4]int{ok, s404, s403, s401}},
		{"POST", "/api/v1/events/" + public + "/check-ins", map[string]any{"code": annaCode}, [4]int{ok, s404, s403, s401}},
		{"POST", "/api/v1/registrations/" + bas + "/promote", map[string]any{}, [4]int{ok, s404, s403, s401}},
		{"DELETE", "/api/v1/registrations/" + bas, nil, [4]int{ok, s404, s404, s404}},
		// Programmes, ambassadors, activities, reports.
		{"GET", "/api/v1/programmes", nil, [4]int{ok, ok, ok, ok}},
		{"GET", "/api/v1/programmes/" + pid, nil, [4]int{ok, ok, ok, ok}},
		{"GET", "/api/v1/programmes/" + pid + "/ambassadors", nil, [4]int{ok, ok, ok, ok}},
		{"PATCH", "/api/v1/programmes/" + pid, map[string]any{"description": "Haven en binnenstad"}, [4]int{ok, s404, s403, s401}},
		{"POST", "/api/v1/programmes/" + pid + "/ambassadors", map[string]any{"name": "Bram Bakker", "email": "bram@example.nl",
			"appointedOn": year + "-01-01", "termEndsOn": year + "-12-31"}, [4]int{ok, s404, s403, s401}},
		{"GET", "/api/v1/programmes/" + pid + "/report", nil, [4]int{ok, s404, s403, s401}},
		{"GET", "/api/v1/programmes/" + pid + "/progress", nil, [4]int{ok, s404, s403, s401}},
		{"GET", "/api/v1/programmes/" + pid + "/activities", nil, [4]int{ok, s404, s403, s401}},
		{"POST", "/api/v1/programmes/" + pid + "/measurements", measurement, [4]int{http.StatusCreated, s404, s403, s401}},
		{"GET", "/api/v1/programmes/" + pid + "/measurements", nil, [4]int{ok, s404, s403, s401}},
		{"DELETE", "/api/v1/programmes/" + pid + "/measurements/" + measurementID, nil, [4]int{http.StatusNoContent, s404, s403, s401}},
		{"POST", "/api/v1/programmes/" + pid + "/ideas", idea, [4]int{http.StatusCreated, http.StatusCreated, http.StatusCreated, http.StatusCreated}},
		{"GET", "/api/v1/programmes/" + pid + "/ideas", nil, [4]int{ok, s404, s403, s401}},
		{"GET", "/api/v1/ideas/" + ideaID, nil, [4]int{ok, s404, s403, s401}},
		{"PATCH", "/api/v1/ideas/" + ideaID, map[string]any{"status": "in-behandeling", "note": "We kijken"}, [4]int{ok, s404, s403, s401}},
		{"GET", "/api/v1/ambassadors/" + ambID, nil, [4]int{ok, ok, ok, ok}},
		{"PATCH", "/api/v1/ambassadors/" + ambID, map[string]any{"bio": "Ondernemer"}, [4]int{ok, s404, s403, s401}},
		{"GET", "/api/v1/ambassadors/" + ambID + "/activities", nil, [4]int{ok, s404, ok, s401}},
		{"POST", "/api/v1/ambassadors/" + ambID + "/activities", visit, [4]int{ok, s404, ok, s401}},
		{"GET", "/api/v1/ambassadors/" + ambID + "/progress", nil, [4]int{ok, s404, ok, s401}},
		{"PUT", "/api/v1/ambassadors/" + ambID + "/leaderboard-opt-out", map[string]any{"optOut": false}, [4]int{ok, s404, ok, s401}},
		{"PATCH", "/api/v1/activities/" + actID, map[string]any{"summary": "Tweede gesprek"}, [4]int{ok, s404, ok, s401}},
		{"POST", "/api/v1/activities/" + actID + "/review", map[string]any{"decision": "approve"}, [4]int{ok, s404, s403, s401}},
		// The joint programme: both owners manage it.
		{"PATCH", "/api/v1/programmes/" + joint, map[string]any{"description": "Samen"}, [4]int{ok, ok, s403, s401}},
		{"GET", "/api/v1/programmes/" + joint + "/report", nil, [4]int{ok, ok, s403, s401}},
		// The e-mail log: every organiser reads it, B only the e-mails of
		// B's events (below).
		{"GET", "/api/v1/emails", nil, [4]int{ok, ok, s403, s401}},
		{"GET", "/api/v1/emails?eventId=" + public, nil, [4]int{ok, ok, s403, s401}},
		// Organisations.
		{"GET", "/api/v1/organisations", nil, [4]int{ok, ok, s403, s401}},
		{"POST", "/api/v1/organisations", map[string]any{"name": "Heemskerk", "kind": "municipality"}, [4]int{s403, s403, s403, s401}},
		// An account acting as A's ambassador is A's to give: B inviting
		// one for them is refused as if the ambassador did not exist.
		{"POST", "/api/v1/invitations", map[string]any{"email": "overname@example.nl", "name": "Overname",
			"roles": []string{"ambassador"}, "ambassadorId": ambID}, [4]int{http.StatusCreated, s404, s403, s401}},
		// Renewing a pending invitation changes its roles and
		// organisations: only its own organisation may (B finds the
		// address taken).
		{"POST", "/api/v1/invitations", map[string]any{"email": "wacht@example.nl", "name": "Wacht",
			"roles": []string{"organiser"}}, [4]int{http.StatusCreated, http.StatusConflict, s403, s401}},
		// The ambassador deletes their own activity; A then finds it gone.
		{"DELETE", "/api/v1/activities/" + actID, nil, [4]int{s404, s404, ok, s401}},
	}
	// The callers in the order they try each path: those refused first, so
	// that what A may do (complete, publish, delete) leaves their refusals
	// tested.
	callers := []struct {
		name string
		c    *client
		col  int
	}{{"anonymous", anon, 3}, {"organiser of B", orgB, 1}, {"ambassador", amb, 2}, {"organiser of A", orgA, 0}}
	for _, rw := range rows {
		for _, caller := range callers {
			r := caller.c.do(rw.method, rw.path, rw.body)
			want := rw.want[caller.col]
			switch {
			case want == allowed && (r.Status == s401 || r.Status == s403 || r.Status == s404 || r.Status >= 500):
				t.Errorf("%s %s as %s: %d, want it allowed\n%s", rw.method, rw.path, caller.name, r.Status, r.Body)
			case want != allowed && r.Status != want:
				t.Errorf("%s %s as %s: %d, want %d\n%s", rw.method, rw.path, caller.name, r.Status, want, r.Body)
			}
		}
	}

	// Lists are filtered: B finds A's public event, not the internal one
	// nor the draft; A finds all three.
	titles := func(c *client) []string {
		var out []string
		for _, it := range c.must(http.StatusOK, "GET", "/api/v1/events", nil)["items"].([]any) {
			out = append(out, it.(map[string]any)["title"].(string))
		}
		return out
	}
	if got := titles(orgB); slices.Contains(got, "Overleg wethouder") || slices.Contains(got, "Concept netwerkavond") || !slices.Contains(got, "Ondernemersontbijt") {
		t.Errorf("B lists %v", got)
	}
	if got := titles(orgA); !slices.Contains(got, "Overleg wethouder") || !slices.Contains(got, "Ondernemersontbijt") {
		t.Errorf("A lists %v", got)
	}
	// The e-mail log: A finds the e-mails to A's attendees, B none of
	// them, not even asking for A's event.
	mailsTo := func(c *client, query string) []string {
		var out []string
		for _, it := range c.must(http.StatusOK, "GET", "/api/v1/emails"+query, nil)["items"].([]any) {
			out = append(out, it.(map[string]any)["to"].(string))
		}
		return out
	}
	eventually(t, 30*time.Second, "A reads the e-mails to Anna and Bas", func() bool {
		got := mailsTo(orgA, "?eventId="+public)
		return slices.Contains(got, "anna@example.nl") && slices.Contains(got, "bas@example.nl")
	})
	for _, query := range []string{"", "?eventId=" + public, "?to=anna@example.nl"} {
		if got := mailsTo(orgB, query); len(got) != 0 {
			t.Errorf("B reads the e-mails to %v (GET /api/v1/emails%s)", got, query)
		}
	}
	// A's event filled up: A's organiser is told, B's is not.
	eventually(t, 30*time.Second, "A's organiser told the event is full", func() bool {
		return len(mailsTo(boot, "?eventId="+public+"&to=velsen@example.nl")) == 1
	})
	if got := mailsTo(boot, "?to=beverwijk@example.nl"); len(got) != 0 {
		t.Errorf("B's organiser was mailed %d times about A's event", len(got))
	}
	managed := func(c *client) int {
		return len(c.must(http.StatusOK, "GET", "/api/v1/programmes?managed=true", nil)["items"].([]any))
	}
	if a, b := managed(orgA), managed(orgB); a != 2 || b != 1 {
		t.Errorf("managed programmes: A %d, B %d; want 2 and 1", a, b)
	}

	// The shared room: A's internal meeting is "bezet" to B, by name to A,
	// and B's clashing booking is refused without naming it.
	bookings := orgB.must(http.StatusOK, "GET", "/api/v1/rooms/"+roomID+"/bookings", nil)["items"].([]any)
	if len(bookings) != 1 || bookings[0].(map[string]any)["title"] != "bezet" || (bookings[0].(map[string]any)["eventId"] != nil && bookings[0].(map[string]any)["eventId"] != "") {
		t.Errorf("B sees the room's bookings as %v", bookings)
	}
	bookings = orgA.must(http.StatusOK, "GET", "/api/v1/rooms/"+roomID+"/bookings", nil)["items"].([]any)
	if len(bookings) != 1 || bookings[0].(map[string]any)["title"] != "Overleg wethouder" {
		t.Errorf("A sees the room's bookings as %v", bookings)
	}
	s := start.Add(2 * time.Hour)
	clash := orgB.do("POST", "/api/v1/events", map[string]any{"title": "Beverwijk overlegt", "roomId": roomID, "visibility": "internal",
		"startsAt": s.Format(time.RFC3339), "endsAt": s.Add(time.Hour).Format(time.RFC3339)})
	if clash.Status != http.StatusConflict || strings.Contains(string(clash.Body), "wethouder") || strings.Contains(string(clash.Body), internal) ||
		!strings.Contains(string(clash.Body), "bezet") {
		t.Errorf("B's clashing booking: %d %s", clash.Status, clash.Body)
	}
}
