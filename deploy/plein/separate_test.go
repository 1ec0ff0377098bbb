package plein_test

import (
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// TestSliceSeparateProcesses runs the same slice against bin/* started as
// separate processes that meet only on an external nats-server, as in a
// production deployment. scripts/test builds the binaries and puts
// nats-server on PATH; PLEIN_BIN_DIR says where the binaries are.
func TestSliceSeparateProcesses(t *testing.T) {
	binDir := binaries(t)
	dir := t.TempDir()
	_, natsURL := startNATS(t, dir)
	d := startSeparate(t, binDir, dir, natsURL)
	runSlice(t, d.base)
}

// binaries returns PLEIN_BIN_DIR, or skips the test when it is not set.
func binaries(t *testing.T) string {
	t.Helper()
	binDir := os.Getenv("PLEIN_BIN_DIR")
	if binDir == "" {
		t.Skip("PLEIN_BIN_DIR is not set; scripts/test sets it after scripts/build")
	}
	return binDir
}

// natsServerPath finds nats-server on PATH (scripts/test puts tools/bin there).
func natsServerPath(t *testing.T) string {
	t.Helper()
	path, err := exec.LookPath("nats-server")
	if err != nil {
		t.Fatalf("nats-server not on PATH (scripts/test installs it): %v", err)
	}
	return path
}

// startNATS starts one nats-server with JetStream stored under dir/nats and
// returns it with its client URL.
func startNATS(t *testing.T, dir string) (*process, string) {
	t.Helper()
	port := freePort(t)
	p := startProcess(t, "nats-server", natsServerPath(t), nil, "-a", "127.0.0.1", "-p", fmt.Sprint(port),
		"-js", "-sd", filepath.Join(dir, "nats"))
	waitTCP(t, fmt.Sprintf("127.0.0.1:%d", port))
	return p, fmt.Sprintf("nats://127.0.0.1:%d", port)
}

// separate is the four services and the gateway as separate processes.
type separate struct {
	base  string              // the gateway's URL
	procs map[string]*process // by binary name
	addrs map[string]string   // gRPC address by service name
}

// serviceNames are the binaries of the services, in the order they start.
var serviceNames = []string{"events", "registrations", "ambassadors", "notifications"}

// startSeparate starts bin/events … bin/gateway against the NATS servers in
// natsURL, each with its data under dir, and waits until the gateway is ready.
// extraEnv adds settings (PLEIN_NATS_REPLICAS, PLEIN_REGISTRATION_RATE, …).
func startSeparate(t *testing.T, binDir, dir, natsURL string, extraEnv ...string) *separate {
	t.Helper()
	d := &separate{procs: map[string]*process{}, addrs: map[string]string{}}
	httpAddr := fmt.Sprintf("127.0.0.1:%d", freePort(t))
	env := []string{
		"PLEIN_NATS_URL=" + natsURL,
		"PLEIN_LOG_FORMAT=text",
		"PLEIN_HTTP_ADDR=" + httpAddr,
		"PLEIN_BOOTSTRAP_ADMIN_EMAIL=" + adminEmail,
		"PLEIN_BOOTSTRAP_ADMIN_PASSWORD=" + adminPassword,
	}
	for _, svc := range serviceNames {
		d.addrs[svc] = fmt.Sprintf("127.0.0.1:%d", freePort(t))
		env = append(env, "PLEIN_"+strings.ToUpper(svc)+"_ADDR="+d.addrs[svc])
	}
	env = append(env, extraEnv...)
	for _, svc := range append(serviceNames, "gateway") {
		data := filepath.Join(dir, svc)
		d.procs[svc] = startProcess(t, svc, filepath.Join(binDir, svc), slices.Concat(env, []string{"PLEIN_DATA_DIR=" + data}))
	}
	waitTCP(t, httpAddr)
	d.base = "http://" + httpAddr
	anon := &client{t: t, base: d.base, http: &http.Client{Timeout: 10 * time.Second}}
	eventually(t, 10*time.Second, "gateway ready", func() bool { return anon.do("GET", "/readyz", nil).Status == http.StatusOK })
	return d
}

func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

func waitTCP(t *testing.T, addr string) {
	t.Helper()
	eventually(t, 15*time.Second, "listening on "+addr, func() bool {
		c, err := net.DialTimeout("tcp", addr, 100*time.Millisecond)
		if err == nil {
			c.Close()
		}
		return err == nil
	})
}
