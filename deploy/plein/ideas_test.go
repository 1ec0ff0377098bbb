package plein_test

import (
	"bytes"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
)

// TestIdeaTriageJourney (issue 16.6): an entrepreneur submits an idea to
// a programme of Velsen without signing in; Velsen's organiser takes it
// into consideration, then supports it with a note; the entrepreneur gets
// three e-mails in Dutch — the receipt, in behandeling, ondersteund with
// the note — and another, who wrote in English, a receipt in English.
// Beverwijk's organiser finds neither idea (404) nor the e-mails in the
// log; the report lists the supported idea; and the bus never carries the
// submitter's name, address or KvK number in clear.
func TestIdeaTriageJourney(t *testing.T) {
	r := startPrivacyRun(t)
	const (
		submitter = "sanne.quaak-idee@voorbeeld.nl"
		name      = "Sanne Quaakidee"
		kvk       = "90817263"
		english   = "olivia.quaak-idea@voorbeeld.nl"
	)
	var mu sync.Mutex
	var seen, leaks []string
	sub, err := r.nc.Subscribe(">", func(m *nats.Msg) {
		raw := bytes.ToLower(append(append([]byte(m.Subject+" "), m.Data...), []byte(strings.ToLower(headerText(m.Header)))...))
		mu.Lock()
		defer mu.Unlock()
		seen = append(seen, m.Subject)
		for _, p := range []string{submitter, name, kvk, english} {
			if bytes.Contains(raw, bytes.ToLower([]byte(p))) {
				leaks = append(leaks, m.Subject+": "+p)
			}
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	defer sub.Unsubscribe()

	boot := signIn(t, r.base, adminEmail, adminPassword)
	anon := &client{t: t, base: r.base, http: &http.Client{Timeout: 30 * time.Second}}
	velsen := boot.must(http.StatusCreated, "POST", "/api/v1/organisations",
		map[string]any{"name": "Gemeente Velsen", "kind": "municipality", "code": "GM0453"})["id"].(string)
	beverwijk := boot.must(http.StatusCreated, "POST", "/api/v1/organisations",
		map[string]any{"name": "Gemeente Beverwijk", "kind": "municipality", "code": "GM0375"})["id"].(string)
	pass := "a long enough password"
	organiser := func(email, org string) *client {
		boot.must(http.StatusCreated, "POST", "/api/v1/users", map[string]any{"email": email, "name": email, "password": pass,
			"roles": []string{"organiser"}, "organisationIds": []string{org}})
		return signIn(t, r.base, email, pass)
	}
	orgA := organiser("velsen@example.nl", velsen)
	orgB := organiser("beverwijk@example.nl", beverwijk)
	year := time.Now().In(amsterdam(t)).Format("2006")
	pid := orgA.must(http.StatusCreated, "POST", "/api/v1/programmes", map[string]any{"name": "Economische agenda Velsen",
		"municipality": "Velsen", "themes": []string{"Innovatie", "Haven"}, "startsOn": year + "-01-01", "endsOn": year + "-12-31"})["id"].(string)

	idea := anon.must(http.StatusCreated, "POST", "/api/v1/programmes/"+pid+"/ideas", map[string]any{
		"name": name, "email": " " + strings.ToUpper(submitter[:1]) + submitter[1:] + " ", "organisation": "Quaak Bakkerij",
		"kvkNumber": kvk, "title": "Gedeelde bezorgdienst", "description": "Eén bezorgdienst voor de winkels in het centrum.",
		"themes": []string{"innovatie"}, "consent": true, "language": "nl"})
	id := idea["id"].(string)
	if idea["status"] != "new" || idea["email"] != strings.ToUpper(submitter[:1])+submitter[1:] {
		t.Errorf("submitted %v", idea)
	}
	anon.must(http.StatusCreated, "POST", "/api/v1/programmes/"+pid+"/ideas", map[string]any{
		"name": "Olivia Quaak", "email": english, "title": "Harbour tours", "description": "Tours of the port for schools.",
		"consent": true, "language": "en"})
	if r := anon.do("POST", "/api/v1/programmes/"+pid+"/ideas", map[string]any{"name": "Zonder", "email": "z@example.nl",
		"title": "Zonder toestemming", "description": "x"}); r.Status != http.StatusBadRequest {
		t.Errorf("an idea without consent: %d %s", r.Status, r.Body)
	}

	// Beverwijk's organiser: nothing to see or change.
	for _, c := range []struct{ method, path string }{
		{"GET", "/api/v1/ideas/" + id}, {"PATCH", "/api/v1/ideas/" + id}, {"GET", "/api/v1/programmes/" + pid + "/ideas"},
	} {
		if got := orgB.do(c.method, c.path, map[string]any{"status": "afgewezen"}); got.Status != http.StatusNotFound {
			t.Errorf("%s %s as Beverwijk: %d, want 404", c.method, c.path, got.Status)
		}
	}

	orgA.must(http.StatusOK, "PATCH", "/api/v1/ideas/"+id, map[string]any{"status": "in-behandeling", "note": "We bekijken de kosten."})
	done := orgA.must(http.StatusOK, "PATCH", "/api/v1/ideas/"+id, map[string]any{"status": "ondersteund",
		"note": "De gemeente betaalt het eerste jaar."})
	if done["status"] != "ondersteund" || done["note"] != "De gemeente betaalt het eerste jaar." {
		t.Errorf("supported %v", done)
	}
	if got := orgA.do("PATCH", "/api/v1/ideas/"+id, map[string]any{"status": "afgewezen"}); got.Status != http.StatusPreconditionFailed &&
		got.Status != http.StatusConflict && got.Status != http.StatusUnprocessableEntity {
		t.Errorf("changing a decided idea: %d %s", got.Status, got.Body)
	}
	list := orgA.must(http.StatusOK, "GET", "/api/v1/programmes/"+pid+"/ideas", nil)["items"].([]any)
	if len(list) != 2 || list[0].(map[string]any)["id"] != id {
		t.Errorf("A lists %v", list)
	}

	// The e-mails: three to Sanne in Dutch, the last with the note; one
	// to Olivia in English.
	var toSanne, toOlivia []sentMail
	eventually(t, 30*time.Second, "four e-mails about the ideas written", func() bool {
		toSanne, toOlivia = nil, nil
		for _, m := range readMails(t, r.dataDir) {
			switch to := strings.ToLower(m.Header.Get("To")); {
			case strings.Contains(to, submitter):
				toSanne = append(toSanne, m)
			case strings.Contains(to, english):
				toOlivia = append(toOlivia, m)
			}
		}
		return len(toSanne) == 3 && len(toOlivia) == 1
	})
	var subjects []string
	for _, m := range toSanne {
		subjects = append(subjects, m.Subject)
		if m.Header.Get("Content-Language") != "nl" || !strings.Contains(m.Text, "Beste "+name) ||
			!strings.Contains(m.Text, "Gedeelde bezorgdienst") || !strings.Contains(m.Text, "Economische agenda Velsen") {
			t.Errorf("e-mail %q to Sanne:\n%s", m.Subject, m.Text)
		}
	}
	slices.Sort(subjects)
	if strings.Join(subjects, "|") != "Uw idee is in behandeling|Uw idee is ondersteund|We hebben uw idee ontvangen" {
		t.Errorf("Sanne's subjects %q", subjects)
	}
	for _, m := range toSanne {
		switch m.Subject {
		case "Uw idee is ondersteund":
			if !strings.Contains(m.Text, "De gemeente betaalt het eerste jaar.") {
				t.Errorf("the note is not in the e-mail:\n%s", m.Text)
			}
		case "Uw idee is in behandeling":
			if !strings.Contains(m.Text, "We bekijken de kosten.") {
				t.Errorf("the note is not in the e-mail:\n%s", m.Text)
			}
		}
	}
	if m := toOlivia[0]; m.Subject != "We have received your idea" || m.Header.Get("Content-Language") != "en" ||
		!strings.Contains(m.Text, "Dear Olivia Quaak") {
		t.Errorf("e-mail to Olivia %q:\n%s", m.Subject, m.Text)
	}

	// The e-mail log: Velsen's organiser reads them, Beverwijk's not.
	logTo := func(c *client, to string) int {
		return len(c.must(http.StatusOK, "GET", "/api/v1/emails?to="+to, nil)["items"].([]any))
	}
	if a, b := logTo(orgA, submitter), logTo(orgB, submitter); a != 3 || b != 0 {
		t.Errorf("e-mails to Sanne in the log: Velsen reads %d, Beverwijk %d; want 3 and 0", a, b)
	}

	// The report lists the supported idea, without its submitter.
	rep := orgA.must(http.StatusOK, "GET", "/api/v1/programmes/"+pid+"/report", nil)
	ideas, _ := rep["supportedIdeas"].([]any)
	if len(ideas) != 1 || ideas[0].(map[string]any)["id"] != id || ideas[0].(map[string]any)["organisation"] != "Quaak Bakkerij" {
		t.Errorf("the report's supported ideas %v", rep["supportedIdeas"])
	}

	// Sanne asks to be erased: the idea keeps its title and decision
	// without her, the e-mails to her leave the mail folder; a programme
	// contact with an erased address is removed too.
	orgA.must(http.StatusOK, "PATCH", "/api/v1/programmes/"+pid, map[string]any{"setContacts": true, "contacts": []any{
		map[string]any{"name": "Wethouder De Boer", "role": "wethouder", "public": true},
		map[string]any{"name": "Olivia Quaak", "role": "accountmanager", "email": english}}})
	for _, address := range []string{submitter, english} {
		er := boot.must(http.StatusAccepted, "DELETE", "/api/v1/people?email="+address, nil)
		eventually(t, 30*time.Second, "the erasure of "+address+" completed", func() bool {
			return boot.must(http.StatusOK, "GET", "/api/v1/erasures/"+er["erasureId"].(string), nil)["status"] == "completed"
		})
	}
	erased := orgA.must(http.StatusOK, "GET", "/api/v1/ideas/"+id, nil)
	if erased["email"] != nil && erased["email"] != "" || erased["name"] != nil && erased["name"] != "" ||
		erased["kvkNumber"] != nil && erased["kvkNumber"] != "" || erased["title"] != "Gedeelde bezorgdienst" || erased["status"] != "ondersteund" {
		t.Errorf("the idea after its submitter's erasure: %v", erased)
	}
	for _, m := range readMails(t, r.dataDir) {
		if to := strings.ToLower(m.Header.Get("To")); strings.Contains(to, submitter) || strings.Contains(to, english) {
			t.Errorf("an e-mail to %s is still in the mail folder", to)
		}
	}
	contacts, _ := orgA.must(http.StatusOK, "GET", "/api/v1/programmes/"+pid, nil)["contacts"].([]any)
	if len(contacts) != 1 || contacts[0].(map[string]any)["name"] != "Wethouder De Boer" {
		t.Errorf("the programme's contacts after the erasure: %v", contacts)
	}

	if err := r.nc.Flush(); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	var ideaMessages, keys int
	for _, s := range seen {
		switch {
		case strings.HasPrefix(s, "plein.ambassadors.idea."):
			ideaMessages++
		case strings.HasPrefix(s, "plein.ambassadors.person-key."):
			keys++
		}
	}
	if ideaMessages < 4 || keys < 2 {
		t.Fatalf("saw %d idea and %d person-key messages of %d: the subscriber missed the traffic", ideaMessages, keys, len(seen))
	}
	if len(leaks) > 0 {
		t.Errorf("an idea's submitter in clear on the bus:\n%s", strings.Join(leaks, "\n"))
	}
}
