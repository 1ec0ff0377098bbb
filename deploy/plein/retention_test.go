package plein_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"plein.dev/platform/config"
	"plein.dev/plein"
)

// The people of the retention journey, with names and addresses found
// nowhere else.
const (
	keptName    = "Femke Bewaartermijn-Olthof"
	keptEmail   = "femke.olthof@bewaartermijn.example"
	keptOrg     = "Olthof Glasblazerij"
	keptAnswer  = "glutenvrij-olthof"
	cancelName  = "Kees Afmelder-Brouwer"
	cancelEmail = "kees.brouwer@bewaartermijn.example"
	ambName     = "Anouk Portaal-Vermeulen"
	ambEmail    = "anouk.vermeulen@bewaartermijn.example"
)

// logBuffer collects every log line of a run, at debug level.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}

// runIn runs the all-in-one on dataDir (embedded NATS, its store under
// dataDir too), logging at debug into logs, and returns its base URL and a
// function that stops it and waits.
func runIn(t *testing.T, dataDir string, logs io.Writer, extra ...string) (string, func()) {
	t.Helper()
	var cfg plein.Config
	f := config.New("plein", io.Discard)
	cfg.Common.Register(f)
	cfg.Register(f)
	args := append([]string{
		"-data-dir", dataDir,
		"-events-addr", "127.0.0.1:0", "-registrations-addr", "127.0.0.1:0", "-ambassadors-addr", "127.0.0.1:0",
		"-notifications-addr", "127.0.0.1:0", "-http-addr", "127.0.0.1:0",
		"-bootstrap-admin-email", adminEmail, "-bootstrap-admin-password", adminPassword,
	}, extra...)
	if err := f.Parse(args, func(string) (string, bool) { return "", false }); err != nil {
		t.Fatal(err)
	}
	addr := make(chan net.Addr, 1)
	cfg.GatewayListening = func(a net.Addr) { addr <- a }
	log := slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	ctx, cancel := context.WithCancel(context.Background())
	stopped := make(chan error, 1)
	go func() { stopped <- plein.Run(ctx, cfg, log) }()
	var once sync.Once
	stop := func() {
		once.Do(func() {
			cancel()
			select {
			case err := <-stopped:
				if err != nil {
					t.Errorf("plein stopped with an error: %v", err)
				}
			case <-time.After(30 * time.Second):
				t.Error("plein did not stop within 30 s")
			}
		})
	}
	t.Cleanup(stop)
	select {
	case a := <-addr:
		return "http://" + a.String(), stop
	case err := <-stopped:
		t.Fatalf("plein did not start: %v", err)
	case <-time.After(30 * time.Second):
		t.Fatal("plein did not start within 30 s")
	}
	return "", stop
}

