package plein_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
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

// TestFaultKeyedPostActsOnce creates events, each with its own
// Idempotency-Key, from eight clients while the events service is killed
// (SIGKILL) three times for half a second. A POST with a key acts at most
// once: no event may be stored twice, whatever its client was answered.
// (The gateway's retry of a keyed POST after the service went away
// mid-call is not covered by the key, which the gateway alone keeps: the
// service may have committed the first call.)
func TestFaultKeyedPostActsOnce(t *testing.T) {
	binDir := binaries(t)
	dir := t.TempDir()
	_, natsURL := startNATS(t, dir)
	d := startSeparate(t, binDir, dir, natsURL, faultEnv...)
	org := signIn(t, d.base, adminEmail, adminPassword)
	start := time.Now().Add(72 * time.Hour).UTC().Truncate(time.Minute)

	var mu sync.Mutex
	answered := map[string]int{} // title -> status
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for w := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				title := fmt.Sprintf("Inloopspreekuur %d-%d", w, i)
				body, _ := json.Marshal(map[string]any{"title": title, "location": "Stadswinkel", "capacity": 10,
					"startsAt": start.Format(time.RFC3339), "endsAt": start.Add(time.Hour).Format(time.RFC3339)})
				req, _ := http.NewRequest("POST", d.base+"/api/v1/events", bytes.NewReader(body))
				req.Header.Set("Content-Type", "application/json")
				req.Header.Set("Authorization", "Bearer "+org.token)
				req.Header.Set("Idempotency-Key", "create-"+title)
				status := 0
				if resp, err := org.http.Do(req); err == nil {
					_, _ = io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
					status = resp.StatusCode
				}
				mu.Lock()
				answered[title] = status
				mu.Unlock()
			}
		}()
	}
	time.Sleep(time.Second)
	for range 3 {
		d.procs["events"].kill()
		time.Sleep(500 * time.Millisecond)
		d.procs["events"].restart()
		waitTCP(t, d.addrs["events"])
		time.Sleep(500 * time.Millisecond)
	}
	close(stop)
	wg.Wait()

	stored := map[string]int{}
	for token := ""; ; {
		page := org.must(http.StatusOK, "GET", "/api/v1/events?status=draft&pageSize=200&pageToken="+token, nil)
		for _, it := range page["items"].([]any) {
			stored[it.(map[string]any)["title"].(string)]++
		}
		next, _ := page["nextPageToken"].(string)
		if next == "" {
			break
		}
		token = next
	}
	twice := 0
	for title, status := range answered {
		switch n := stored[title]; {
		case n > 1:
			twice++
			t.Errorf("event %q stored %d times by one POST with an Idempotency-Key (answered %d)", title, n, status)
		case status == http.StatusCreated && n != 1:
			t.Errorf("event %q answered 201 but is not stored", title)
		}
	}
	t.Logf("fault figures (kill -9 of events 3 times for 0.5 s): %d keyed POSTs, %d events stored, %d stored twice", len(answered), len(stored), twice)
}
