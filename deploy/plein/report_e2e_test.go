package plein_test

import (
	"fmt"
	"math"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestProgrammeReportTotals seeds a programme as a council's report needs
// it — parent themes two levels deep, areas, two indicators with targets,
// two ambassadors of different sectors whose activities name companies by
// KvK number, an event whose registrations name companies too — and
// compares GET /api/v1/programmes/{id}/report with totals worked out by
// hand below. Every literal carries the sum it comes from.
//
// The seed (all activities today, in the report's period):
//
//	themes: innovatie ← digitalisering ← robotica (two levels), and
//	        circulaire economie without a parent
//	areas:  Binnenstad, Havens, A-20 zone
//
//	act  who    sector        status    min  reached  themes                          areas              KvK numbers
//	A1   Anouk  maakindustrie approved   60        2  robotica                        Havens             11111111, 22222222
//	A2   Anouk  maakindustrie approved  120       10  digitalisering, circ. economie  Binnenstad, Havens 11111111 (again), one without
//	B1   Bram   logistiek     approved   45        1  innovatie                       A-20 zone          33333333
//	B2   Bram   logistiek     pending    30       20  circulaire economie             -                  44444444
//
//	event of the programme, completed; registrations:
//	R1 33333333 (also B1's) checked in, R2 55555555 checked in,
//	R3 without a number checked in, R4 66666666 confirmed, not checked in
//	(someone was checked in, so only those checked in count).
//
//	measurements: banen (count, target 50) 12 + 8; externe-middelen (euro,
//	target 200000) 50000 + 25000.
func TestProgrammeReportTotals(t *testing.T) {
	base := startPlein(t)
	admin := signIn(t, base, adminEmail, adminPassword)
	anon := &client{t: t, base: base, http: &http.Client{Timeout: 30 * time.Second}}
	pass := "a long enough password"

	today := time.Now().In(amsterdam(t))
	day := today.Format(time.DateOnly)
	year := today.Year()
	// The period runs to the end of next year, so that the event three
	// days ahead falls in it whatever day the test runs.
	from, to := fmt.Sprintf("%d-01-01", year), fmt.Sprintf("%d-12-31", year+1)

	p := admin.must(http.StatusCreated, "POST", "/api/v1/programmes", map[string]any{
		"name": "Productieve regio", "municipality": "Arnhem-Nijmegen",
		"themes":       []string{"innovatie", "digitalisering", "robotica", "circulaire economie"},
		"themeParents": map[string]string{"digitalisering": "innovatie", "robotica": "digitalisering"},
		"areas":        []string{"Binnenstad", "Havens", "A-20 zone"},
		"indicators": []map[string]any{
			{"key": "banen", "label": "Banen erbij", "unit": "count", "target": 50},
			{"key": "externe-middelen", "label": "Externe middelen", "unit": "euro", "target": 200000},
		},
		"startsOn": from, "endsOn": to,
	})
	pid := p["id"].(string)

	appoint := func(name, email, sector string) (string, *client) {
		a := admin.must(http.StatusCreated, "POST", "/api/v1/programmes/"+pid+"/ambassadors", map[string]any{
			"name": name, "email": email, "organisation": name + " BV", "sector": sector,
			"appointedOn": from, "termEndsOn": to})
		admin.must(http.StatusCreated, "POST", "/api/v1/users", map[string]any{"email": email, "name": name,
			"password": pass, "roles": []string{"ambassador"}, "ambassadorId": a["id"]})
		return a["id"].(string), signIn(t, base, email, pass)
	}
	anoukID, anouk := appoint("Anouk de Vries", "anouk@example.nl", "maakindustrie")
	bramID, bram := appoint("Bram Bakker", "bram@example.nl", "logistiek")

	company := func(name, kvk string) map[string]any { return map[string]any{"name": name, "kvkNumber": kvk} }
	logActivity := func(c *client, ambassadorID, kind string, minutes, reached int, themes, areas []string, companies ...map[string]any) string {
		x := c.must(http.StatusCreated, "POST", "/api/v1/ambassadors/"+ambassadorID+"/activities", map[string]any{
			"kind": kind, "occurredOn": day, "durationMinutes": minutes, "summary": kind + " " + strings.Join(themes, ", "),
			"entrepreneursReached": reached, "themes": themes, "areas": areas, "companies": companies})
		return x["id"].(string)
	}
	a1 := logActivity(anouk, anoukID, "company-visit", 60, 2, []string{"robotica"}, []string{"Havens"},
		company("Metaalbewerking Havens", "11111111"), company("Robotica Rijnmond", "22222222"))
	a2 := logActivity(anouk, anoukID, "workshop", 120, 10, []string{"digitalisering", "circulaire economie"},
		[]string{"Binnenstad", "Havens"}, company("Metaalbewerking Havens", "11111111"), company("Eenmanszaak zonder nummer", ""))
	b1 := logActivity(bram, bramID, "company-visit", 45, 1, []string{"innovatie"}, []string{"A-20 zone"},
		company("Transport A20", "33333333"))
	logActivity(bram, bramID, "presentation", 30, 20, []string{"circulaire economie"}, nil,
		company("Kringloopbedrijf", "44444444")) // B2 stays pending
	for _, id := range []string{a1, a2, b1} {
		admin.must(http.StatusOK, "POST", "/api/v1/activities/"+id+"/review", map[string]any{"decision": "approve"})
	}

	// The event of the programme: the events service learns of the
	// programme from the bus, so creating it may take a moment.
	start := time.Now().Add(72 * time.Hour).UTC().Truncate(time.Minute)
	var eventID string
	eventually(t, 10*time.Second, "event of the programme created", func() bool {
		r := admin.do("POST", "/api/v1/events", map[string]any{"title": "Ondernemersontbijt Productieve regio",
			"programmeId": pid, "location": "Havens, Nijmegen", "capacity": 10,
			"startsAt": start.Format(time.RFC3339), "endsAt": start.Add(2 * time.Hour).Format(time.RFC3339)})
		if r.Status == http.StatusCreated {
			eventID = r.json(t)["id"].(string)
		}
		return r.Status == http.StatusCreated
	})
	admin.must(http.StatusOK, "POST", "/api/v1/events/"+eventID+"/publish", map[string]any{})
	register := func(name, kvk string) string {
		body := map[string]any{"name": name, "email": strings.ToLower(strings.Fields(name)[0]) + "@example.com",
			"consent": true, "kvkNumber": kvk}
		var id string
		eventually(t, 10*time.Second, "registration of "+name+" accepted", func() bool {
			r := anon.do("POST", "/api/v1/events/"+eventID+"/registrations", body)
			if r.Status == http.StatusCreated {
				id = r.json(t)["id"].(string)
			} else if r.Status != http.StatusNotFound && r.Status != http.StatusUnprocessableEntity {
				t.Fatalf("register %s: %d %s", name, r.Status, r.Body)
			}
			return id != ""
		})
		return id
	}
	r1, r2, r3 := register("Rik Transport", "33333333"), register("Sanne Zonnepanelen", "55555555"), register("Tom Zonder", "")
	r4 := register("Umar Afwezig", "66666666")
	// A KvK number of seven digits is refused, naming the field.
	bad := anon.do("POST", "/api/v1/events/"+eventID+"/registrations",
		map[string]any{"name": "V", "email": "v@example.com", "consent": true, "kvkNumber": "1234567"})
	if bad.Status != http.StatusBadRequest || !strings.Contains(string(bad.Body), `"kvkNumber"`) {
		t.Fatalf("seven-digit KvK number: %d %s", bad.Status, bad.Body)
	}
	if got := admin.must(http.StatusOK, "GET", "/api/v1/registrations/"+r4, nil); got["kvkNumber"] != "66666666" {
		t.Fatalf("the organiser reads %v", got)
	}
	for _, id := range []string{r1, r2, r3} {
		admin.must(http.StatusOK, "POST", "/api/v1/registrations/"+id+"/check-in", map[string]any{})
	}
	csv := rawGet(t, admin, "GET", "/api/v1/events/"+eventID+"/registrations", map[string]string{"Accept": "text/csv"}, false)
	if lines := strings.Split(string(csv.Body), "\r\n"); csv.Status != http.StatusOK || !strings.HasSuffix(lines[0], ",kvkNumber") ||
		!strings.Contains(string(csv.Body), ",55555555\r\n") {
		t.Fatalf("registrations CSV: %d\n%s", csv.Status, csv.Body)
	}
	admin.must(http.StatusOK, "POST", "/api/v1/events/"+eventID+"/complete", map[string]any{})

	for _, m := range []struct {
		indicator string
		value     float64
	}{{"banen", 12}, {"banen", 8}, {"externe-middelen", 50000}, {"externe-middelen", 25000}} {
		admin.must(http.StatusCreated, "POST", "/api/v1/programmes/"+pid+"/measurements", map[string]any{
			"indicator": m.indicator, "value": m.value, "on": day, "source": "eigen telling"})
	}
	anouk.must(http.StatusForbidden, "POST", "/api/v1/programmes/"+pid+"/measurements",
		map[string]any{"indicator": "banen", "value": 1, "on": day})

	// The attendance summary reaches the ambassadors service over the bus.
	path := "/api/v1/programmes/" + pid + "/report?from=" + from + "&to=" + to
	var rep map[string]any
	for deadline := time.Now().Add(15 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		rep = admin.must(http.StatusOK, "GET", path, nil)
		c, _ := rep["companies"].(map[string]any)
		if num(c, "fromRegistrations") == 2 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the event's companies not in the report within 15 s: companies %v", c)
		}
	}

	companies, _ := rep["companies"].(map[string]any)
	for field, want := range map[string]float64{
		// 11111111, 22222222 (A1), 11111111 again (A2), 33333333 (B1);
		// B2's 44444444 is pending: {111, 222, 333}.
		"fromActivities": 3,
		// Checked in: 33333333, 55555555 and one without; 66666666 was
		// not checked in: {333, 555}.
		"fromRegistrations": 2,
		// {111, 222, 333} ∪ {333, 555} = {111, 222, 333, 555}.
		"unique": 4,
		// Reached by the approved activities: 2 (A1) + 10 (A2) + 1 (B1).
		"selfReported": 13,
	} {
		if got := num(companies, field); got != want {
			t.Errorf("companies.%s = %v, want %v (%v)", field, got, want, companies)
		}
	}

	totals, _ := rep["totals"].(map[string]any)
	wantRow(t, "totals", totals, reportRow{
		activities: 3,   // A1, A2, B1
		minutes:    225, // 60 + 120 + 45
		reached:    13,  // 2 + 10 + 1
		pending:    1,   // B2
	})

	byTheme := rowsByKey(t, rep, "byTheme")
	wantRow(t, "theme robotica", byTheme["robotica"], reportRow{
		activities: 1, minutes: 60, reached: 2, // A1
		parent: "digitalisering"})
	wantRow(t, "theme digitalisering", byTheme["digitalisering"], reportRow{
		activities: 2, minutes: 180, reached: 12, // A2, and A1 through robotica: 120 + 60, 10 + 2
		parent: "innovatie"})
	wantRow(t, "theme innovatie", byTheme["innovatie"], reportRow{
		activities: 3, minutes: 225, reached: 13, // B1, and A2, A1 through its descendants, once each: 45 + 120 + 60, 1 + 10 + 2
		parent: ""})
	wantRow(t, "theme circulaire economie", byTheme["circulaire economie"], reportRow{
		activities: 1, minutes: 120, reached: 10, // A2
		pending: 1, // B2
		parent:  ""})

	byArea := rowsByKey(t, rep, "byArea")
	wantRow(t, "area Binnenstad", byArea["binnenstad"], reportRow{activities: 1, minutes: 120, reached: 10}) // A2
	wantRow(t, "area Havens", byArea["havens"], reportRow{activities: 2, minutes: 180, reached: 12})         // A1 + A2
	wantRow(t, "area A-20 zone", byArea["a-20 zone"], reportRow{activities: 1, minutes: 45, reached: 1})     // B1

	bySector := rowsByKey(t, rep, "bySector")
	wantRow(t, "sector maakindustrie", bySector["maakindustrie"], reportRow{
		activities: 2, minutes: 180, reached: 12}) // Anouk: A1 + A2
	wantRow(t, "sector logistiek", bySector["logistiek"], reportRow{
		activities: 1, minutes: 45, reached: 1, // Bram: B1
		pending: 1}) // B2

	indicators := map[string]map[string]any{}
	list, _ := rep["indicators"].([]any)
	for _, x := range list {
		r := x.(map[string]any)
		in, _ := r["indicator"].(map[string]any)
		key, _ := in["key"].(string)
		indicators[key] = r
	}
	for key, want := range map[string]struct{ value, percent, measurements float64 }{
		"banen":            {20, 40, 2},      // 12 + 8; 20 / 50 × 100
		"externe-middelen": {75000, 37.5, 2}, // 50000 + 25000; 75000 / 200000 × 100
	} {
		r := indicators[key]
		if r == nil {
			t.Errorf("indicator %s not in the report: %v", key, rep["indicators"])
			continue
		}
		if got := num(r, "value"); got != want.value {
			t.Errorf("indicator %s value %v, want %v", key, got, want.value)
		}
		if got := num(r, "percentOfTarget"); math.Abs(got-want.percent) > 1e-9 {
			t.Errorf("indicator %s percentOfTarget %v, want %v", key, got, want.percent)
		}
		if got := num(r, "measurements"); got != want.measurements {
			t.Errorf("indicator %s measurements %v, want %v", key, got, want.measurements)
		}
		if r["lastMeasuredOn"] != day {
			t.Errorf("indicator %s lastMeasuredOn %v, want %s", key, r["lastMeasuredOn"], day)
		}
	}
	if t.Failed() {
		t.Logf("report: %v", rep)
	}

	// Erasing Sanne, checked in at the completed event, takes her KvK
	// number out of the report too: the registrations service sends the
	// event's summary again without it.
	admin.must(http.StatusAccepted, "DELETE", "/api/v1/people?email=sanne@example.com", nil)
	for deadline := time.Now().Add(15 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		c, _ := admin.must(http.StatusOK, "GET", path, nil)["companies"].(map[string]any)
		if num(c, "fromRegistrations") == 1 && num(c, "unique") == 3 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the erased attendee's KvK number still in the report after 15 s: companies %v", c)
		}
	}
}

