package plein_test

import (
	"bytes"
	"fmt"
	"io/fs"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// Organisers hear of a proposal, made in the ambassador portal, by e-mail: the organiser accounts the
// gateway keeps reach the notifications service over the bus, their
// addresses only sealed, each in the language they chose; the digest's
// opt-in is theirs to set.
var consoleLink = regexp.MustCompile(`/beheer/evenementen/([0-9a-f-]+)`)

func TestOrganisersMailedAboutAProposal(t *testing.T) {
	dataDir := t.TempDir()
	base := startPlein(t, "-data-dir", dataDir)
	admin := signIn(t, base, adminEmail, adminPassword)
	const orgEmail, orgPassword = "olga.organisator@plein.example", "organiser horse battery staple"
	admin.must(http.StatusCreated, "POST", "/api/v1/users", map[string]any{"email": orgEmail, "name": "Olga Organisator",
		"password": orgPassword, "roles": []string{"organiser"}})
	org := signIn(t, base, orgEmail, orgPassword)
	if me := org.must(http.StatusOK, "PATCH", "/api/v1/me", map[string]any{"language": "en", "digest": true}); me["digest"] != true {
		t.Fatalf("PATCH /api/v1/me: %v", me)
	}

	year := time.Now().Format("2006")
	prog := admin.must(http.StatusCreated, "POST", "/api/v1/programmes", map[string]any{"name": "Smart Industry",
		"municipality": "Rotterdam", "themes": []string{"innovatie"}, "startsOn": year + "-01-01", "endsOn": year + "-12-31"})
	var amb map[string]any
	eventually(t, 10*time.Second, "the ambassador appointed", func() bool {
		r := admin.do("POST", "/api/v1/programmes/"+prog["id"].(string)+"/ambassadors", map[string]any{"name": "Eva de Vries",
			"email": "eva@plein.example", "appointedOn": year + "-01-01", "termEndsOn": year + "-12-31"})
		if r.Status == http.StatusCreated {
			amb = r.json(t)
		}
		return amb != nil
	})
	admin.must(http.StatusCreated, "POST", "/api/v1/users", map[string]any{"email": "eva@plein.example", "name": "Eva de Vries",
		"password": "ambassador horse battery staple", "roles": []string{"ambassador"}, "ambassadorId": amb["id"]})
	eva := newWebVisitor(t, base)
	signInPage(t, eva, "eva@plein.example", "ambassador horse battery staple")

	// The ambassador is known to the notifications service before the
	// proposal names her (the e-mail would say "an ambassador" otherwise).
	time.Sleep(time.Second)
	// She proposes through the portal.
	start := time.Now().Add(14 * 24 * time.Hour).In(amsterdam(t)).Truncate(time.Hour)
	form := "/ambassadeur/evenementen/voorstellen"
	if r := eva.postFrom(form, form, url.Values{"title": {"Ronde tafel logistiek"}, "location": {"KvK Ondernemersplein, Rotterdam"},
		"capacity": {"20"}, "startsAt": {start.Format("2006-01-02T15:04")}, "endsAt": {start.Add(2 * time.Hour).Format("2006-01-02T15:04")}}); r.Status != http.StatusSeeOther ||
		r.Header.Get("Location") != "/ambassadeur?melding=voorgesteld" {
		t.Fatalf("proposal from the portal: %d %s\n%s", r.Status, r.Header.Get("Location"), r.Body)
	}

	var mails []sentMail
	eventually(t, 5*time.Second, "the proposal mailed to both organisers", func() bool {
		mails = mails[:0]
		for _, m := range readMails(t, dataDir) {
			if strings.Contains(m.Subject, "Ronde tafel logistiek") {
				mails = append(mails, m)
			}
		}
		return len(mails) == 2
	})
	got := map[string]sentMail{}
	for _, m := range mails {
		to, err := m.Header.AddressList("To")
		if err != nil || len(to) != 1 {
			t.Fatalf("To %v, %v", to, err)
		}
		got[to[0].Address] = m
	}
	for _, w := range []struct{ to, subject, text string }{
		{adminEmail, "Nieuw voorstel: Ronde tafel logistiek", "Eva de Vries stelt een evenement voor"},
		{orgEmail, "New proposal: Ronde tafel logistiek", "Eva de Vries proposes an event"},
	} {
		m, ok := got[w.to]
		if !ok {
			t.Errorf("no proposal e-mail to %s", w.to)
			continue
		}
		link := consoleLink.FindStringSubmatch(m.Text)
		if link == nil {
			t.Fatalf("%s: no console link in\n%s", w.to, m.Text)
		}
		if ev := admin.must(http.StatusOK, "GET", "/api/v1/events/"+link[1], nil); ev["status"] != "proposed" ||
			ev["title"] != "Ronde tafel logistiek" || fmt.Sprint(ev["hostAmbassadorIds"]) != fmt.Sprint([]any{amb["id"]}) {
			t.Errorf("the proposed event %v", ev)
		}
		if m.Subject != w.subject || !strings.Contains(m.Text, w.text) ||
			m.Header.Get("Auto-Submitted") != "auto-generated" || m.Header.Get("Message-Id") == "" {
			t.Errorf("%s: subject %q, headers %v\n%s", w.to, m.Subject, m.Header, m.Text)
		}
	}

	// The organiser's address travelled only sealed: the NATS store holds
	// it nowhere (the e-mail files and notifications' database do).
	err := filepath.WalkDir(filepath.Join(dataDir, "nats"), func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		raw, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if bytes.Contains(raw, []byte(orgEmail)) || bytes.Contains(raw, []byte("Olga Organisator")) {
			t.Errorf("%s holds the organiser's address or name in clear", path)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
