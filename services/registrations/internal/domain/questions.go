package domain

import (
	"fmt"
	"slices"
	"strings"
)

// The kinds of question an organiser can ask.
const (
	KindText           = "text"
	KindSingleChoice   = "single-choice"
	KindMultipleChoice = "multiple-choice"
	KindYesNo          = "yes-no"
)

// Question is one question of an event's registration form.
type Question struct {
	ID       string   `json:"id"`
	Kind     string   `json:"kind"`
	Label    string   `json:"label"`
	Required bool     `json:"required"`
	Options  []string `json:"options"`
}

// MaxTextAnswer is the longest answer to a text question, in characters.
const MaxTextAnswer = 2000

// CheckQuestions returns a rule error on the field "questions" if the set
// cannot be asked: ids must be unique, choice questions need at least two
// options, other kinds none.
func CheckQuestions(qs []Question) error {
	seen := map[string]bool{}
	for i, q := range qs {
		field := fmt.Sprintf("questions[%d]", i)
		if seen[q.ID] {
			return brokenField(field+".id", "question id "+q.ID+" is used twice")
		}
		seen[q.ID] = true
		switch q.Kind {
		case KindSingleChoice, KindMultipleChoice:
			if len(q.Options) < 2 {
				return brokenField(field+".options", "a choice question needs at least two options")
			}
		default:
			if len(q.Options) > 0 {
				return brokenField(field+".options", "only choice questions have options")
			}
		}
	}
	return nil
}

// CheckAnswers validates answers against the event's questions and returns
// them cleaned (text trimmed, empty answers dropped, in question order). A
// break is a rule error on the field "answers".
func CheckAnswers(qs []Question, answers []Answer) ([]Answer, error) {
	byID := map[string]Answer{}
	for _, a := range answers {
		if !slices.ContainsFunc(qs, func(q Question) bool { return q.ID == a.QuestionID }) {
			return nil, brokenField("answers", "there is no question "+a.QuestionID)
		}
		if _, dup := byID[a.QuestionID]; dup {
			return nil, brokenField("answers", "question "+a.QuestionID+" is answered twice")
		}
		byID[a.QuestionID] = a
	}
	var out []Answer
	for _, q := range qs {
		var values []string
		for _, v := range byID[q.ID].Values {
			if v = strings.TrimSpace(v); v != "" {
				values = append(values, v)
			}
		}
		if len(values) == 0 {
			if q.Required {
				return nil, brokenField("answers", "question "+q.ID+" ("+q.Label+") needs an answer")
			}
			continue
		}
		if err := checkValues(q, values); err != nil {
			return nil, err
		}
		out = append(out, Answer{QuestionID: q.ID, Values: values})
	}
	return out, nil
}

func checkValues(q Question, values []string) error {
	wrong := func(reason string) error {
		return brokenField("answers", "question "+q.ID+": "+reason)
	}
	switch q.Kind {
	case KindText:
		if len(values) != 1 {
			return wrong("give one answer")
		}
		if len([]rune(values[0])) > MaxTextAnswer {
			return wrong(fmt.Sprintf("at most %d characters", MaxTextAnswer))
		}
	case KindYesNo:
		if len(values) != 1 || values[0] != "yes" && values[0] != "no" {
			return wrong(`answer "yes" or "no"`)
		}
	case KindSingleChoice, KindMultipleChoice:
		if q.Kind == KindSingleChoice && len(values) != 1 {
			return wrong("choose one option")
		}
		seen := map[string]bool{}
		for _, v := range values {
			if !slices.Contains(q.Options, v) {
				return wrong(fmt.Sprintf("%q is not one of the options", v))
			}
			if seen[v] {
				return wrong(fmt.Sprintf("%q is chosen twice", v))
			}
			seen[v] = true
		}
	}
	return nil
}