// reportRow is what a row of the report is compared on.
type reportRow struct {
	activities, minutes, reached, pending float64
	parent                                string
}

// wantRow compares a row of the report with the hand-worked figures.
func wantRow(t *testing.T, what string, row map[string]any, want reportRow) {
	t.Helper()
	if row == nil {
		t.Errorf("%s: no row", what)
		return
	}
	got := reportRow{activities: num(row, "activities"), minutes: num(row, "minutes"),
		reached: num(row, "entrepreneursReached"), pending: num(row, "pendingActivities")}
	got.parent, _ = row["parent"].(string)
	if got != want {
		t.Errorf("%s: %+v, want %+v (%v)", what, got, want, row)
	}
}

// rowsByKey indexes a split of the report by its rows' keys, lower case
// (and by their labels, for a key that is an id).
func rowsByKey(t *testing.T, rep map[string]any, split string) map[string]map[string]any {
	t.Helper()
	out := map[string]map[string]any{}
	rows, _ := rep[split].([]any)
	for _, x := range rows {
		r := x.(map[string]any)
		for _, f := range []string{"label", "key"} {
			if s, _ := r[f].(string); s != "" {
				out[strings.ToLower(s)] = r
			}
		}
	}
	return out
}

// num reads a number of a JSON object; absent is 0 (the gateway leaves out
// an unset optional), a 64-bit integer may come as a string.
func num(m map[string]any, field string) float64 {
	switch v := m[field].(type) {
	case float64:
		return v
	case string:
		f, _ := strconv.ParseFloat(v, 64)
		return f
	}
	return 0
}
