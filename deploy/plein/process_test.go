package plein_test

import (
	"bufio"
	"os"
	"os/exec"
	"slices"
	"sync"
	"testing"
	"time"
)

// process is a child process of a test: its output goes to the test log, the
// test may kill it (SIGKILL, as kill -9) and start it again with the same
// command, and at the end of the test it is stopped with SIGTERM and must
// exit cleanly.
type process struct {
	t    testing.TB
	name string
	path string
	env  []string
	args []string

	cmd    *exec.Cmd
	output sync.WaitGroup // the goroutine copying the output to the log
}

// startProcess starts a process that runs until the end of the test.
func startProcess(t testing.TB, name, path string, env []string, args ...string) *process {
	t.Helper()
	// Copies: the caller's slices may share a backing array with the next
	// caller's, and restart reads them again.
	p := &process{t: t, name: name, path: path, env: slices.Clone(env), args: slices.Clone(args)}
	p.start()
	t.Cleanup(p.stop)
	return p
}

func (p *process) start() {
	p.t.Helper()
	cmd := exec.Command(p.path, p.args...)
	cmd.Env = append(os.Environ(), p.env...)
	cmd.WaitDelay = 5 * time.Second // the output pipe, should a grandchild hold it
	out, err := cmd.StderrPipe()
	if err != nil {
		p.t.Fatal(err)
	}
	cmd.Stdout = cmd.Stderr
	if err := cmd.Start(); err != nil {
		p.t.Fatalf("start %s: %v", p.name, err)
	}
	p.cmd = cmd
	p.output.Add(1)
	go func() {
		defer p.output.Done()
		sc := bufio.NewScanner(out)
		sc.Buffer(make([]byte, 64*1024), 1024*1024)
		for sc.Scan() {
			p.t.Logf("%s: %s", p.name, sc.Text())
		}
	}()
}

// kill ends the process at once, as kill -9 does: no shutdown, no flush.
func (p *process) kill() {
	p.t.Helper()
	if err := p.cmd.Process.Kill(); err != nil {
		p.t.Fatalf("kill %s: %v", p.name, err)
	}
	p.output.Wait()
	_ = p.cmd.Wait() // "signal: killed"
	p.t.Logf("%s: killed (SIGKILL) at %s", p.name, time.Now().Format("15:04:05.000"))
}

// restart starts the process again after kill.
func (p *process) restart() {
	p.t.Helper()
	p.t.Logf("%s: starting again at %s", p.name, time.Now().Format("15:04:05.000"))
	p.start()
}

// stop sends SIGTERM and expects a clean exit within 20 s.
func (p *process) stop() {
	if p.cmd.ProcessState != nil {
		return // killed and not started again
	}
	if err := p.cmd.Process.Signal(os.Interrupt); err != nil {
		p.t.Errorf("stop %s: %v", p.name, err)
	}
	exited := make(chan error, 1)
	go func() {
		p.output.Wait()
		exited <- p.cmd.Wait()
	}()
	select {
	case err := <-exited:
		if st := p.cmd.ProcessState; st == nil || !st.Success() {
			p.t.Errorf("%s did not stop cleanly: %v (%v)", p.name, err, st)
		}
	case <-time.After(20 * time.Second):
		_ = p.cmd.Process.Kill()
		<-exited
		p.t.Errorf("%s did not stop within 20 s of SIGTERM; killed", p.name)
	}
}
