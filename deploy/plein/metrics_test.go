package plein_test

import (
	"encoding/json"
	"maps"
	"net/http"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"
)

// sample is one line of a scrape: a series and its value.
type sample struct {
	labels map[string]string
	value  float64
}

// scrape is a /metrics answer by metric name (a histogram's series under
// name_bucket, name_sum and name_count).
type scrape map[string][]sample

var labelPair = regexp.MustCompile(`([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"`)

// parseScrape reads the text exposition format, failing on a series
// reported twice.
func parseScrape(t *testing.T, body string) scrape {
	t.Helper()
	out := scrape{}
	seen := map[string]bool{}
	for line := range strings.Lines(body) {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		i := strings.LastIndexByte(line, ' ')
		series, raw := line[:i], line[i+1:]
		if seen[series] {
			t.Errorf("series reported twice: %s", series)
		}
		seen[series] = true
		v, err := strconv.ParseFloat(raw, 64)
		if err != nil {
			t.Fatalf("value of %q: %v", line, err)
		}
		name, rest, _ := strings.Cut(series, "{")
		s := sample{labels: map[string]string{}, value: v}
		for _, m := range labelPair.FindAllStringSubmatch(rest, -1) {
			s.labels[m[1]] = m[2]
		}
		out[name] = append(out[name], s)
	}
	return out
}

// value is the sum of the samples of name that carry every label in want.
func (s scrape) value(name string, want map[string]string) (float64, bool) {
	sum, found := 0.0, false
	for _, x := range s[name] {
		match := true
		for k, v := range want {
			match = match && x.labels[k] == v
		}
		if match {
			sum, found = sum+x.value, true
		}
	}
	return sum, found
}

// services returns the service labels the samples of name carry.
func (s scrape) services(name string) []string {
	set := map[string]bool{}
	for _, x := range s[name] {
		set[x.labels["service"]] = true
	}
	return slices.Sorted(maps.Keys(set))
}

var metricName = regexp.MustCompile(`\bplein_[a-z_]+`)

// metricsNamed returns the plein_* metrics named in the PromQL expressions,
// a histogram's series named by the histogram.
func metricsNamed(exprs []string) []string {
	set := map[string]bool{}
	for _, e := range exprs {
		for _, n := range metricName.FindAllString(e, -1) {
			for _, suffix := range []string{"_bucket", "_sum", "_count"} {
				n = strings.TrimSuffix(n, suffix)
			}
			set[n] = true
		}
	}
	return slices.Sorted(maps.Keys(set))
}

// dashboardExprs returns the queries of every panel of the Grafana
// dashboard, and of its variables.
func dashboardExprs(t *testing.T) []string {
	t.Helper()
	raw, err := os.ReadFile("../monitoring/grafana-dashboard.json")
	if err != nil {
		t.Fatal(err)
	}
	type panel struct {
		Type    string `json:"type"`
		Title   string `json:"title"`
		Targets []struct {
			Expr string `json:"expr"`
		} `json:"targets"`
	}
	var d struct {
		Panels     []panel `json:"panels"`
		Templating struct {
			List []struct {
				Definition string `json:"definition"`
			} `json:"list"`
		} `json:"templating"`
	}
	if err := json.Unmarshal(raw, &d); err != nil {
		t.Fatalf("dashboard: %v", err)
	}
	var exprs []string
	for _, p := range d.Panels {
		if p.Type != "row" && len(p.Targets) == 0 {
			t.Errorf("panel %q has no query", p.Title)
		}
		for _, tg := range p.Targets {
			exprs = append(exprs, tg.Expr)
		}
	}
	for _, v := range d.Templating.List {
		exprs = append(exprs, v.Definition)
	}
	return exprs
}

// alertRules returns the rules of alerts.yml by alert name, failing on a
// rule without a summary and a description.
func alertRules(t *testing.T) map[string]string {
	t.Helper()
	raw, err := os.ReadFile("../monitoring/alerts.yml")
	if err != nil {
		t.Fatal(err)
	}
	var f struct {
		Groups []struct {
			Rules []struct {
				Alert       string            `yaml:"alert"`
				Expr        string            `yaml:"expr"`
				Annotations map[string]string `yaml:"annotations"`
			} `yaml:"rules"`
		} `yaml:"groups"`
	}
	if err := yaml.Unmarshal(raw, &f); err != nil {
		t.Fatalf("alerts.yml: %v", err)
	}
	rules := map[string]string{}
	for _, g := range f.Groups {
		for _, r := range g.Rules {
			if r.Annotations["summary"] == "" || r.Annotations["description"] == "" {
				t.Errorf("alert %s lacks a summary or a description", r.Alert)
			}
			rules[r.Alert] = r.Expr
		}
	}
	return rules
}

