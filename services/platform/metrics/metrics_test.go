package metrics_test

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus"

	"plein.dev/platform/metrics"
	"plein.dev/platform/testkit"
)

func TestServeAnswersScrapes(t *testing.T) {
	reg := metrics.ProcessRegistry()
	c := prometheus.NewCounter(prometheus.CounterOpts{Name: "plein_test_total", Help: "A test counter."})
	reg.MustRegister(c)
	c.Add(3)
	s, err := metrics.Serve("127.0.0.1:0", reg, testkit.Logger(t))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()

	resp, err := http.Get("http://" + s.Addr().String() + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET /metrics: %d %s", resp.StatusCode, body)
	}
	for _, want := range []string{"plein_test_total 3", "go_goroutines ", "process_cpu_seconds_total "} {
		if !strings.Contains(string(body), want) {
			t.Errorf("scrape lacks %q", want)
		}
	}
}

// Two parts reporting the same series fail the scrape instead of
// reporting one of them.
func TestServeRefusesDuplicateSeries(t *testing.T) {
	one, two := prometheus.NewRegistry(), prometheus.NewRegistry()
	for _, reg := range []*prometheus.Registry{one, two} {
		reg.MustRegister(prometheus.NewGauge(prometheus.GaugeOpts{Name: "plein_test", Help: "A test gauge."}))
	}
	s, err := metrics.Serve("127.0.0.1:0", prometheus.Gatherers{one, two}, testkit.Logger(t))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	resp, err := http.Get("http://" + s.Addr().String() + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusInternalServerError {
		t.Errorf("GET /metrics with a duplicate series: %d, want 500", resp.StatusCode)
	}
}
