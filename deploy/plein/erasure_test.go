package plein_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"plein.dev/platform/config"
	"plein.dev/platform/messaging"
	"plein.dev/platform/testkit"
	"plein.dev/plein"
)

// The person the erasure tests register, with a name and an address
// found nowhere else, and the answer and organisation they give.
const (
	erasedName   = "Wilhelmina Zeldenrust-Quaak"
	erasedEmail  = "w.zeldenrust-quaak@voorbeeld.nl"
	erasedOrg    = "Quaak Kaasmakerij"
	erasedAnswer = "notenallergie-quaak"
)

// privacyRun is the all-in-one with its NATS server started by the test
// (so that the test can listen on every subject), its JetStream store,
// databases, mail and log all under one data directory.
type privacyRun struct {
	base, dataDir string
	nc            *nats.Conn
}

func startPrivacyRun(t *testing.T) privacyRun {
	t.Helper()
	dataDir := t.TempDir()
	srv, err := messaging.StartEmbedded(messaging.EmbeddedOptions{StoreDir: filepath.Join(dataDir, "nats"), Port: -1},
		testkit.Logger(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Shutdown(); srv.WaitForShutdown() })
	nc, err := nats.Connect(srv.ClientURL())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(nc.Close)

	// Every log line of the run, at debug, into a file of the data
	// directory (and to the test's log).
	logFile, err := os.Create(filepath.Join(dataDir, "plein.log"))
	if err != nil {
		t.Fatal(err)
	}
	var logMu sync.Mutex
	logOut := lockedWriter{mu: &logMu, w: logFile}
	log := slog.New(slog.NewJSONHandler(logOut, &slog.HandlerOptions{Level: slog.LevelDebug}))

	var cfg plein.Config
	f := config.New("plein", io.Discard)
	cfg.Common.Register(f)
	cfg.Register(f)
	args := []string{
		"-data-dir", dataDir, "-nats-url", srv.ClientURL(),
		"-events-addr", "127.0.0.1:0", "-registrations-addr", "127.0.0.1:0", "-ambassadors-addr", "127.0.0.1:0",
		"-notifications-addr", "127.0.0.1:0", "-http-addr", "127.0.0.1:0",
		"-bootstrap-admin-email", adminEmail, "-bootstrap-admin-password", adminPassword,
	}
	if err := f.Parse(args, func(string) (string, bool) { return "", false }); err != nil {
		t.Fatal(err)
	}
	addr := make(chan net.Addr, 1)
	cfg.GatewayListening = func(a net.Addr) { addr <- a }
	ctx, cancel := context.WithCancel(context.Background())
	stopped := make(chan error, 1)
	go func() { stopped <- plein.Run(ctx, cfg, log) }()
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-stopped:
			if err != nil {
				t.Errorf("plein stopped with an error: %v", err)
			}
		case <-time.After(30 * time.Second):
			t.Error("plein did not stop within 30 s")
		}
		logMu.Lock()
		logFile.Close()
		logMu.Unlock()
		if t.Failed() {
			// The run's warnings and errors, to see why.
			b, _ := os.ReadFile(logFile.Name())
			for line := range strings.Lines(string(b)) {
				if strings.Contains(line, `"level":"WARN"`) || strings.Contains(line, `"level":"ERROR"`) {
					t.Log(strings.TrimSpace(line))
				}
			}
		}
	})
	select {
	case a := <-addr:
		return privacyRun{base: "http://" + a.String(), dataDir: dataDir, nc: nc}
	case err := <-stopped:
		t.Fatalf("plein did not start: %v", err)
	case <-time.After(30 * time.Second):
		t.Fatal("plein did not start within 30 s")
	}
	return privacyRun{}
}

type lockedWriter struct {
	mu *sync.Mutex
	w  io.Writer
}

