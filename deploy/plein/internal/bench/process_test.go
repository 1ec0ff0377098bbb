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
