package app_test

import (
	"errors"
	"fmt"
	"testing"

	"plein.dev/registrations/internal/app"
	"plein.dev/registrations/internal/domain"
)

func TestQuestionsAndAnswers(t *testing.T) {
	t.Parallel()
	a, db := setup(t)
	publish(t, a, db, "e1", 50)
	qs := []domain.Question{
		{ID: "diet", Kind: domain.KindSingleChoice, Label: "Dieet", Options: []string{"geen", "vegetarisch", "veganistisch"}},
		{ID: "topics", Kind: domain.KindMultipleChoice, Label: "Onderwerpen", Options: []string{"ai", "robots", "logistiek"}},
		{ID: "parking", Kind: domain.KindYesNo, Label: "Parkeren?", Required: true},
		{ID: "remark", Kind: domain.KindText, Label: "Opmerking"},
	}
	if _, err := a.SetQuestions(org, "e1", qs); err != nil {
		t.Fatal(err)
	}
	got, err := a.Questions(anon, "e1", "")
	if err != nil || len(got) != 4 || got[0].ID != "diet" || len(got[0].Options) != 3 {
		t.Fatalf("questions %v %v", got, err)
	}
	for _, bad := range [][]domain.Question{
		{{ID: "a", Kind: domain.KindText, Label: "x"}, {ID: "a", Kind: domain.KindText, Label: "y"}},
		{{ID: "a", Kind: domain.KindSingleChoice, Label: "x", Options: []string{"one"}}},
		{{ID: "a", Kind: domain.KindYesNo, Label: "x", Options: []string{"ja", "nee"}}},
	} {
		if _, err := a.SetQuestions(org, "e1", bad); err == nil {
			t.Errorf("questions %v accepted", bad)
		}
	}
	if _, err := a.SetQuestions(org, "nope", qs); !errors.Is(err, domain.ErrNotFound) {
		t.Errorf("questions of unknown event: %v", err)
	}
	answer := func(id string, v ...string) domain.Answer { return domain.Answer{QuestionID: id, Values: v} }
	cases := []struct {
		name    string
		answers []domain.Answer
		ok      bool
	}{
		{"all answered", []domain.Answer{answer("diet", "vegetarisch"), answer("topics", "ai", "robots"), answer("parking", "yes"), answer("remark", " graag ")}, true},
		{"only the required one", []domain.Answer{answer("parking", "no")}, true},
		{"required missing", []domain.Answer{answer("diet", "geen")}, false},
		{"required blank", []domain.Answer{answer("parking", "  ")}, false},
		{"unknown question", []domain.Answer{answer("parking", "no"), answer("shoe-size", "43")}, false},
		{"answered twice", []domain.Answer{answer("parking", "no"), answer("parking", "yes")}, false},
		{"not an option", []domain.Answer{answer("parking", "no"), answer("diet", "carnivoor")}, false},
		{"two for single choice", []domain.Answer{answer("parking", "no"), answer("diet", "geen", "vegetarisch")}, false},
		{"option chosen twice", []domain.Answer{answer("parking", "no"), answer("topics", "ai", "ai")}, false},
		{"yes-no other value", []domain.Answer{answer("parking", "misschien")}, false},
		{"two texts", []domain.Answer{answer("parking", "no"), answer("remark", "a", "b")}, false},
	}
	for i, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r, _, err := a.Register(anon, app.RegisterRequest{EventID: "e1", Name: "A", Email: fmt.Sprintf("q%d@x.nl", i), Answers: tc.answers})
			if tc.ok {
				if err != nil {
					t.Fatal(err)
				}
				if tc.name == "all answered" && (len(r.Answers) != 4 || r.Answers[3].Values[0] != "graag") {
					t.Errorf("stored answers %v", r.Answers)
				}
				return
			}
			if f := ruleField(t, err); f != "answers" {
				t.Errorf("field %q, want answers", f)
			}
		})
	}
}

// TestQuestionsOfHiddenEvents: the questions and seats of an event never
// published (a draft, a proposal, a declined proposal) exist for organisers
// only.
func TestQuestionsOfHiddenEvents(t *testing.T) {
	t.Parallel()
	a, db := setup(t)
	ev := publish(t, a, db, "e1", 5)
	for _, status := range []string{domain.EventDraft, domain.EventProposed, domain.EventDeclined} {
		ev.Status = status
		applyEvent(t, a, db, ev, "")
		if _, err := a.Questions(anon, "e1", ""); !errors.Is(err, domain.ErrNotFound) {
			t.Errorf("%s, anonymous questions: %v", status, err)
		}
		if _, err := a.Seats(anon, "e1"); !errors.Is(err, domain.ErrNotFound) {
			t.Errorf("%s, anonymous seats: %v", status, err)
		}
		if _, err := a.Questions(org, "e1", ""); err != nil {
			t.Errorf("%s, organiser: %v", status, err)
		}
	}
}
