package bench

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// process is a running bin/plein.
type process struct {
	cmd     *exec.Cmd
	base    string
	logPath string
	exited  chan error
	// ready is how long it took from exec to the first 200 of /readyz.
	ready time.Duration
}

const (
	adminEmail    = "bench@plein.example"
	adminPassword = "bench password, not a secret"
)

// startPlein runs bin at dataDir with every listener on loopback, no
// registration rate limit and a bootstrap administrator, and waits for
// /readyz. debugAddr, if set, becomes PLEIN_DEBUG_ADDR.
func startPlein(ctx context.Context, bin, dataDir, debugAddr string) (*process, error) {
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(dataDir, 0o750); err != nil {
		return nil, err
	}
	logPath := filepath.Join(dataDir, "plein.log")
	logFile, err := os.Create(logPath)
	if err != nil {
		return nil, err
	}
	defer logFile.Close()

	addr := net.JoinHostPort("127.0.0.1", strconv.Itoa(port))
	env := []string{
		"PLEIN_DATA_DIR=" + dataDir,
		"PLEIN_HTTP_ADDR=" + addr,
		"PLEIN_BASE_URL=http://" + addr,
		"PLEIN_EVENTS_ADDR=127.0.0.1:0",
		"PLEIN_REGISTRATIONS_ADDR=127.0.0.1:0",
		"PLEIN_AMBASSADORS_ADDR=127.0.0.1:0",
		"PLEIN_NOTIFICATIONS_ADDR=127.0.0.1:0",
		"PLEIN_BOOTSTRAP_ADMIN_EMAIL=" + adminEmail,
		"PLEIN_BOOTSTRAP_ADMIN_PASSWORD=" + adminPassword,
		"PLEIN_REGISTRATION_RATE=0",
		"PLEIN_LOG_FORMAT=text",
		"PLEIN_LOG_LEVEL=warn",
	}
	if debugAddr != "" {
		env = append(env, "PLEIN_DEBUG_ADDR="+debugAddr)
	}
	cmd := exec.Command(bin)
	// The caller's own PLEIN_* settings must not leak into the run.
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "PLEIN_") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	cmd.Env = append(cmd.Env, env...)
	cmd.Stdout, cmd.Stderr = logFile, logFile
	started := time.Now()
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start %s: %w", bin, err)
	}
	p := &process{cmd: cmd, base: "http://" + addr, logPath: logPath, exited: make(chan error, 1)}
	go func() { p.exited <- cmd.Wait() }()

	hc := &http.Client{Timeout: time.Second}
	deadline := time.NewTimer(60 * time.Second)
	defer deadline.Stop()
	for {
		if resp, err := hc.Get(p.base + "/readyz"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				p.ready = time.Since(started)
				return p, nil
			}
		}
		select {
		case err := <-p.exited:
			return nil, fmt.Errorf("plein exited before it was ready (%v); log:\n%s", err, tail(logPath))
		case <-deadline.C:
			_ = p.stop()
			return nil, fmt.Errorf("plein not ready within 60 s; log:\n%s", tail(logPath))
		case <-ctx.Done():
			_ = p.stop()
			return nil, ctx.Err()
		case <-time.After(5 * time.Millisecond):
		}
	}
}

// stop sends SIGTERM and waits for the process to end, killing it after
// 30 s.
func (p *process) stop() error {
	if err := p.cmd.Process.Signal(syscall.SIGTERM); err != nil && !errors.Is(err, os.ErrProcessDone) {
		return err
	}
	select {
	case err := <-p.exited:
		return err
	case <-time.After(30 * time.Second):
		_ = p.cmd.Process.Kill()
		<-p.exited
		return errors.New("plein did not stop within 30 s of SIGTERM; killed")
	}
}

// rss returns the process's resident set size in bytes.
func (p *process) rss() (int64, error) {
	raw, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", p.cmd.Process.Pid))
	if err != nil {
		return 0, err
	}
	sc := bufio.NewScanner(bytes.NewReader(raw))
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "VmRSS:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			if err != nil {
				return 0, fmt.Errorf("VmRSS %q: %w", rest, err)
			}
			return kb * 1024, nil
		}
	}
	return 0, errors.New("no VmRSS in /proc status")
}

// clockTicks is the kernel's USER_HZ, the unit of /proc/<pid>/stat times;
// 100 on every Linux architecture Go supports.
const clockTicks = 100

// cpu returns the CPU time (user + system) the process has used.
func (p *process) cpu() (time.Duration, error) {
	raw, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", p.cmd.Process.Pid))
	if err != nil {
		return 0, err
	}
	// The command name (field 2) may hold spaces; fields count from its
	// closing parenthesis. utime and stime are fields 14 and 15.
	i := bytes.LastIndexByte(raw, ')')
	if i < 0 {
		return 0, errors.New("malformed /proc stat")
	}
	f := strings.Fields(string(raw[i+1:]))
	if len(f) < 13 {
		return 0, errors.New("short /proc stat")
	}
	var ticks int64
	for _, s := range f[11:13] {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return 0, fmt.Errorf("/proc stat: %w", err)
		}
		ticks += n
	}
	return time.Duration(ticks) * time.Second / clockTicks, nil
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// tail returns the last lines of the file at path.
func tail(path string) string {
	raw, err := os.ReadFile(path)
	if err != nil {
		return err.Error()
	}
	lines := strings.Split(strings.TrimRight(string(raw), "\n"), "\n")
	return strings.Join(lines[max(0, len(lines)-30):], "\n")
}

// settle waits until plein is idle — under idleCPU of one core over a
// second — so that a measurement is not charged with the work earlier
// load left behind (the e-mails of a fill of 98,000 registrations take
// notifications minutes). It gives up after limit and says whether plein
// settled.
func (p *process) settle(ctx context.Context, limit time.Duration) (bool, error) {
	const window, idleCPU = time.Second, 0.05
	deadline := time.Now().Add(limit)
	before, err := p.cpu()
	if err != nil {
		return false, err
	}
	for time.Now().Before(deadline) {
		select {
		case <-ctx.Done():
			return false, ctx.Err()
		case <-time.After(window):
		}
		now, err := p.cpu()
		if err != nil {
			return false, err
		}
		if float64(now-before) < idleCPU*float64(window) {
			return true, nil
		}
		before = now
	}
	return false, nil
}
