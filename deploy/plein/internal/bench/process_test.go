package bench

import (
	"os"
	"os/exec"
	"testing"
	"time"
)

// The /proc readings of this very process.
func TestProcReadings(t *testing.T) {
	t.Parallel()
	if _, err := os.Stat("/proc/self/stat"); err != nil {
		t.Skip("no /proc here")
	}
	self, err := os.FindProcess(os.Getpid())
	if err != nil {
		t.Fatal(err)
	}
	p := &process{cmd: &exec.Cmd{Process: self}}
	deadline := time.Now().Add(3 * time.Second)
	var cpu time.Duration
	for cpu < 20*time.Millisecond && time.Now().Before(deadline) {
		for i := 0; i < 1e6; i++ {
			_ = i * i
		}
		if cpu, err = p.cpu(); err != nil {
			t.Fatal(err)
		}
	}
	if cpu < 20*time.Millisecond {
		t.Errorf("cpu = %v after busy work", cpu)
	}
	rss, err := p.rss()
	if err != nil || rss < 1<<20 {
		t.Errorf("rss = %d, %v", rss, err)
	}
}

// settle tells an idle process from a busy one: a sleeping child settles
// within a couple of windows, a spinning one never does.
func TestSettle(t *testing.T) {
	t.Parallel()
	if _, err := os.Stat("/proc/self/stat"); err != nil {
		t.Skip("no /proc here")
	}
	for _, tc := range []struct {
		name   string
		script string
		idle   bool
	}{
		{"sleeping", "sleep 30", true},
		{"spinning", "while :; do :; done", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			cmd := exec.Command("sh", "-c", tc.script)
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() {
				_ = cmd.Process.Kill()
				_ = cmd.Wait()
			})
			idle, err := (&process{cmd: cmd}).settle(t.Context(), 3*time.Second)
			if err != nil {
				t.Fatal(err)
			}
			if idle != tc.idle {
				t.Errorf("settled = %v, want %v", idle, tc.idle)
			}
		})
	}
}
