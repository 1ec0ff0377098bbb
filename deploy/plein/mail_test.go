package plein_test

import (
	"bytes"
	"io/fs"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	goical "github.com/emersion/go-ical"
)

// manageLink finds the manage link in a mail's text.
var manageLink = regexp.MustCompile(`https?://\S+/aanmelding/([^/?\s]+)\?token=(\S+)`)

// TestMailLinkOpensTheRegistration is the "done when": a
// registration produces, within 2 s, a mail whose link opens the
// registration and whose calendar file parses; moving the event mails an
// update with the same UID and a higher SEQUENCE. The manage token is
// written in clear nowhere but in the mail.
func TestMailLinkOpensTheRegistration(t *testing.T) {
	dataDir := t.TempDir()
	base := startPlein(t, "-data-dir", dataDir)
	org := signIn(t, base, adminEmail, adminPassword)
	anon := &client{t: t, base: base, http: &http.Client{Timeout: 30 * time.Second}}
	start := time.Now().Add(96 * time.Hour).UTC().Truncate(time.Hour)
	ev := org.must(http.StatusCreated, "POST", "/api/v1/events", map[string]any{
		"title": "Ondernemerscafé", "location": "KvK Ondernemersplein, Rotterdam", "capacity": 10,
		"startsAt": start.Format(time.RFC3339), "endsAt": start.Add(2 * time.Hour).Format(time.RFC3339)})
	id := ev["id"].(string)
	org.must(http.StatusOK, "POST", "/api/v1/events/"+id+"/publish", map[string]any{})

	var reg map[string]any
	eventually(t, 5*time.Second, "registration open", func() bool {
		r := anon.do("POST", "/api/v1/events/"+id+"/registrations",
			map[string]any{"name": "Anna de Wit", "email": "anna@example.nl", "consent": true, "language": "en"})
		if r.Status == http.StatusCreated {
			reg = r.json(t)
		}
		return reg != nil
	})
	registered := time.Now()
	var mails []sentMail
	eventually(t, 2*time.Second, "the confirmation within 2 s", func() bool {
		mails = readMails(t, dataDir)
		return len(mails) == 1
	})
	t.Logf("confirmation written %v after the registration", time.Since(registered).Round(time.Millisecond))
	m := mails[0]
	if m.Subject != "Registration confirmed: Ondernemerscafé" || m.Header.Get("Auto-Submitted") != "auto-generated" ||
		m.Header.Get("Message-Id") == "" || !m.PNG {
		t.Errorf("confirmation: subject %q, headers %v, QR code %v", m.Subject, m.Header, m.PNG)
	}

	// The link opens the registration, through the API and as a page.
	link := manageLink.FindStringSubmatch(m.Text)
	if link == nil {
		t.Fatalf("no manage link in:\n%s", m.Text)
	}
	regID, token := link[1], link[2]
	if regID != reg["id"] || token != url.QueryEscape(reg["manageToken"].(string)) {
		t.Fatalf("link %s names %s with token %s; registered %v", link[0], regID, token, reg)
	}
	got := anon.must(http.StatusOK, "GET", "/api/v1/registrations/"+regID+"?token="+token, nil)
	if got["email"] != "anna@example.nl" || got["language"] != "en" {
		t.Errorf("registration %v", got)
	}
	if r := rawGet(t, anon, "GET", "/aanmelding/"+regID+"?token="+token, nil, false); r.Status != http.StatusOK ||
		!strings.Contains(string(r.Body), "Ondernemerscafé") {
		t.Errorf("manage page: %d", r.Status)
	}

	uid, seq := calendarEntry(t, m, "REQUEST", start)
	if uid != id+"@plein" {
		t.Errorf("UID %q", uid)
	}

	// The event moves a day: an update of the same entry.
	moved := start.Add(24 * time.Hour)
	org.must(http.StatusOK, "PATCH", "/api/v1/events/"+id, map[string]any{
		"startsAt": moved.Format(time.RFC3339), "endsAt": moved.Add(2 * time.Hour).Format(time.RFC3339)})
	eventually(t, 5*time.Second, "the update", func() bool {
		mails = readMails(t, dataDir)
		return len(mails) == 2
	})
	update := mails[1]
	if update.Subject != "New time or place: Ondernemerscafé" || !strings.Contains(update.Text, "Before:") {
		t.Errorf("update %q:\n%s", update.Subject, update.Text)
	}
	uid2, seq2 := calendarEntry(t, update, "REQUEST", moved)
	if uid2 != uid || seq2 <= seq {
		t.Errorf("update UID %q SEQUENCE %d; first %q %d", uid2, seq2, uid, seq)
	}
	if dl := anon.must(http.StatusOK, "GET", "/api/v1/registrations/"+regID+"?token="+token, nil); dl["id"] != regID {
		t.Errorf("after the move %v", dl)
	}

	// The log, for organisers.
	log := org.must(http.StatusOK, "GET", "/api/v1/emails?eventId="+id, nil)
	if items := log["items"].([]any); len(items) != 2 || items[0].(map[string]any)["status"] != "sent" ||
		items[0].(map[string]any)["to"] != "anna@example.nl" {
		t.Errorf("e-mail log %v", log)
	}

	// An event in a room: the mail names room, venue and address.
	venue := org.must(http.StatusCreated, "POST", "/api/v1/venues", map[string]any{"name": "KvK Ondernemersplein",
		"address": "Coolsingel 58", "city": "Rotterdam"})
	room := org.must(http.StatusCreated, "POST", "/api/v1/venues/"+venue["id"].(string)+"/rooms",
		map[string]any{"name": "Zaal 2", "capacity": 40})
	inRoom := org.must(http.StatusCreated, "POST", "/api/v1/events", map[string]any{
		"title": "Smart Industry ontbijt", "roomId": room["id"], "capacity": 10,
		"startsAt": start.Add(48 * time.Hour).Format(time.RFC3339), "endsAt": start.Add(50 * time.Hour).Format(time.RFC3339)})
	org.must(http.StatusOK, "POST", "/api/v1/events/"+inRoom["id"].(string)+"/publish", map[string]any{})
	eventually(t, 5*time.Second, "registration open", func() bool {
		return anon.do("POST", "/api/v1/events/"+inRoom["id"].(string)+"/registrations",
			map[string]any{"name": "Bram", "email": "bram@example.nl", "consent": true}).Status == http.StatusCreated
	})
	eventually(t, 5*time.Second, "the confirmation", func() bool {
		mails = readMails(t, dataDir)
		return len(mails) == 3
	})
	if place := "Waar: Zaal 2, KvK Ondernemersplein, Coolsingel 58, Rotterdam"; !strings.Contains(mails[2].Text, place) {
		t.Errorf("confirmation lacks %q:\n%s", place, mails[2].Text)
	}

	// The token in clear is in the mail files alone: not in any database
	// (WAL included), nor in the NATS store.
	plain := []byte(reg["manageToken"].(string))
	err := filepath.WalkDir(dataDir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasSuffix(path, ".eml") {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if bytes.Contains(b, plain) {
			t.Errorf("the manage token in clear in %s", path)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(filepath.Join(dataDir, "seal.key")); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("seal key file: %v, %v", fi, err)
	}
}

// calendarEntry checks a mail's calendar file (METHOD, one event starting
// at start) and returns the event's UID and SEQUENCE.
func calendarEntry(t *testing.T, m sentMail, method string, start time.Time) (string, int) {
	t.Helper()
	if m.Calendar == nil {
		t.Fatalf("%q has no calendar file", m.Subject)
	}
	if got := m.Calendar.Props.Get(goical.PropMethod).Value; got != method {
		t.Errorf("METHOD %s, want %s", got, method)
	}
	events := m.Calendar.Events()
	if len(events) != 1 {
		t.Fatalf("%d events", len(events))
	}
	e := events[0]
	if s, err := e.DateTimeStart(time.UTC); err != nil || !s.Equal(start) {
		t.Errorf("DTSTART %v (%v), want %v", s, err, start)
	}
	seq, err := strconv.Atoi(e.Props.Get(goical.PropSequence).Value)
	if err != nil {
		t.Fatal(err)
	}
	return e.Props.Get(goical.PropUID).Value, seq
}
