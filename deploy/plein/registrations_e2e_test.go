package plein_test

import (
	"bytes"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

func rawGet(t *testing.T, c *client, method, path string, hdr map[string]string, check bool) response {
	t.Helper()
	req, _ := http.NewRequest(method, c.base+path, nil)
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	if check {
		checkResponse(t, c.base, req, resp.StatusCode, resp.Header, raw)
	}
	return response{Status: resp.StatusCode, Header: resp.Header, Body: raw}
}

// TestRegistrationsThroughTheGateway drives the registrations paths through
// the all-in-one.
func TestRegistrationsThroughTheGateway(t *testing.T) {
	base := startPlein(t)
	org := signIn(t, base, adminEmail, adminPassword)
	anon := &client{t: t, base: base, http: &http.Client{Timeout: 30 * time.Second}}
	start := time.Now().Add(72 * time.Hour).UTC().Truncate(time.Minute)
	ev := org.must(http.StatusCreated, "POST", "/api/v1/events", map[string]any{
		"title": "Ontbijt", "location": "Ondernemersplein, Rotterdam",
		"startsAt": start.Format(time.RFC3339), "endsAt": start.Add(2 * time.Hour).Format(time.RFC3339), "capacity": 1,
		// Bram is the event's contact too: the export holds that (events).
		"contacts": []any{map[string]any{"name": "Bram", "role": "contact", "email": "Bram@x.nl"}}})
	id := ev["id"].(string)
	org.must(http.StatusOK, "POST", "/api/v1/events/"+id+"/publish", map[string]any{})
	eventually(t, 5*time.Second, "questions settable", func() bool {
		return org.do("PUT", "/api/v1/events/"+id+"/questions", map[string]any{"questions": []any{
			map[string]any{"id": "diet", "kind": "single-choice", "label": "Dieet", "options": []string{"geen", "vegetarisch"}, "required": true},
		}}).Status == http.StatusOK
	})
	// The public sees the questions once the registrations service knows
	// the event is published.
	eventually(t, 5*time.Second, "questions public", func() bool {
		return anon.do("GET", "/api/v1/events/"+id+"/questions", nil).Status == http.StatusOK
	})
	qs := anon.must(http.StatusOK, "GET", "/api/v1/events/"+id+"/questions", nil)
	if len(qs["items"].([]any)) != 1 {
		t.Fatal(qs)
	}
	anon.must(http.StatusUnauthorized, "PUT", "/api/v1/events/"+id+"/questions", map[string]any{})

	body := map[string]any{"name": "Anna", "email": " Anna@X.nl ", "consent": true, "consentVersion": "2026-01",
		"answers": []any{map[string]any{"questionId": "diet", "values": []string{"vegetarisch"}}}}
	a := anon.must(http.StatusCreated, "POST", "/api/v1/events/"+id+"/registrations", body)
	body["email"] = "anna@x.nl"
	anon.must(http.StatusConflict, "POST", "/api/v1/events/"+id+"/registrations", body)
	bad := anon.do("POST", "/api/v1/events/"+id+"/registrations", map[string]any{"name": "B", "email": "b@x.nl", "consent": true})
	if bad.Status != http.StatusUnprocessableEntity || !strings.Contains(string(bad.Body), `"answers"`) {
		t.Fatalf("missing answer: %d %s", bad.Status, bad.Body)
	}
	body["email"] = "bram@x.nl"
	b := anon.must(http.StatusCreated, "POST", "/api/v1/events/"+id+"/registrations", body)
	if b["status"] != "waitlisted" {
		t.Fatal(b)
	}
	aid, atok, bid := a["id"].(string), a["manageToken"].(string), b["id"].(string)
	r := rawGet(t, anon, "GET", "/api/v1/registrations/"+aid, map[string]string{"X-Manage-Token": atok}, true)
	if r.Status != 200 || !strings.Contains(string(r.Body), `"checkInCode"`) || !strings.Contains(string(r.Body), `"consentVersion":"2026-01"`) {
		t.Fatalf("get by header: %d %s", r.Status, r.Body)
	}
	code := r.json(t)["checkInCode"].(string)
	r = rawGet(t, anon, "GET", "/api/v1/registrations/"+aid+"/qr?token="+atok, nil, true)
	if r.Status != 200 || r.Header.Get("Content-Type") != "image/png" || !bytes.HasPrefix(r.Body, []byte("\x89PNG")) {
		t.Fatalf("qr: %d %s", r.Status, r.Header)
	}
	r = rawGet(t, anon, "GET", "/api/v1/registrations/"+aid+"/qr?format=svg", map[string]string{"X-Manage-Token": atok}, true)
	if r.Status != 200 || r.Header.Get("Content-Type") != "image/svg+xml" {
		t.Fatalf("svg: %d %s", r.Status, r.Header)
	}
	r = rawGet(t, anon, "GET", "/api/v1/registrations/"+aid+"/calendar.ics?token="+atok, nil, true)
	if r.Status != 200 || !strings.Contains(string(r.Body), "LOCATION:Ondernemersplein") {
		t.Fatalf("ics: %d %s", r.Status, r.Body)
	}
	for _, p := range []string{"", "/qr", "/calendar.ics"} {
		if r := rawGet(t, anon, "GET", "/api/v1/registrations/"+bid+p+"?token="+atok, nil, true); r.Status != 404 {
			t.Errorf("A's token on B%s: %d", p, r.Status)
		}
	}
	if r := rawGet(t, anon, "DELETE", "/api/v1/registrations/"+bid, map[string]string{"X-Manage-Token": atok}, true); r.Status != 404 {
		t.Errorf("A's token deletes B: %d", r.Status)
	}
	c1 := org.must(http.StatusOK, "POST", "/api/v1/events/"+id+"/check-ins", map[string]any{"code": strings.ToLower(code)})
	c2 := org.must(http.StatusOK, "POST", "/api/v1/events/"+id+"/check-ins", map[string]any{"code": code})
	if c1["checkedInAt"] != c2["checkedInAt"] || c1["registration"].(map[string]any)["id"] != aid {
		t.Fatalf("check-ins %v %v", c1, c2)
	}
	anon.must(http.StatusUnauthorized, "POST", "/api/v1/events/"+id+"/check-ins", map[string]any{"code": code})
	l := org.must(http.StatusOK, "GET", "/api/v1/events/"+id+"/registrations?q=bram&pageSize=10", nil)
	if items := l["items"].([]any); len(items) != 1 {
		t.Fatalf("search: %v", l)
	}
	r = rawGet(t, org, "GET", "/api/v1/events/"+id+"/registrations", map[string]string{"Accept": "text/csv"}, false)
	if r.Status != 200 || !bytes.HasPrefix(r.Body, []byte("\xEF\xBB\xBFid,name")) || !strings.Contains(string(r.Body), "Dieet") {
		t.Fatalf("csv: %d %s", r.Status, r.Body)
	}
	if r := rawGet(t, anon, "GET", "/api/v1/events/"+id+"/registrations", map[string]string{"Accept": "text/csv"}, false); r.Status != 401 {
		t.Fatalf("anonymous csv: %d", r.Status)
	}
	at := org.must(http.StatusOK, "GET", "/api/v1/events/"+id+"/attendance", nil)
	if at["confirmed"] != float64(1) || at["checkedIn"] != float64(1) || at["waitlisted"] != float64(1) {
		t.Fatalf("attendance %v", at)
	}
	anon.must(http.StatusNoContent, "DELETE", "/api/v1/registrations/"+aid+"?token="+atok, nil)
	pb := org.must(http.StatusOK, "GET", "/api/v1/registrations/"+bid, nil)
	if pb["status"] != "confirmed" {
		t.Fatalf("promotion: %v", pb)
	}
	ex := org.must(http.StatusOK, "GET", "/api/v1/people/export?email=bram@x.nl", nil)
	if regs, _ := ex["registrations"].([]any); len(regs) != 1 || ex["email"] != "bram@x.nl" {
		t.Fatalf("export %v", ex)
	}
	if ecs, _ := ex["eventContacts"].([]any); len(ecs) != 1 || ecs[0].(map[string]any)["eventId"] != id ||
		ecs[0].(map[string]any)["eventTitle"] != "Ontbijt" {
		t.Fatalf("export's event contacts %v", ex["eventContacts"])
	}
	for _, part := range []string{"ideas", "programmeContacts"} {
		if _, ok := ex[part].([]any); !ok {
			t.Errorf("export's %s: %v, want a list", part, ex[part])
		}
	}
	er := org.must(http.StatusAccepted, "DELETE", "/api/v1/people?email=bram@x.nl", nil)
	if er["erasureId"] == "" || er["erasureId"] == nil {
		t.Fatalf("erase %v", er)
	}

	// Invite-only.
	ev2 := org.must(http.StatusCreated, "POST", "/api/v1/events", map[string]any{
		"title": "Besloten", "visibility": "invite-only",
		"startsAt": start.Format(time.RFC3339), "endsAt": start.Add(2 * time.Hour).Format(time.RFC3339), "capacity": 5})
	id2 := ev2["id"].(string)
	pub := org.must(http.StatusOK, "POST", "/api/v1/events/"+id2+"/publish", map[string]any{})
	invite, _ := pub["inviteCode"].(string)
	t.Logf("invite code %q", invite)
	eventually(t, 5*time.Second, "invite-only needs its code", func() bool {
		r := anon.do("POST", "/api/v1/events/"+id2+"/registrations", map[string]any{"name": "C", "email": "c@x.nl", "consent": true})
		return r.Status == 422 && strings.Contains(string(r.Body), "inviteCode")
	})
	if invite != "" {
		anon.must(http.StatusCreated, "POST", "/api/v1/events/"+id2+"/registrations", map[string]any{"name": "C", "email": "c@x.nl", "consent": true, "inviteCode": invite})
	}
	// Cancelling the event cancels the registration with the reason.
	org.must(http.StatusOK, "POST", "/api/v1/events/"+id2+"/cancel", map[string]any{"reason": "zaal onder water"})
	eventually(t, 5*time.Second, "cascade", func() bool {
		l := org.must(http.StatusOK, "GET", "/api/v1/events/"+id2+"/registrations", nil)
		items := l["items"].([]any)
		return len(items) == 1 && items[0].(map[string]any)["cancellationReason"] == "zaal onder water"
	})
	// Completing the first event: no-shows.
	org.must(http.StatusOK, "POST", "/api/v1/events/"+id+"/complete", map[string]any{})
	eventually(t, 5*time.Second, "attendance final", func() bool {
		at := org.must(http.StatusOK, "GET", "/api/v1/events/"+id+"/attendance", nil)
		t.Logf("%v", at)
		return at["eventStatus"] == "completed"
	})
}