// TestMetricsOfEveryService: after one registration the all-in-one's
// /metrics holds every metric the dashboard and the alerts query, for every
// service, once each; the registration is counted and the outboxes empty
// again.
func TestMetricsOfEveryService(t *testing.T) {
	base := startPlein(t)
	org := signIn(t, base, adminEmail, adminPassword)
	anon := &client{t: t, base: base, http: &http.Client{Timeout: 30 * time.Second}}
	start := time.Now().Add(72 * time.Hour).UTC().Truncate(time.Minute)
	ev := org.must(http.StatusCreated, "POST", "/api/v1/events", map[string]any{
		"title": "Metingen", "location": "Rotterdam", "capacity": 10,
		"startsAt": start.Format(time.RFC3339), "endsAt": start.Add(time.Hour).Format(time.RFC3339),
	})
	id := ev["id"].(string)
	org.must(http.StatusOK, "POST", "/api/v1/events/"+id+"/publish", map[string]any{})
	eventually(t, 10*time.Second, "registration accepted", func() bool {
		r := anon.do("POST", "/api/v1/events/"+id+"/registrations",
			map[string]any{"name": "Anna de Vries", "email": "anna@example.nl", "consent": true})
		return r.Status == http.StatusCreated
	})

	read := func() scrape {
		r := anon.do("GET", "/metrics", nil)
		if r.Status != http.StatusOK {
			t.Fatalf("GET /metrics: %d\n%s", r.Status, r.Body)
		}
		return parseScrape(t, string(r.Body))
	}
	var m scrape
	// The confirmation is mailed (written to a file here) and every
	// outbox published.
	eventually(t, 15*time.Second, "outboxes empty and the confirmation mailed", func() bool {
		m = read()
		sent, _ := m.value("plein_mail_sent_total", map[string]string{"service": "notifications", "result": "sent"})
		waiting := 0.0
		for _, x := range m["plein_outbox_backlog"] {
			waiting += x.value
		}
		return sent >= 1 && waiting == 0 && len(m["plein_outbox_backlog"]) >= 4
	})

	const createRegistration = "/plein.registrations.v1.RegistrationsService/CreateRegistration"
	if n, _ := m.value("plein_grpc_server_requests_total", map[string]string{"service": "registrations",
		"method": createRegistration, "code": "OK"}); n < 1 {
		t.Errorf("CreateRegistration answered OK %v times, want at least 1", n)
	}
	if n, _ := m.value("plein_grpc_server_request_duration_seconds_count", map[string]string{"service": "registrations",
		"method": createRegistration}); n < 1 {
		t.Errorf("CreateRegistration timed %v times, want at least 1", n)
	}
	for _, x := range m["plein_outbox_oldest_age_seconds"] {
		if x.value != 0 {
			t.Errorf("outbox of %s: oldest message %v s old, want none", x.labels["service"], x.value)
		}
	}
	if n, _ := m.value("plein_sqlite_group_size_count", map[string]string{"service": "registrations"}); n < 1 {
		t.Errorf("registrations committed %v times, want at least 1", n)
	}

	rules := alertRules(t)
	for _, want := range []string{"PleinServiceDown", "PleinOutboxBacklogGrowing", "PleinConsumerLagging", "PleinDeadLetters", "PleinMailFailing"} {
		if rules[want] == "" {
			t.Errorf("alerts.yml has no rule %s", want)
		}
	}
	queried := metricsNamed(append(dashboardExprs(t), slices.Collect(maps.Values(rules))...))
	if len(queried) < 10 {
		t.Fatalf("the dashboard and alerts query only %v", queried)
	}
	for _, name := range queried {
		if len(m[name]) == 0 && len(m[name+"_count"]) == 0 {
			t.Errorf("%s is queried by the dashboard or the alerts and not served", name)
		}
	}

	all := []string{"ambassadors", "events", "notifications", "registrations"}
	for _, name := range []string{
		"plein_grpc_server_requests_total", "plein_grpc_server_request_duration_seconds_count",
		"plein_outbox_backlog", "plein_outbox_oldest_age_seconds",
		"plein_consumer_pending", "plein_consumer_redeliveries_total",
		"plein_dead_letters", "plein_dead_letters_total",
		"plein_sqlite_tx_duration_seconds_count", "plein_sqlite_group_size_count",
	} {
		got := m.services(name)
		for _, s := range all {
			if !slices.Contains(got, s) {
				t.Errorf("%s has no series of %s (services %v)", name, s, got)
			}
		}
	}
	if got := m.services("plein_mail_queue"); !slices.Equal(got, []string{"notifications"}) {
		t.Errorf("plein_mail_queue of %v, want notifications", got)
	}
	// The process's own metrics once, without a service label.
	if got := m.services("go_goroutines"); !slices.Equal(got, []string{""}) {
		t.Errorf("go_goroutines by service %v, want once, unlabelled", got)
	}
}
