package domain

import (
	"strings"
	"testing"
	"time"
)

// The letters about an idea: the receipt and each status, in Dutch unless
// the form was English, with the organisers' note; none without an
// address.
func TestIdeaLetters(t *testing.T) {
	t.Parallel()
	w := Writer{BaseURL: "https://plein.example", Zone: time.UTC}
	idea := Idea{ID: "i1", ProgrammeID: "p1", Version: 1, Name: "Sanne", Email: "sanne@bakkerij.nl",
		Title: "Gedeelde bezorgdienst", Status: IdeaNew}
	for _, c := range []struct {
		name, lang, status, note string
		submitted                bool
		subject                  string
		says                     []string
	}{
		{"receipt", "", IdeaNew, "", true, "We hebben uw idee ontvangen",
			[]string{"Beste Sanne,", "uw idee “Gedeelde bezorgdienst” voor Productieve regio"}},
		{"in behandeling", "nl", IdeaInProgress, "We bellen u volgende week.", false, "Uw idee is in behandeling",
			[]string{"is in behandeling.", "Toelichting:\nWe bellen u volgende week."}},
		{"rejected", "nl", IdeaRejected, "", false, "Uw idee is afgewezen", []string{"ondersteunt uw idee niet"}},
		{"supported, English", "en", IdeaSupported, "First year funded.", false, "Your idea is supported",
			[]string{"Dear Sanne,", "Note:\nFirst year funded.", "will support your idea"}},
	} {
		i := idea
		i.Language, i.Status, i.Note = c.lang, c.status, c.note
		l, err := IdeaLetter(i, c.submitted, "Productieve regio")
		if err != nil {
			t.Fatal(err)
		}
		content, err := w.Write(l, "", time.Now())
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		var text []string
		for _, b := range content.Blocks {
			text = append(text, b.Text)
		}
		all := strings.Join(text, "\n")
		if content.Subject != c.subject {
			t.Errorf("%s: subject %q, want %q", c.name, content.Subject, c.subject)
		}
		for _, s := range c.says {
			if !strings.Contains(all, s) {
				t.Errorf("%s: %q missing from\n%s", c.name, s, all)
			}
		}
	}
	if _, err := IdeaLetter(Idea{ID: "i1"}, true, ""); err == nil {
		t.Error("a letter without an address")
	}
	if IdeaCause(idea) != "idea:i1@1" {
		t.Errorf("cause %s", IdeaCause(idea))
	}
}
