package profiling_test

import (
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"plein.dev/platform/profiling"
	"plein.dev/platform/testkit"
)

func TestServesProfilesOnLoopback(t *testing.T) {
	t.Parallel()
	s, err := profiling.Start("127.0.0.1:0", testkit.Logger(t))
	if err != nil {
		t.Fatal(err)
	}
	base := "http://" + s.Addr().String()
	hc := &http.Client{Timeout: 10 * time.Second}
	for path, want := range map[string]string{
		"/debug/pprof/":                  "goroutine",
		"/debug/pprof/goroutine?debug=1": "goroutine profile",
		"/debug/pprof/cmdline":           "",
		"/debug/pprof/profile?seconds=1": "",
		"/debug/pprof/heap?debug=1":      "heap profile",
	} {
		resp, err := hc.Get(base + path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK || !strings.Contains(string(body), want) {
			t.Errorf("GET %s: %d, body lacks %q", path, resp.StatusCode, want)
		}
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := hc.Get(base + "/debug/pprof/"); err == nil {
		t.Error("profiles still served after Close")
	}
}

func TestRefusesOtherInterfaces(t *testing.T) {
	t.Parallel()
	for _, addr := range []string{":6060", "0.0.0.0:6060", "[::]:6060", "192.0.2.10:6060", "example.com:6060", "127.0.0.1"} {
		s, err := profiling.Start(addr, testkit.Logger(t))
		if err == nil {
			s.Close()
			t.Errorf("Start(%q) succeeded", addr)
		}
	}
	for _, addr := range []string{"localhost:0", "127.0.0.2:0"} {
		s, err := profiling.Start(addr, testkit.Logger(t))
		if err != nil {
			t.Errorf("Start(%q): %v", addr, err)
			continue
		}
		s.Close()
	}
}
