package plein_test

import (
	"bytes"
	"encoding/csv"
	"io"
	"net/http"
	"testing"
	"time"
	_ "time/tzdata"
)

// TestAmbassadorsThroughTheGateway drives the ambassadors paths of the
// contract through the gateway with their statuses: an organiser sets up a
// programme with two ambassadors who have accounts; they log activities,
// the organiser reviews them and reads the report as JSON and as CSV.
func TestAmbassadorsThroughTheGateway(t *testing.T) {
	base := startPlein(t)
	org := signIn(t, base, adminEmail, adminPassword)
	anon := &client{t: t, base: base, http: &http.Client{Timeout: 30 * time.Second}}

	today := time.Now().In(amsterdam(t))
	year := today.Format("2006")
	p := org.must(http.StatusCreated, "POST", "/api/v1/programmes", map[string]any{
		"name": "Smart Industry ambassadeurs", "municipality": "Rotterdam",
		"themes":   []string{"innovatie", "onderwijs en arbeidsmarkt"},
		"startsOn": year + "-01-01", "endsOn": year + "-12-31",
		"targets": []map[string]any{{"metric": "activities", "value": 10, "kind": "company-visit",
			"scope": "ambassador", "period": "year"}},
	})
	pid := p["id"].(string)
	anon.must(http.StatusOK, "GET", "/api/v1/programmes/"+pid, nil)
	anon.must(http.StatusUnauthorized, "POST", "/api/v1/programmes", map[string]any{"name": "x"})
	appoint := func(name, email string) string {
		a := org.must(http.StatusCreated, "POST", "/api/v1/programmes/"+pid+"/ambassadors", map[string]any{
			"name": name, "email": email, "organisation": "RDM Makerspace", "sector": "maakindustrie",
			"appointedOn": year + "-01-01", "termEndsOn": year + "-12-31"})
		org.must(http.StatusCreated, "POST", "/api/v1/users", map[string]any{"email": email, "name": name,
			"password": "a long enough password", "roles": []string{"ambassador"}, "ambassadorId": a["id"]})
		return a["id"].(string)
	}
	anoukID, bramID := appoint("Anouk de Vries", "anouk@example.nl"), appoint("Bram Bakker", "bram@example.nl")
	anouk := signIn(t, base, "anouk@example.nl", "a long enough password")
	bram := signIn(t, base, "bram@example.nl", "a long enough password")

	// The public profile has no e-mail address; the ambassador sees theirs.
	if pub := anon.must(http.StatusOK, "GET", "/api/v1/ambassadors/"+anoukID, nil); pub["email"] != "" {
		t.Fatalf("public profile shows the e-mail address: %v", pub)
	}
	if own := anouk.must(http.StatusOK, "GET", "/api/v1/ambassadors/"+anoukID, nil); own["email"] != "anouk@example.nl" {
		t.Fatalf("own profile: %v", own)
	}
	anon.must(http.StatusOK, "GET", "/api/v1/programmes/"+pid+"/ambassadors", nil)
	org.must(http.StatusOK, "PATCH", "/api/v1/ambassadors/"+bramID, map[string]any{"bio": "Eigenaar van een machinefabriek"})
	anouk.must(http.StatusForbidden, "PATCH", "/api/v1/ambassadors/"+bramID, map[string]any{"bio": "x"})

	day := today.Format(time.DateOnly)
	visit := map[string]any{"kind": "company-visit", "occurredOn": day, "durationMinutes": 90,
		"summary": "Bezoek aan een toeleverancier", "entrepreneursReached": 3, "themes": []string{"Innovatie"}}
	x := anouk.must(http.StatusCreated, "POST", "/api/v1/ambassadors/"+anoukID+"/activities", visit)
	xid := x["id"].(string)
	if x["reviewStatus"] != "pending" || x["themes"].([]any)[0] != "innovatie" {
		t.Fatalf("logged activity: %v", x)
	}
	y := bram.must(http.StatusCreated, "POST", "/api/v1/ambassadors/"+bramID+"/activities", visit)

	// Ownership, rules and malformed input.
	bram.must(http.StatusForbidden, "PATCH", "/api/v1/activities/"+xid, map[string]any{"summary": "x"})
	bram.must(http.StatusForbidden, "DELETE", "/api/v1/activities/"+xid, nil)
	bram.must(http.StatusForbidden, "POST", "/api/v1/ambassadors/"+anoukID+"/activities", visit)
	bram.must(http.StatusForbidden, "GET", "/api/v1/ambassadors/"+anoukID+"/activities", nil)
	bram.must(http.StatusNotFound, "PATCH", "/api/v1/activities/no-such-activity", map[string]any{"summary": "x"})
	anon.must(http.StatusUnauthorized, "GET", "/api/v1/ambassadors/"+anoukID+"/activities", nil)
	wantParam := func(r map[string]any, name string) {
		t.Helper()
		for _, p := range r["invalidParams"].([]any) {
			if p.(map[string]any)["name"] == name {
				return
			}
		}
		t.Fatalf("problem %v does not name %s", r, name)
	}
	wrongTheme := map[string]any{"kind": "company-visit", "occurredOn": day, "summary": "x", "themes": []string{"zorg"}}
	wantParam(anouk.must(http.StatusUnprocessableEntity, "POST", "/api/v1/ambassadors/"+anoukID+"/activities", wrongTheme), "themes")
	tomorrow := map[string]any{"kind": "company-visit", "occurredOn": today.AddDate(0, 0, 1).Format(time.DateOnly), "summary": "x"}
	if today.AddDate(0, 0, 1).Format("2006") == year {
		wantParam(anouk.must(http.StatusUnprocessableEntity, "POST", "/api/v1/ambassadors/"+anoukID+"/activities", tomorrow), "occurredOn")
	}
	wantParam(anouk.must(http.StatusBadRequest, "PATCH", "/api/v1/activities/"+xid, map[string]any{"kind": "lunch"}), "kind")
	anouk.must(http.StatusOK, "PATCH", "/api/v1/activities/"+xid, map[string]any{"durationMinutes": 120})
	list := anouk.must(http.StatusOK, "GET", "/api/v1/ambassadors/"+anoukID+"/activities", nil)
	if items := list["items"].([]any); len(items) != 1 {
		t.Fatalf("Anouk's activities: %v", list)
	}

	// Review: only organisers; returning needs a comment.
	anouk.must(http.StatusForbidden, "POST", "/api/v1/activities/"+xid+"/review", map[string]any{"decision": "approve"})
	wantParam(org.must(http.StatusUnprocessableEntity, "POST", "/api/v1/activities/"+xid+"/review",
		map[string]any{"decision": "return"}), "comment")
	if r := org.must(http.StatusOK, "POST", "/api/v1/activities/"+xid+"/review", map[string]any{"decision": "approve"}); r["reviewStatus"] != "approved" {
		t.Fatalf("approved: %v", r)
	}

	// Progress for the ambassador and the organiser.
	prog := anouk.must(http.StatusOK, "GET", "/api/v1/ambassadors/"+anoukID+"/progress", nil)
	if targets := prog["progress"].(map[string]any)["targets"].([]any); len(targets) != 1 ||
		targets[0].(map[string]any)["approved"] != float64(1) {
		t.Fatalf("progress: %v", prog)
	}
	bram.must(http.StatusForbidden, "GET", "/api/v1/ambassadors/"+anoukID+"/progress", nil)
	org.must(http.StatusOK, "GET", "/api/v1/programmes/"+pid+"/progress", nil)
	bram.must(http.StatusForbidden, "GET", "/api/v1/programmes/"+pid+"/progress", nil)

	// Bram keeps off the leaderboard.
	bram.must(http.StatusOK, "PUT", "/api/v1/ambassadors/"+bramID+"/leaderboard-opt-out", map[string]any{"optOut": true})
	anouk.must(http.StatusForbidden, "PUT", "/api/v1/ambassadors/"+bramID+"/leaderboard-opt-out", map[string]any{"optOut": false})

	// The report: Anouk's approved visit counts, Bram's pending one apart.
	rep := org.must(http.StatusOK, "GET", "/api/v1/programmes/"+pid+"/report?from="+year+"-01-01&to="+year+"-12-31", nil)
	totals := rep["totals"].(map[string]any)
	if totals["activities"] != float64(1) || totals["minutes"] != float64(120) || totals["pendingActivities"] != float64(1) {
		t.Fatalf("report totals: %v", totals)
	}
	if lb := rep["leaderboard"].([]any); len(lb) != 1 || lb[0].(map[string]any)["ambassadorId"] != anoukID {
		t.Fatalf("leaderboard: %v", lb)
	}
	anouk.must(http.StatusForbidden, "GET", "/api/v1/programmes/"+pid+"/report", nil)
	anon.must(http.StatusUnauthorized, "GET", "/api/v1/programmes/"+pid+"/report", nil)
	wantParam(org.must(http.StatusBadRequest, "GET", "/api/v1/programmes/"+pid+"/report?from=gisteren", nil), "from")

	// As CSV. (Read directly: the OpenAPI document describes the JSON form
	// of this path, the CSV form in its description.)
	req, err := http.NewRequest("GET", base+"/api/v1/programmes/"+pid+"/report", nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Accept", "text/csv")
	req.Header.Set("Authorization", "Bearer "+org.token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	raw, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil || resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "text/csv; charset=utf-8; header=present" {
		t.Fatalf("CSV report: %d %q %v\n%s", resp.StatusCode, resp.Header.Get("Content-Type"), err, raw)
	}
	rows, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(raw, []byte("\ufeff")))).ReadAll()
	if err != nil || len(rows) < 2 || rows[1][0] != "total" || rows[1][3] != "1" || rows[1][4] != "1" {
		t.Fatalf("CSV rows %q, %v", rows, err)
	}

	// Deleting: Bram his own, an organiser anyone's.
	bram.must(http.StatusNoContent, "DELETE", "/api/v1/activities/"+y["id"].(string), nil)
	org.must(http.StatusNoContent, "DELETE", "/api/v1/activities/"+xid, nil)

	// Closing the programme early makes its ambassadors alumni.
	closed := org.must(http.StatusOK, "PATCH", "/api/v1/programmes/"+pid, map[string]any{"status": "closed"})
	if closed["status"] != "closed" {
		t.Fatalf("closed programme: %v", closed)
	}
	if a := anon.must(http.StatusOK, "GET", "/api/v1/ambassadors/"+anoukID, nil); a["status"] != "alumni" {
		t.Fatalf("ambassador of a closed programme: %v", a)
	}
	anouk.must(http.StatusUnprocessableEntity, "POST", "/api/v1/ambassadors/"+anoukID+"/activities", visit)
}

func amsterdam(t *testing.T) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("Europe/Amsterdam")
	if err != nil {
		t.Fatal(err)
	}
	return loc
}
