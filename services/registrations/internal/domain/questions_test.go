package domain_test

import (
	"testing"

	"plein.dev/registrations/internal/domain"
)

func TestCheckQuestions(t *testing.T) {
	t.Parallel()
	ok := []domain.Question{
		{ID: "diet", Kind: domain.KindSingleChoice, Label: "Dieet", Options: []string{"geen", "vegetarisch"}},
		{ID: "parking", Kind: domain.KindYesNo, Label: "Parkeren?", Required: true},
	}
	if err := domain.CheckQuestions(ok); err != nil {
		t.Fatal(err)
	}
	for want, qs := range map[string][]domain.Question{
		"questions[1].id":      {{ID: "a", Kind: domain.KindText}, {ID: "a", Kind: domain.KindText}},
		"questions[0].options": {{ID: "a", Kind: domain.KindMultipleChoice, Options: []string{"one"}}},
		"questions[1].options": {{ID: "a", Kind: domain.KindText}, {ID: "b", Kind: domain.KindYesNo, Options: []string{"ja", "nee"}}},
	} {
		if f := field(t, domain.CheckQuestions(qs)); f != want {
			t.Errorf("%v: field %q, want %q", qs, f, want)
		}
	}
}

func FuzzCheckAnswers(f *testing.F) {
	qs := []domain.Question{
		{ID: "a", Kind: domain.KindSingleChoice, Options: []string{"x", "y"}, Required: true},
		{ID: "b", Kind: domain.KindMultipleChoice, Options: []string{"x", "y"}},
		{ID: "c", Kind: domain.KindYesNo},
		{ID: "d", Kind: domain.KindText},
	}
	f.Add("a", "x", "d", "hello")
	f.Add("b", "y", "c", "yes")
	f.Fuzz(func(t *testing.T, q1, v1, q2, v2 string) {
		out, err := domain.CheckAnswers(qs, []domain.Answer{{QuestionID: q1, Values: []string{v1}}, {QuestionID: q2, Values: []string{v2}}})
		if err != nil {
			return
		}
		// What is accepted answers the required question with an option.
		found := false
		for _, a := range out {
			if a.QuestionID == "a" {
				found = len(a.Values) == 1 && (a.Values[0] == "x" || a.Values[0] == "y")
			}
		}
		if !found {
			t.Fatalf("accepted %v", out)
		}
	})
}
