package plein_test

import (
	"bufio"
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
	"time"
)

// TestSliceSeparateProcesses runs the same slice against bin/* started as
// separate processes that meet only on an external nats-server, as in a
// production deployment. scripts/test builds the binaries and puts
// nats-server on PATH; PLEIN_BIN_DIR says where the binaries are.
func TestSliceSeparateProcesses(t *testing.T) {
	binDir := os.Getenv("PLEIN_BIN_DIR")
	if binDir == "" {
		t.Skip("PLEIN_BIN_DIR is not set; scripts/test sets it after scripts/build")
	}
	natsServer, err := exec.LookPath("nats-server")
	if err != nil {
		t.Fatalf("nats-server not on PATH (scripts/test installs it): %v", err)
	}
	dir := t.TempDir()
	natsPort := freePort(t)
	startProcess(t, "nats-server", natsServer, nil, "-a", "127.0.0.1", "-p", fmt.Sprint(natsPort),
		"-js", "-sd", filepath.Join(dir, "nats"))
	waitTCP(t, fmt.Sprintf("127.0.0.1:%d", natsPort))

	addrs := map[string]string{}
	for _, name := range []string{"EVENTS", "REGISTRATIONS", "AMBASSADORS", "NOTIFICATIONS"} {
		addrs[name] = fmt.Sprintf("127.0.0.1:%d", freePort(t))
	}
	httpAddr := fmt.Sprintf("127.0.0.1:%d", freePort(t))
	env := []string{
		"PLEIN_NATS_URL=nats://127.0.0.1:" + fmt.Sprint(natsPort),
		"PLEIN_LOG_FORMAT=text",
		"PLEIN_HTTP_ADDR=" + httpAddr,
		"PLEIN_BOOTSTRAP_ADMIN_EMAIL=" + adminEmail,
		"PLEIN_BOOTSTRAP_ADMIN_PASSWORD=" + adminPassword,
	}
	for name, a := range addrs {
		env = append(env, "PLEIN_"+name+"_ADDR="+a)
	}
	for _, svc := range []string{"events", "registrations", "ambassadors", "notifications", "gateway"} {
		data := filepath.Join(dir, svc)
		startProcess(t, svc, filepath.Join(binDir, svc), append(env, "PLEIN_DATA_DIR="+data))
	}
	waitTCP(t, httpAddr)
	base := "http://" + httpAddr
	anon := &client{t: t, base: base, http: &http.Client{Timeout: 10 * time.Second}}
	eventually(t, 10*time.Second, "gateway ready", func() bool { return anon.do("GET", "/readyz", nil).Status == http.StatusOK })
	runSlice(t, base)
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

// startProcess starts a process whose output goes to the test log, and stops
// it with SIGTERM at the end of the test, expecting a clean exit.
func startProcess(t *testing.T, name, path string, env []string, args ...string) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	cmd := exec.CommandContext(ctx, path, args...)
	cmd.Env = append(os.Environ(), env...)
	cmd.Cancel = func() error { return cmd.Process.Signal(os.Interrupt) }
	cmd.WaitDelay = 20 * time.Second
	out, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stdout = cmd.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatalf("start %s: %v", name, err)
	}
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			t.Logf("%s: %s", name, sc.Text())
		}
	}()
	t.Cleanup(func() {
		cancel()
		wg.Wait()
		err := cmd.Wait()
		// After our cancel, Wait reports the context's error even when the
		// process exited on its own; the exit status tells how it stopped.
		if st := cmd.ProcessState; st == nil || !st.Success() {
			t.Errorf("%s did not stop cleanly: %v (%v)", name, err, st)
		}
	})
}
