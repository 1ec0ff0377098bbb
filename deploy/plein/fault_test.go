package plein_test

import (
	"strings"
	"testing"
	"time"
)

// faultEnv are the settings of the fault tests: the burst comes from one
// address, so the per-address registration limit is off; warnings and
// errors only, so that a failure's log shows what went wrong.
var faultEnv = []string{"PLEIN_REGISTRATION_RATE=0", "PLEIN_LOG_LEVEL=warn"}

// burstCapacity is the seats of each event of a burst: fewer than the burst
// brings, so the waiting lists fill too.
const burstCapacity = 150

// TestFaultKillEachProcess kills each service with SIGKILL in turn during a
// burst of registrations through the gateway and starts it again after a
// second, then does the same to nats-server (same store, same port) for two
// seconds. Every registration answered 201 must still be there, no event
// may be over capacity, the seat counts must converge within 5 s, and at
// least 95% of the requests sent during the faults must answer 201 — the
// rest 503 with Retry-After, none 500. Clients retry a 503 once, with the
// same Idempotency-Key, after the Retry-After they were given.
func TestFaultKillEachProcess(t *testing.T) {
	binDir := binaries(t)
	dir := t.TempDir()
	nats, natsURL := startNATS(t, dir)
	d := startSeparate(t, binDir, dir, natsURL, faultEnv...)
	org := signIn(t, d.base, adminEmail, adminPassword)
	events := openEvents(t, org, 2, burstCapacity)

	b := startBurst(t, d.base, events)
	time.Sleep(time.Second)
	b.faultsBegin()
	for _, svc := range serviceNames {
		p := d.procs[svc]
		p.kill()
		time.Sleep(time.Second)
		p.restart()
		waitTCP(t, d.addrs[svc])
	}
	nats.kill()
	time.Sleep(2 * time.Second)
	nats.restart()
	waitTCP(t, hostPort(t, natsURL))
	time.Sleep(time.Second) // the clients' reconnection belongs to the fault
	b.faultsEnd()
	time.Sleep(time.Second)
	outcomes := b.stop()
	end := time.Now()

	f := checkDuringFaults(t, b.duringFaults())
	f.converged, f.convergedFrom = checkNothingLost(t, org, outcomes, burstCapacity, end, 5*time.Second), "the burst"
	t.Logf("fault figures (kill -9 each service for 1 s, nats-server for 2 s): %s; %d requests in all", f, len(outcomes))
}

// hostPort returns the host:port of a nats:// URL.
func hostPort(t *testing.T, url string) string {
	t.Helper()
	hp, ok := strings.CutPrefix(url, "nats://")
	if !ok {
		t.Fatalf("not a nats:// URL: %q", url)
	}
	return hp
}
