package plein_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3filter"
)

// TestEventsThroughGateway drives the venues, rooms and events paths of
// API.md through the gateway and checks the statuses API.md gives.
func TestEventsThroughGateway(t *testing.T) {
	// Let checkResponse read calendar files as the text the document says.
	if openapi3filter.RegisteredBodyDecoder("text/calendar") == nil {
		openapi3filter.RegisterBodyDecoder("text/calendar", openapi3filter.PlainBodyDecoder)
	}
	base := startPlein(t)
	org := signIn(t, base, adminEmail, adminPassword)
	anon := &client{t: t, base: base, http: &http.Client{Timeout: 30 * time.Second}}
	ams, err := time.LoadLocation("Europe/Amsterdam")
	if err != nil {
		t.Fatal(err)
	}
	// A Monday a few weeks ahead, at 00:00 in Amsterdam.
	day := time.Now().In(ams).AddDate(0, 0, 21)
	for day.Weekday() != time.Monday {
		day = day.AddDate(0, 0, 1)
	}
	day = time.Date(day.Year(), day.Month(), day.Day(), 0, 0, 0, 0, ams)
	at := func(d, h, m int) string {
		return day.AddDate(0, 0, d).Add(time.Duration(h)*time.Hour + time.Duration(m)*time.Minute).Format(time.RFC3339)
	}
	problem := func(r response, status int, field, inDetail string) {
		t.Helper()
		if r.Status != status || !strings.HasPrefix(r.Header.Get("Content-Type"), "application/problem+json") {
			t.Fatalf("status %d (%s), want a %d problem\n%s", r.Status, r.Header.Get("Content-Type"), status, r.Body)
		}
		p := r.json(t)
		if inDetail != "" && !strings.Contains(p["detail"].(string), inDetail) {
			t.Errorf("detail %q lacks %q", p["detail"], inDetail)
		}
		if field == "" {
			return
		}
		params, _ := p["invalidParams"].([]any)
		for _, ip := range params {
			if ip.(map[string]any)["name"] == field {
				return
			}
		}
		t.Errorf("invalidParams %v do not name %s", params, field)
	}

	venue := org.must(http.StatusCreated, "POST", "/api/v1/venues", map[string]any{"name": "Ondernemersplein", "city": "Rotterdam"})
	vid := venue["id"].(string)
	org.must(http.StatusOK, "PATCH", "/api/v1/venues/"+vid, map[string]any{"address": "Coolsingel 58"})
	anon.must(http.StatusUnauthorized, "POST", "/api/v1/venues", map[string]any{"name": "x"})
	room := org.must(http.StatusCreated, "POST", "/api/v1/venues/"+vid+"/rooms", map[string]any{
		"name": "Zaal 1", "capacity": 40, "setupMinutes": 15,
		"bookableHours": []map[string]any{{"weekday": 1, "opens": "08:00", "closes": "18:00"}, {"weekday": 2, "opens": "08:00", "closes": "18:00"}},
	})
	rid := room["id"].(string)
	org.must(http.StatusOK, "PATCH", "/api/v1/rooms/"+rid, map[string]any{"setBlackouts": true,
		"blackouts": []map[string]any{{"startsAt": at(7, 0, 0), "endsAt": at(8, 0, 0), "reason": "onderhoud"}}})
	venues := anon.must(http.StatusOK, "GET", "/api/v1/venues", nil)
	if items := venues["items"].([]any); len(items) != 1 || items[0].(map[string]any)["address"] != "Coolsingel 58" {
		t.Fatalf("venues %v", venues)
	}

	ev := org.must(http.StatusCreated, "POST", "/api/v1/events", map[string]any{"title": "Ontbijtsessie",
		"description": "Circulaire maakindustrie", "roomId": rid, "startsAt": at(0, 9, 0), "endsAt": at(0, 11, 0),
		"accessibility": map[string]any{"wheelchairAccessible": true, "languages": []string{"nl"}}})
	id := ev["id"].(string)
	if ev["status"] != "draft" || ev["capacity"] != float64(40) {
		t.Fatalf("new event %v", ev)
	}
	problem(org.do("POST", "/api/v1/events", map[string]any{"title": "Botsing", "roomId": rid,
		"startsAt": at(0, 11, 5), "endsAt": at(0, 12, 0)}), http.StatusConflict, "", "Ontbijtsessie")
	problem(org.do("POST", "/api/v1/events", map[string]any{"title": "Avond", "roomId": rid,
		"startsAt": at(0, 19, 0), "endsAt": at(0, 20, 0)}), http.StatusUnprocessableEntity, "startsAt", "bookable hours")
	problem(org.do("POST", "/api/v1/events", map[string]any{"title": "Onderhoud", "roomId": rid,
		"startsAt": at(7, 9, 0), "endsAt": at(7, 10, 0)}), http.StatusUnprocessableEntity, "startsAt", "onderhoud")
	problem(org.do("POST", "/api/v1/events", map[string]any{"title": "Te groot", "roomId": rid, "capacity": 41,
		"startsAt": at(1, 9, 0), "endsAt": at(1, 10, 0)}), http.StatusUnprocessableEntity, "capacity", "")
	problem(org.do("POST", "/api/v1/events", map[string]any{"title": "Fout", "roomId": rid, "recurrence": "FREQ=WEEKLY;INTERVAL=-1",
		"startsAt": at(1, 9, 0), "endsAt": at(1, 10, 0)}), http.StatusBadRequest, "recurrence", "")
	problem(org.do("POST", "/api/v1/events", map[string]any{"title": "Reeks", "roomId": rid, "recurrence": "FREQ=DAILY;COUNT=2",
		"startsAt": at(0, 8, 0), "endsAt": at(0, 9, 0)}), http.StatusConflict, "recurrence", at(0, 0, 0)[:10])
	series := org.must(http.StatusCreated, "POST", "/api/v1/events", map[string]any{"title": "Weekoverleg", "roomId": rid,
		"recurrence": "RRULE:FREQ=WEEKLY;BYDAY=TU;COUNT=3", "visibility": "internal",
		"startsAt": at(1, 13, 0), "endsAt": at(1, 14, 0)})
	occ := org.must(http.StatusOK, "GET", "/api/v1/events?seriesId="+series["seriesId"].(string), nil)["items"].([]any)
	if len(occ) != 3 {
		t.Fatalf("%d occurrences, want 3", len(occ))
	}

	bookings := org.must(http.StatusOK, "GET", "/api/v1/rooms/"+rid+"/bookings?from="+url.QueryEscape(at(0, 0, 0))+"&to="+url.QueryEscape(at(2, 0, 0)), nil)
	if n := len(bookings["items"].([]any)); n != 2 {
		t.Errorf("%d bookings on Monday and Tuesday, want 2", n)
	}
	anon.must(http.StatusUnauthorized, "GET", "/api/v1/rooms/"+rid+"/bookings", nil)
	slots := org.must(http.StatusOK, "GET", "/api/v1/rooms/"+rid+"/free-slots?from="+url.QueryEscape(at(0, 0, 0))+
		"&to="+url.QueryEscape(at(1, 0, 0))+"&durationMinutes=120", nil)["items"].([]any)
	if len(slots) != 1 || slots[0].(map[string]any)["startsAt"] != day.Add(11*time.Hour+15*time.Minute).UTC().Format(time.RFC3339) {
		t.Errorf("free slots %v", slots)
	}
	org.must(http.StatusOK, "GET", "/api/v1/rooms/"+rid+"/occupancy?month="+day.Format("2006-01"), nil)

	anon.must(http.StatusNotFound, "GET", "/api/v1/events/"+id+"/calendar.ics", nil)
	org.must(http.StatusOK, "POST", "/api/v1/events/"+id+"/publish", map[string]any{})
	problem(org.do("POST", "/api/v1/events/"+id+"/publish", map[string]any{}), http.StatusUnprocessableEntity, "status", "published")
	moved := org.must(http.StatusOK, "PATCH", "/api/v1/events/"+id, map[string]any{"startsAt": at(0, 10, 0), "endsAt": at(0, 12, 0)})
	if moved["sequence"] != float64(1) {
		t.Errorf("sequence after a reschedule %v", moved["sequence"])
	}
	found := anon.must(http.StatusOK, "GET", "/api/v1/events?q=maakindustrie", nil)["items"].([]any)
	if len(found) != 1 {
		t.Errorf("search found %d events, want 1", len(found))
	}
	r := anon.do("GET", "/api/v1/events/"+id+"/calendar.ics", nil)
	if r.Status != http.StatusOK || !strings.HasPrefix(r.Header.Get("Content-Type"), "text/calendar") ||
		!strings.Contains(string(r.Body), "UID:"+id+"@plein") || !strings.Contains(string(r.Body), "SEQUENCE:1") {
		t.Fatalf("event calendar %d %s\n%s", r.Status, r.Header.Get("Content-Type"), r.Body)
	}
	r = anon.do("GET", "/api/v1/calendar.ics?venueId="+vid, nil)
	if r.Status != http.StatusOK || strings.Contains(string(r.Body), "Weekoverleg") || !strings.Contains(string(r.Body), "Ontbijtsessie") {
		t.Fatalf("public feed %d\n%s", r.Status, r.Body)
	}
	org.must(http.StatusOK, "POST", "/api/v1/events/"+id+"/cancel", map[string]any{"reason": "ziekte"})
	problem(org.do("POST", "/api/v1/events/"+id+"/complete", map[string]any{}), http.StatusUnprocessableEntity, "status", "cancelled")
	if !strings.Contains(string(anon.do("GET", "/api/v1/events/"+id+"/calendar.ics", nil).Body), "STATUS:CANCELLED") {
		t.Error("cancelled event's calendar lacks STATUS:CANCELLED")
	}

	// Programmes reach the events service over the bus: an unknown one is
	// 422, a created one is accepted once announced, its themes only.
	problem(org.do("POST", "/api/v1/events", map[string]any{"title": "x", "location": "x", "capacity": 5, "programmeId": "nope",
		"startsAt": at(3, 9, 0), "endsAt": at(3, 10, 0)}), http.StatusUnprocessableEntity, "programmeId", "")
	prog := org.must(http.StatusCreated, "POST", "/api/v1/programmes", map[string]any{"name": "Smart Industry",
		"municipality": "Rotterdam", "themes": []string{"innovatie"}, "startsOn": day.Format("2006") + "-01-01",
		"endsOn": day.Format("2006") + "-12-31"})
	withProgramme := map[string]any{"title": "Programma-event", "location": "x", "capacity": 5, "programmeId": prog["id"],
		"themes": []string{"innovatie"}, "startsAt": at(3, 9, 0), "endsAt": at(3, 10, 0)}
	eventually(t, 10*time.Second, "programme known to the events service", func() bool {
		return org.do("POST", "/api/v1/events", withProgramme).Status == http.StatusCreated
	})
	withProgramme["themes"] = []string{"sport"}
	problem(org.do("POST", "/api/v1/events", withProgramme), http.StatusUnprocessableEntity, "themes", "")

	// An ambassador proposes, an organiser approves.
	org.must(http.StatusCreated, "POST", "/api/v1/users", map[string]any{"email": "amb@plein.example", "name": "Amb",
		"password": "another horse battery staple", "roles": []string{"ambassador"}, "ambassadorId": "amb-1"})
	amb := signIn(t, base, "amb@plein.example", "another horse battery staple")
	prop := amb.must(http.StatusCreated, "POST", "/api/v1/event-proposals", map[string]any{"title": "Workshop", "roomId": rid,
		"startsAt": at(0, 14, 0), "endsAt": at(0, 15, 0)})
	if prop["status"] != "proposed" || prop["inviteCode"] != nil {
		t.Fatalf("proposal %v", prop)
	}
	problem(amb.do("POST", "/api/v1/events/"+prop["id"].(string)+"/approve", map[string]any{}), http.StatusForbidden, "", "")
	org.must(http.StatusOK, "POST", "/api/v1/events/"+prop["id"].(string)+"/approve", map[string]any{"publish": true})
	problem(org.do("POST", "/api/v1/events/"+prop["id"].(string)+"/decline", map[string]any{"reason": "te laat"}),
		http.StatusUnprocessableEntity, "status", "published")
}