func (l lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

// registerEverywhere publishes three events with a question each and
// registers the person for all three, with an answer and organisation;
// it returns the events' ids.
func registerEverywhere(t *testing.T, r privacyRun, org, anon *client) []string {
	t.Helper()
	start := time.Now().Add(72 * time.Hour).UTC().Truncate(time.Hour)
	var ids []string
	for i, title := range []string{"Ontbijtsessie", "Kennistafel", "Werkbezoek"} {
		at := start.Add(time.Duration(i) * 24 * time.Hour)
		ev := org.must(http.StatusCreated, "POST", "/api/v1/events", map[string]any{
			"title": title, "location": "Ondernemersplein, Rotterdam", "capacity": 10,
			"startsAt": at.Format(time.RFC3339), "endsAt": at.Add(2 * time.Hour).Format(time.RFC3339)})
		id := ev["id"].(string)
		org.must(http.StatusOK, "POST", "/api/v1/events/"+id+"/publish", map[string]any{})
		eventually(t, 5*time.Second, "questions settable", func() bool {
			return org.do("PUT", "/api/v1/events/"+id+"/questions", map[string]any{"questions": []any{
				map[string]any{"id": "dieet", "kind": "text", "label": "Dieetwensen"},
			}}).Status == http.StatusOK
		})
		eventually(t, 5*time.Second, "registration open", func() bool {
			return anon.do("POST", "/api/v1/events/"+id+"/registrations", map[string]any{
				"name": erasedName, "email": erasedEmail, "organisation": erasedOrg, "consent": true,
				"answers": []any{map[string]any{"questionId": "dieet", "values": []string{erasedAnswer}}},
			}).Status == http.StatusCreated
		})
		ids = append(ids, id)
	}
	eventually(t, 5*time.Second, "three confirmations written", func() bool {
		return len(readMails(t, r.dataDir)) == 3
	})
	return ids
}

// The person's data, as bytes, in the ways it could be stored.
func personalPhrases() [][]byte {
	return [][]byte{[]byte(erasedEmail), []byte(erasedName), []byte(erasedOrg), []byte(erasedAnswer)}
}

// Issue 15: after DELETE /api/v1/people?email= the erasure completes within
// 10 s, and the person's address, name, organisation and answer are in no
// file under the data directory: no SQLite database, WAL or journal, no
// JetStream block, no mail file, not the run's log.
func TestErasureLeavesNoBytesOnDisk(t *testing.T) {
	r := startPrivacyRun(t)
	org := signIn(t, r.base, adminEmail, adminPassword)
	anon := &client{t: t, base: r.base, http: &http.Client{Timeout: 30 * time.Second}}
	registerEverywhere(t, r, org, anon)
	// Before: the mail holds the person (the search below finds them).
	if found := filesHolding(t, r.dataDir, personalPhrases()); len(found) == 0 {
		t.Fatal("the person is in no file before the erasure: the search finds nothing")
	}

	asked := time.Now()
	er := org.must(http.StatusAccepted, "DELETE", "/api/v1/people?email="+erasedEmail, nil)
	id, _ := er["erasureId"].(string)
	if id == "" {
		t.Fatalf("erasure answer %v", er)
	}
	var st map[string]any
	eventually(t, 10*time.Second, "the erasure completed", func() bool {
		st = org.must(http.StatusOK, "GET", "/api/v1/erasures/"+id, nil)
		return st["status"] == "completed"
	})
	t.Logf("erasure completed %v after the request: %v", time.Since(asked).Round(time.Millisecond), st["services"])
	erased := map[string]float64{}
	for _, s := range st["services"].([]any) {
		s := s.(map[string]any)
		if s["completedAt"] == nil {
			t.Errorf("service %v has not answered: %v", s["service"], st)
		}
		erased[s["service"].(string)] = s["erased"].(float64)
	}
	if erased["registrations"] != 3 || erased["notifications"] < 3 || len(erased) != 5 { // the gateway and four services (events: contacts)
		t.Errorf("erased per service %v, want the 3 registrations and their 3 e-mails", erased)
	}

	// The request, its address sealed, has left the accounts stream.
	js, err := jetstream.New(r.nc)
	if err != nil {
		t.Fatal(err)
	}
	accounts, err := js.Stream(context.Background(), "PLEIN_ACCOUNTS")
	if err != nil {
		t.Fatal(err)
	}
	if m, err := accounts.GetLastMsgForSubject(context.Background(), "plein.accounts.erasure.requested"); !errors.Is(err, jetstream.ErrMsgNotFound) {
		t.Errorf("the erasure request is still on the stream: %v, %v", m, err)
	}
	if found := filesHolding(t, r.dataDir, personalPhrases()); len(found) > 0 {
		t.Errorf("after the erasure the person is still in:\n%s", strings.Join(found, "\n"))
	}
	if n := len(readMails(t, r.dataDir)); n != 0 {
		t.Errorf("%d mail files left", n)
	}
	if got := org.do("GET", "/api/v1/erasures/0193-none", nil); got.Status != http.StatusNotFound {
		t.Errorf("unknown erasure: %d", got.Status)
	}
	if got := anon.do("DELETE", "/api/v1/people?email="+erasedEmail, nil); got.Status != http.StatusUnauthorized {
		t.Errorf("anonymous erasure: %d", got.Status)
	}
	if got := org.do("DELETE", "/api/v1/people?email="+adminEmail, nil); got.Status != http.StatusUnprocessableEntity {
		t.Errorf("erasing one's own account: %d", got.Status)
	}
}

// filesHolding returns each file under dir holding one of phrases, with
// the phrase (compared without case).
func filesHolding(t *testing.T, dir string, phrases [][]byte) []string {
	t.Helper()
	var found []string
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		lower := bytes.ToLower(b)
		for _, p := range phrases {
			if bytes.Contains(lower, bytes.ToLower(p)) {
				rel, _ := filepath.Rel(dir, path)
				found = append(found, rel+": "+string(p))
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return found
}

// Issue 15: no message on the bus carries the person's data in clear — a
// subscriber to every subject sees the registrations, their mail being
// written and the erasure, and finds the address, name, organisation or
// answer in no payload or header.
func TestBusCarriesNoPersonalDataInClear(t *testing.T) {
	r := startPrivacyRun(t)
	var mu sync.Mutex
	var seen, leaks []string
	// An ambassador's address too: their name is public profile data,
	// their address is not.
	const ambassadorEmail = "t.quaak-ambassadeur@voorbeeld.nl"
	phrases := append(personalPhrases(), []byte(ambassadorEmail))
	sub, err := r.nc.Subscribe(">", func(m *nats.Msg) {
		raw := bytes.ToLower(append(append([]byte(m.Subject+" "), m.Data...), []byte(strings.ToLower(headerText(m.Header)))...))
		mu.Lock()
		defer mu.Unlock()
		seen = append(seen, m.Subject)
		for _, p := range phrases {
			if bytes.Contains(raw, bytes.ToLower(p)) {
				leaks = append(leaks, m.Subject+": "+string(p))
			}
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	defer sub.Unsubscribe()
	org := signIn(t, r.base, adminEmail, adminPassword)
	anon := &client{t: t, base: r.base, http: &http.Client{Timeout: 30 * time.Second}}
	registerEverywhere(t, r, org, anon)
	// An ambassador appointed, then changed: AmbassadorAppointed and
	// AmbassadorUpdated.
	year := time.Now().Format("2006")
	prog := org.must(http.StatusCreated, "POST", "/api/v1/programmes", map[string]any{"name": "Quaak Ondernemers",
		"municipality": "Rotterdam", "themes": []string{"innovatie"}, "startsOn": year + "-01-01", "endsOn": year + "-12-31"})
	amb := org.must(http.StatusCreated, "POST", "/api/v1/programmes/"+prog["id"].(string)+"/ambassadors", map[string]any{
		"name": "Teun Quaak", "email": ambassadorEmail, "appointedOn": year + "-01-01", "termEndsOn": year + "-12-31"})
	org.must(http.StatusOK, "PATCH", "/api/v1/ambassadors/"+amb["id"].(string), map[string]any{"bio": "Kaasmaker"})
	er := org.must(http.StatusAccepted, "DELETE", "/api/v1/people?email="+erasedEmail, nil)
	eventually(t, 10*time.Second, "the erasure completed", func() bool {
		return org.must(http.StatusOK, "GET", "/api/v1/erasures/"+er["erasureId"].(string), nil)["status"] == "completed"
	})
	if err := r.nc.Flush(); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	var confirmed, ambassadors int
	for _, s := range seen {
		switch s {
		case "plein.registrations.registration.confirmed":
			confirmed++
		case "plein.ambassadors.ambassador.appointed", "plein.ambassadors.ambassador.updated":
			ambassadors++
		}
	}
	if ambassadors < 2 {
		t.Fatalf("saw %d ambassador messages of %d messages: the subscriber missed the traffic", ambassadors, len(seen))
	}
	// Each registration's message, and its deliveries to the consumers.
	if confirmed < 3 {
		t.Fatalf("saw %d registration messages of %d messages: the subscriber missed the traffic", confirmed, len(seen))
	}
	if len(leaks) > 0 {
		t.Errorf("personal data in clear on the bus (%d messages seen):\n%s", len(seen), strings.Join(leaks, "\n"))
	}
}

func headerText(h nats.Header) string {
	var b strings.Builder
	for k, vs := range h {
		b.WriteString(k + ": " + strings.Join(vs, ",") + "\n")
	}
	return b.String()
}
