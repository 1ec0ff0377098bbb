package plein_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"plein.dev/platform/config"
	"plein.dev/platform/sqlite"
	"plein.dev/platform/testkit"
	"plein.dev/plein"
)

// TestRestoreDrill backs plein up while registrations pour in, goes on
// registering, stops, restores the backup into a fresh data directory and
// starts again on the same NATS server (kept, as a cluster would be).
// Every registration acknowledged before the backup began is there and
// opens with its manage token; every one sent after it ended is not (the
// recovery point of each database is its copy); the events
// service's seat counts are those of the restored registrations, and
// follow the registrations made after the restart.
func TestRestoreDrill(t *testing.T) {
	ctx := context.Background()
	natsURL := testkit.NATS(t).ClientURL()
	live := t.TempDir()
	first := runPlein(t, live, natsURL)
	org := signIn(t, first.base, adminEmail, adminPassword)
	events := openEvents(t, org, 2, 1000)

	load := startRegistering(first.base, events)
	load.waitFor(t, 10, time.Time{})
	backupDir := filepath.Join(t.TempDir(), "backup")
	began := time.Now()
	copied, err := plein.Backup(ctx, live, backupDir)
	ended := time.Now()
	if err != nil {
		t.Fatal(err)
	}
	var size int64
	for _, c := range copied {
		size += c.Size
	}
	load.waitFor(t, 10, ended)
	acks := load.stop()
	first.stop(t)

	restored := filepath.Join(t.TempDir(), "data")
	if _, err := plein.Restore(ctx, backupDir, restored); err != nil {
		t.Fatal(err)
	}
	second := runPlein(t, restored, natsURL)
	org = signIn(t, second.base, adminEmail, adminPassword)
	anon := &client{t: t, base: second.base, http: &http.Client{Timeout: 10 * time.Second}}

	var before, during, after, kept int
	for _, a := range acks {
		resp := manage(t, anon, a)
		switch {
		case a.acked.Before(began):
			before++
			if resp != http.StatusOK {
				t.Errorf("registration %s acknowledged before the backup: GET with its token answers %d", a.id, resp)
			}
		case a.sent.After(ended):
			after++
			if resp != http.StatusNotFound {
				t.Errorf("registration %s sent after the backup: GET with its token answers %d, want 404", a.id, resp)
			}
		default:
			during++
		}
		if resp == http.StatusOK {
			kept++
		}
	}
	if before < 5 || after < 5 {
		t.Fatalf("%d registrations acknowledged before the backup and %d after: too few to tell", before, after)
	}

	// The events service's seat counts are those of the restored
	// registrations: what registrations published after the backup went
	// with its database; what events had not yet applied at the backup is
	// applied again from the stream.
	confirmed := func(ev string) int {
		n := 0
		for _, r := range listRegistrations(t, org, ev) {
			if r.status == "confirmed" {
				n++
			}
		}
		return n
	}
	seatsMatch := func(what string) {
		t.Helper()
		want := map[string]int{}
		for _, ev := range events {
			want[ev] = confirmed(ev)
		}
		var shown map[string]any
		eventually(t, 10*time.Second, what, func() bool {
			shown = map[string]any{}
			for _, ev := range events {
				shown[ev] = anon.must(http.StatusOK, "GET", "/api/v1/events/"+ev, nil)["seatsTaken"]
				if shown[ev] != float64(want[ev]) {
					return false
				}
			}
			return true
		})
		t.Logf("%s: confirmed %v, shown %v", what, want, shown)
	}
	seatsMatch("seats taken after the restore")
	// And they go on from there.
	more := startRegistering(second.base, events)
	more.waitFor(t, 5, time.Time{})
	more.stop()
	seatsMatch("seats taken after registering again")

	t.Logf("restore drill: %d registrations acknowledged (%d before the backup began, %d around its %s, %d sent after it); %d kept; backup %d bytes in %d files",
		len(acks), before, during, ended.Sub(began).Round(time.Millisecond), after, kept, size, len(copied))
}

// ack is a registration answered 201, when it was sent and when the
// answer came.
type ack struct {
	event, email, id, token string
	sent, acked             time.Time
}

// registering sends registrations one after the other from eight clients
// until stopped.
type registering struct {
	stopping chan struct{}
	wg       sync.WaitGroup
	mu       sync.Mutex
	acks     []ack
}

func startRegistering(base string, events []string) *registering {
	r := &registering{stopping: make(chan struct{})}
	hc := &http.Client{Timeout: 10 * time.Second}
	for w := range 8 {
		r.wg.Add(1)
		go func() {
			defer r.wg.Done()
			for i := 0; ; i++ {
				select {
				case <-r.stopping:
					return
				default:
				}
				a := ack{event: events[i%len(events)], sent: time.Now(), email: fmt.Sprintf("drill%d-%d-%05d@example.nl", time.Now().UnixNano()%1000, w, i)}
				body, _ := json.Marshal(map[string]any{"name": "Deelnemer", "email": a.email, "consent": true})
				resp, err := hc.Post(base+"/api/v1/events/"+a.event+"/registrations", "application/json", bytes.NewReader(body))
				if err != nil {
					continue
				}
				raw, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				if resp.StatusCode != http.StatusCreated {
					continue
				}
				var got struct{ ID, ManageToken string }
				if json.Unmarshal(raw, &got) != nil {
					continue
				}
				a.id, a.token, a.acked = got.ID, got.ManageToken, time.Now()
				r.mu.Lock()
				r.acks = append(r.acks, a)
				r.mu.Unlock()
			}
		}()
	}
	return r
}