// Issue 15, parts 3 to 5, end to end. A representative journey — an
// ambassador appointed, given an account, signing in and logging an
// activity; an attendee registering with organisation and answers; another
// registering and cancelling; the e-mails written; both exported — logged
// at debug level, leaves none of their addresses or names in the log. The
// event then lies in the past; a restart with PLEIN_RETENTION_DAYS=0 runs
// the retention sweep, after which the attendees' addresses, names,
// organisation and answer are in no file under the data directory, while
// the event's attendance counts stay as they were.
func TestRetentionJourney(t *testing.T) {
	dataDir := t.TempDir()
	var logs logBuffer
	base, stop := runIn(t, dataDir, &logs)
	org := signIn(t, base, adminEmail, adminPassword)
	anon := &client{t: t, base: base, http: &http.Client{Timeout: 30 * time.Second}}

	// The ambassador: appointed, an account, signed in, an activity.
	year := time.Now().Format("2006")
	p := org.must(http.StatusCreated, "POST", "/api/v1/programmes", map[string]any{
		"name": "Smart Industry", "municipality": "Rotterdam", "themes": []string{"innovatie"},
		"startsOn": year + "-01-01", "endsOn": year + "-12-31"})
	amb := org.must(http.StatusCreated, "POST", "/api/v1/programmes/"+p["id"].(string)+"/ambassadors", map[string]any{
		"name": ambName, "email": ambEmail, "organisation": "Vermeulen Robotica",
		"appointedOn": year + "-01-01", "termEndsOn": year + "-12-31"})
	ambID := amb["id"].(string)
	const ambPassword = "a long enough password for anouk"
	org.must(http.StatusCreated, "POST", "/api/v1/users", map[string]any{"email": ambEmail, "name": ambName,
		"password": ambPassword, "roles": []string{"ambassador"}, "ambassadorId": ambID})
	wrong := anon.do("POST", "/api/v1/sessions", map[string]any{"email": ambEmail, "password": "not her password at all"})
	if wrong.Status != http.StatusUnauthorized {
		t.Fatalf("a wrong password: %d", wrong.Status)
	}
	portal := signIn(t, base, ambEmail, ambPassword)
	portal.must(http.StatusCreated, "POST", "/api/v1/ambassadors/"+ambID+"/activities", map[string]any{
		"kind": "company-visit", "occurredOn": time.Now().Format(time.DateOnly), "durationMinutes": 60,
		"summary": "Bedrijfsbezoek", "entrepreneursReached": 2, "themes": []string{"innovatie"}})

	// She proposes an event (organisers get a mail naming her).
	proposed := time.Now().Add(30 * 24 * time.Hour).UTC().Truncate(time.Hour)
	portal.must(http.StatusCreated, "POST", "/api/v1/event-proposals", map[string]any{"title": "Robotica op de werkvloer",
		"location": "Vermeulen Robotica", "capacity": 20, "startsAt": proposed.Format(time.RFC3339),
		"endsAt": proposed.Add(time.Hour).Format(time.RFC3339)})

	// The event, with a question; Femke registers, Kees registers and
	// cancels with his manage token.
	start := time.Now().Add(72 * time.Hour).UTC().Truncate(time.Minute)
	ev := org.must(http.StatusCreated, "POST", "/api/v1/events", map[string]any{
		"title": "Ontbijtsessie", "location": "Ondernemersplein, Rotterdam", "capacity": 10,
		"startsAt": start.Format(time.RFC3339), "endsAt": start.Add(2 * time.Hour).Format(time.RFC3339)})
	id := ev["id"].(string)
	org.must(http.StatusOK, "POST", "/api/v1/events/"+id+"/publish", map[string]any{})
	eventually(t, 5*time.Second, "questions settable", func() bool {
		return org.do("PUT", "/api/v1/events/"+id+"/questions", map[string]any{"questions": []any{
			map[string]any{"id": "dieet", "kind": "text", "label": "Dieetwensen"}}}).Status == http.StatusOK
	})
	register := func(name, email string, more map[string]any) map[string]any {
		body := map[string]any{"name": name, "email": email, "consent": true}
		for k, v := range more {
			body[k] = v
		}
		var reg map[string]any
		eventually(t, 5*time.Second, "registration open", func() bool {
			r := anon.do("POST", "/api/v1/events/"+id+"/registrations", body)
			if r.Status == http.StatusCreated {
				reg = r.json(t)
			}
			return r.Status == http.StatusCreated
		})
		return reg
	}
	register(keptName, keptEmail, map[string]any{"organisation": keptOrg,
		"answers": []any{map[string]any{"questionId": "dieet", "values": []string{keptAnswer}}}})
	kees := register(cancelName, cancelEmail, nil)
	if again := anon.do("POST", "/api/v1/events/"+id+"/registrations", map[string]any{"name": keptName,
		"email": keptEmail, "consent": true}); again.Status != http.StatusConflict {
		t.Errorf("registering twice: %d", again.Status)
	}
	anon.must(http.StatusNoContent, "DELETE", "/api/v1/registrations/"+kees["id"].(string)+"?token="+kees["manageToken"].(string), nil)
	eventually(t, 10*time.Second, "the confirmations and the cancellation written", func() bool {
		return attendeeMails(t, dataDir) == 3
	})

	// The export holds what was registered, from every service.
	femke := org.must(http.StatusOK, "GET", "/api/v1/people/export?email="+strings.ToUpper(keptEmail), nil)
	if regs := femke["registrations"].([]any); len(regs) != 1 || regs[0].(map[string]any)["organisation"] != keptOrg ||
		!strings.Contains(mustJSON(t, regs[0]), keptAnswer) {
		t.Errorf("Femke's registrations in the export: %v", femke["registrations"])
	}
	if emails := femke["emails"].([]any); len(emails) != 1 || emails[0].(map[string]any)["kind"] != "registration-confirmed" {
		t.Errorf("Femke's e-mails in the export: %v", femke["emails"])
	}
	if femke["account"] != nil || len(femke["ambassadors"].([]any)) != 0 {
		t.Errorf("Femke has an account or an ambassador: %v", femke)
	}
	anouk := org.must(http.StatusOK, "GET", "/api/v1/people/export?email="+ambEmail, nil)
	if acc, _ := anouk["account"].(map[string]any); acc["ambassadorId"] != ambID {
		t.Errorf("Anouk's account in the export: %v", anouk["account"])
	}
	if ambs := anouk["ambassadors"].([]any); len(ambs) != 1 || ambs[0].(map[string]any)["email"] != ambEmail {
		t.Errorf("Anouk's ambassadors in the export: %v", anouk["ambassadors"])
	}
	if acts := anouk["activities"].([]any); len(acts) != 1 {
		t.Errorf("Anouk's activities in the export: %v", anouk["activities"])
	}
	if got := portal.do("GET", "/api/v1/people/export?email="+ambEmail, nil); got.Status != http.StatusForbidden {
		t.Errorf("an ambassador's export of themself: %d, want 403 (administrators only)", got.Status)
	}
	if got := org.do("GET", "/api/v1/privacy/register", nil); got.Status != http.StatusOK ||
		!strings.Contains(string(got.Body), `"column":"answers"`) {
		t.Errorf("processing register: %d %.200s", got.Status, got.Body)
	}

	// The event moves into the past and is completed: with a retention of
	// 0 days its attendees' data goes at the next sweep.
	past := time.Now().Add(-3 * time.Hour).UTC().Truncate(time.Minute)
	org.must(http.StatusOK, "PATCH", "/api/v1/events/"+id, map[string]any{
		"startsAt": past.Format(time.RFC3339), "endsAt": past.Add(time.Hour).Format(time.RFC3339)})
	org.must(http.StatusOK, "POST", "/api/v1/events/"+id+"/complete", map[string]any{})
	var attendance map[string]any
	eventually(t, 10*time.Second, "the registrations service knows the event is over", func() bool {
		attendance = org.must(http.StatusOK, "GET", "/api/v1/events/"+id+"/attendance", nil)
		return attendance["eventStatus"] == "completed"
	})
	eventually(t, 10*time.Second, "the notifications service knows the event moved", func() bool {
		return attendeeMails(t, dataDir) == 4 // Femke's mail about the change
	})
	stop()

	// Nothing of the people in the log, at any level.
	leaks := func(text string) []string {
		var found []string
		for _, p := range []string{keptEmail, keptName, keptOrg, keptAnswer, cancelEmail, cancelName, ambEmail, ambName} {
			if strings.Contains(strings.ToLower(text), strings.ToLower(p)) {
				found = append(found, p)
			}
		}
		return found
	}
	t.Logf("the journey logged %d lines", strings.Count(logs.String(), "\n"))
	if found := leaks(logs.String()); len(found) > 0 {
		t.Errorf("personal data in the log (%d bytes at debug level): %v", len(logs.String()), found)
	}
	before := filesHolding(t, dataDir, attendeePhrases())
	if len(before) == 0 {
		t.Fatal("the attendees are in no file before the sweep: the search finds nothing")
	}

	// The sweep at start, with PLEIN_RETENTION_DAYS=0.
	var logs2 logBuffer
	base, stop = runIn(t, dataDir, &logs2, "-retention-days", "0")
	org = signIn(t, base, adminEmail, adminPassword)
	t.Cleanup(func() {
		if t.Failed() {
			for line := range strings.Lines(logs2.String()) {
				if strings.Contains(line, "retention") || strings.Contains(line, "level=WARN") || strings.Contains(line, "level=ERROR") {
					t.Log(strings.TrimSpace(line))
				}
			}
		}
	})
	eventually(t, 10*time.Second, "the attendees' mail files deleted", func() bool {
		return attendeeMails(t, dataDir) == 0
	})
	eventually(t, 10*time.Second, "the attendees' data anonymised", func() bool {
		ex := org.must(http.StatusOK, "GET", "/api/v1/people/export?email="+keptEmail, nil)
		return len(ex["registrations"].([]any)) == 0 && len(ex["emails"].([]any)) == 0
	})
	if after := org.must(http.StatusOK, "GET", "/api/v1/events/"+id+"/attendance", nil); mustJSON(t, after) != mustJSON(t, attendance) {
		t.Errorf("attendance after the sweep %v, before %v", after, attendance)
	}
	// The ambassador is no attendee: kept.
	if ambs := org.must(http.StatusOK, "GET", "/api/v1/people/export?email="+ambEmail, nil)["ambassadors"].([]any); len(ambs) != 1 {
		t.Errorf("the ambassador went with the attendees: %v", ambs)
	}
	stop()
	if !strings.Contains(logs2.String(), "retention sweep") {
		t.Error("no retention sweep logged")
	}
	if found := leaks(logs2.String()); len(found) > 0 {
		t.Errorf("personal data in the log of the sweep: %v", found)
	}
	if found := filesHolding(t, dataDir, attendeePhrases()); len(found) > 0 {
		t.Errorf("after the sweep the attendees are still in:\n%s", strings.Join(found, "\n"))
	}
}

// attendeeMails counts the mail files to the attendees (the ambassador
// and the organisers get theirs too: the term ends this year).
func attendeeMails(t *testing.T, dataDir string) int {
	t.Helper()
	n := 0
	for _, m := range readMails(t, dataDir) {
		to := m.Header.Get("To")
		if strings.Contains(to, keptEmail) || strings.Contains(to, cancelEmail) {
			n++
		}
	}
	return n
}

// attendeePhrases are the attendees' data, as bytes.
func attendeePhrases() [][]byte {
	var out [][]byte
	for _, p := range []string{keptEmail, keptName, keptOrg, keptAnswer, cancelEmail, cancelName} {
		out = append(out, []byte(p))
	}
	return out
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