// waitFor waits, up to 20 s, until n registrations sent after since have
// been acknowledged.
func (r *registering) waitFor(t *testing.T, n int, since time.Time) {
	t.Helper()
	eventually(t, 20*time.Second, fmt.Sprintf("%d registrations acknowledged", n), func() bool {
		r.mu.Lock()
		defer r.mu.Unlock()
		got := 0
		for _, a := range r.acks {
			if a.sent.After(since) {
				got++
			}
		}
		return got >= n
	})
}

func (r *registering) stop() []ack {
	close(r.stopping)
	r.wg.Wait()
	return r.acks
}

// manage reads a registration with its manage token and returns the status.
func manage(t *testing.T, anon *client, a ack) int {
	t.Helper()
	req, _ := http.NewRequest("GET", anon.base+"/api/v1/registrations/"+a.id, nil)
	req.Header.Set("X-Manage-Token", a.token)
	resp, err := anon.http.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var r struct{ Email string }
	if resp.StatusCode == http.StatusOK {
		if err := json.NewDecoder(resp.Body).Decode(&r); err != nil || r.Email != a.email {
			t.Errorf("registration %s opens as %+v (%v), want %s", a.id, r, err, a.email)
		}
	}
	return resp.StatusCode
}

// runningPlein is the all-in-one run in-process by runPlein.
type runningPlein struct {
	base string
	stop func(t *testing.T)
}

// runPlein runs the all-in-one in-process on dataDir against the NATS
// server at natsURL, until stop (or the end of the test).
func runPlein(t *testing.T, dataDir, natsURL string) runningPlein {
	t.Helper()
	var cfg plein.Config
	f := config.New("plein", io.Discard)
	cfg.Common.Register(f)
	cfg.Register(f)
	if err := f.Parse([]string{
		"-data-dir", dataDir, "-nats-url", natsURL, "-log-level", "warn", "-registration-rate", "0",
		"-events-addr", "127.0.0.1:0", "-registrations-addr", "127.0.0.1:0",
		"-ambassadors-addr", "127.0.0.1:0", "-notifications-addr", "127.0.0.1:0", "-http-addr", "127.0.0.1:0",
		"-bootstrap-admin-email", adminEmail, "-bootstrap-admin-password", adminPassword,
	}, func(string) (string, bool) { return "", false }); err != nil {
		t.Fatal(err)
	}
	addr := make(chan net.Addr, 1)
	cfg.GatewayListening = func(a net.Addr) { addr <- a }
	ctx, cancel := context.WithCancel(context.Background())
	var runErr error
	stopped := make(chan struct{})
	go func() {
		defer close(stopped)
		runErr = plein.Run(ctx, cfg, testkit.Logger(t))
	}()
	var once sync.Once
	stop := func(t *testing.T) {
		once.Do(func() {
			cancel()
			select {
			case <-stopped:
				if runErr != nil {
					t.Errorf("plein stopped with an error: %v", runErr)
				}
			case <-time.After(30 * time.Second):
				t.Error("plein did not stop within 30 s")
			}
		})
	}
	t.Cleanup(func() { stop(t) })
	select {
	case a := <-addr:
		return runningPlein{base: "http://" + a.String(), stop: stop}
	case <-stopped:
		t.Fatalf("plein did not start: %v", runErr)
	case <-time.After(30 * time.Second):
		t.Fatal("plein did not start within 30 s")
	}
	return runningPlein{}
}

// TestRestoreRefuses: a data directory holding anything but the NATS
// store, and a backup with a damaged database, are refused before any
// file is copied.
func TestRestoreRefuses(t *testing.T) {
	ctx := context.Background()
	data := t.TempDir()
	db, err := sqlite.Open(ctx, filepath.Join(data, "events.db"), nil, testkit.Logger(t))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.W.Exec(`CREATE TABLE t (b BLOB); WITH RECURSIVE k(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM k WHERE i < 999)
		INSERT INTO t SELECT randomblob(1000) FROM k`); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(data, "seal.key"), []byte("k1:c2VjcmV0\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	from := filepath.Join(t.TempDir(), "backup")
	copied, err := plein.Backup(ctx, data, from)
	if err != nil || len(copied) != 2 {
		t.Fatalf("Backup = %+v, %v", copied, err)
	}
	if _, err := plein.Backup(ctx, data, from); err == nil {
		t.Error("backed up into a directory holding a backup")
	}

	busy := t.TempDir()
	if err := os.WriteFile(filepath.Join(busy, "registrations.db"), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := plein.Restore(ctx, from, busy); err == nil || !strings.Contains(err.Error(), "must be empty") {
		t.Errorf("restore into a directory holding a database: %v", err)
	}
	keptNATS := t.TempDir()
	if err := os.Mkdir(filepath.Join(keptNATS, "nats"), 0o700); err != nil {
		t.Fatal(err)
	}
	if _, err := plein.Restore(ctx, from, keptNATS); err != nil {
		t.Errorf("restore beside a kept NATS store: %v", err)
	}
	if b, err := os.ReadFile(filepath.Join(keptNATS, "seal.key")); err != nil || string(b) != "k1:c2VjcmV0\n" {
		t.Errorf("seal key restored as %q (%v)", b, err)
	}

	// Damage the copy: the restore refuses it and copies nothing.
	f, err := os.OpenFile(filepath.Join(from, "events.db"), os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteAt(bytes.Repeat([]byte{0xa5}, 8192), 200_000); err != nil {
		t.Fatal(err)
	}
	_ = f.Close()
	fresh := filepath.Join(t.TempDir(), "data")
	if _, err := plein.Restore(ctx, from, fresh); err == nil || !strings.Contains(err.Error(), "events.db") {
		t.Errorf("restore of a damaged database: %v", err)
	}
	if entries, _ := os.ReadDir(fresh); len(entries) != 0 {
		t.Errorf("a refused restore left %d files", len(entries))
	}
}
