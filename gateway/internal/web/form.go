package web

import (
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"plein.dev/platform/rpcerr"
	registrationsv1 "plein.dev/proto/gen/plein/registrations/v1"
)

// form is the registration form: what the visitor entered, the event's
// questions and what is wrong, field by field.
type form struct {
	Action    string
	CSRF      string
	Values    formValues
	Questions []question
	// Errors maps a field (name, email, organisation, consent,
	// inviteCode, or a question's id) to its message.
	Errors map[string]string
	// Summary lists the errors at the top of the form, in form order;
	// General is an error that belongs to no field.
	Summary []fieldError
	General string
}

type formValues struct {
	Name         string
	Email        string
	Organisation string
	// KvKNumber is as typed, less spaces and dots (issue 16).
	KvKNumber  string
	Consent    bool
	InviteCode string
	// Answers holds the values given per question id.
	Answers map[string][]string
}

// question is one of the event's questions as the form asks it.
type question struct {
	ID       string
	Kind     string
	Label    string
	Required bool
	Options  []string
}

// fieldError is one line of the error summary; Anchor is the id of the
// input it links to.
type fieldError struct {
	Anchor  string
	Message string
}

func newQuestion(q *registrationsv1.Question) question {
	return question{ID: q.GetId(), Kind: q.GetKind(), Label: q.GetLabel(), Required: q.GetRequired(), Options: q.GetOptions()}
}

// Field is the form field name of the question's answer.
func (q question) Field() string { return "answers[" + q.ID + "]" }

// Input is the id of the question's (first) input.
func (q question) Input() string { return "q-" + q.ID }

// Has reports whether v is among the values the visitor gave.
func (f form) Has(q question, v string) bool { return slices.Contains(f.Values.Answers[q.ID], v) }

// Answer is the visitor's (first) answer to a question.
func (f form) Answer(q question) string {
	if vs := f.Values.Answers[q.ID]; len(vs) > 0 {
		return vs[0]
	}
	return ""
}

// Error is the message of a field, "" if none.
func (f form) Error(field string) string { return f.Errors[field] }

// readForm reads the posted values. Answers come as answers[<questionId>],
// once per value for multiple-choice questions.
func readForm(v url.Values) formValues {
	f := formValues{Name: strings.TrimSpace(v.Get("name")), Email: strings.TrimSpace(v.Get("email")),
		Organisation: strings.TrimSpace(v.Get("organisation")), KvKNumber: normaliseKvK(v.Get("kvkNumber")), Consent: v.Get("consent") != "",
		InviteCode: strings.TrimSpace(v.Get("inviteCode")), Answers: map[string][]string{}}
	for k, vals := range v {
		id, ok := strings.CutPrefix(k, "answers[")
		if !ok || !strings.HasSuffix(id, "]") {
			continue
		}
		id = strings.TrimSuffix(id, "]")
		for _, val := range vals {
			if val = strings.TrimSpace(val); val != "" {
				f.Answers[id] = append(f.Answers[id], val)
			}
		}
	}
	return f
}

// fail records a field's message from the catalog.
func (f *form) fail(l *Lang, field, msgID string) {
	if f.Errors == nil {
		f.Errors = map[string]string{}
	}
	if _, dup := f.Errors[field]; !dup {
		f.Errors[field] = l.T(msgID)
	}
}

// check finds what the form misses before it goes to the service: the
// required fields left empty. Everything else is the service's to judge.
func (f *form) check(l *Lang, inviteOnly bool) {
	if f.Values.Name == "" {
		f.fail(l, "name", "form.error.nameMissing")
	}
	if f.Values.Email == "" {
		f.fail(l, "email", "form.error.emailMissing")
	}
	for _, q := range f.Questions {
		if q.Required && len(f.Values.Answers[q.ID]) == 0 {
			f.fail(l, q.ID, "form.error.answerMissing")
		}
	}
	if inviteOnly && f.Values.InviteCode == "" {
		f.fail(l, "inviteCode", "form.error.inviteCodeMissing")
	}
	if !f.Values.Consent {
		f.fail(l, "consent", "form.error.consent")
	}
}

// answers returns the answers in the order of the questions, then any
// the form does not ask (the service refuses those), and the question id
// of each position.
func (f form) answers() ([]*registrationsv1.Answer, []string) {
	var ids []string
	for _, q := range f.Questions {
		if _, ok := f.Values.Answers[q.ID]; ok {
			ids = append(ids, q.ID)
		}
	}
	var extra []string
	for id := range f.Values.Answers {
		if !slices.Contains(ids, id) {
			extra = append(extra, id)
		}
	}
	slices.Sort(extra)
	ids = append(ids, extra...)
	out := make([]*registrationsv1.Answer, len(ids))
	for i, id := range ids {
		out[i] = &registrationsv1.Answer{QuestionId: id, Values: f.Values.Answers[id]}
	}
	return out, ids
}

// answerField matches a violation of an answer by its position.
var answerField = regexp.MustCompile(`^answers\[([0-9]+)\]`)

// refused turns the service's refusal of a registration into messages next
// to the fields at fault. It reports false for errors no field explains.
func (f *form) refused(l *Lang, err error, answerIDs []string) bool {
	st := status.Convert(err)
	switch st.Code() {
	case codes.InvalidArgument, codes.FailedPrecondition, codes.AlreadyExists:
	default:
		return false
	}
	vs := rpcerr.Violations(err)
	if len(vs) == 0 {
		switch st.Code() {
		case codes.AlreadyExists:
			f.fail(l, "email", "form.error.emailTaken")
		case codes.FailedPrecondition:
			f.General = l.T("form.error.closed")
		default:
			f.General = l.T("form.error.generic")
		}
		return true
	}
	for _, v := range vs {
		field := v.Field
		switch {
		case st.Code() == codes.AlreadyExists && field == "email":
			f.fail(l, "email", "form.error.emailTaken")
		case field == "name" || field == "email" || field == "organisation" || field == "consent" || field == "inviteCode":
			f.fail(l, field, "form.error."+field)
		case field == "kvkNumber" || field == "kvk_number":
			f.fail(l, "kvkNumber", "form16.error.kvkNumber")
		case answerField.MatchString(field):
			i, _ := strconv.Atoi(answerField.FindStringSubmatch(field)[1])
			if i < len(answerIDs) && slices.ContainsFunc(f.Questions, func(q question) bool { return q.ID == answerIDs[i] }) {
				f.fail(l, answerIDs[i], "form.error.answer")
			} else {
				f.General = l.T("form.error.answers")
			}
		case strings.HasPrefix(field, "answers"):
			f.General = l.T("form.error.answers")
		default:
			f.General = l.T("form.error.generic")
		}
	}
	return true
}

// summarise lists the errors in the order of the form.
func (f *form) summarise(inviteOnly bool) {
	order := []struct{ field, anchor string }{{"name", "name"}, {"email", "email"}, {"organisation", "organisation"},
		{"kvkNumber", "kvkNumber"}}
	for _, q := range f.Questions {
		order = append(order, struct{ field, anchor string }{q.ID, q.Input()})
	}
	if inviteOnly {
		order = append(order, struct{ field, anchor string }{"inviteCode", "inviteCode"})
	}
	order = append(order, struct{ field, anchor string }{"consent", "consent"})
	f.Summary = nil
	for _, o := range order {
		if msg, ok := f.Errors[o.field]; ok {
			f.Summary = append(f.Summary, fieldError{Anchor: o.anchor, Message: msg})
		}
	}
	for field, msg := range f.Errors { // a field this form does not show
		if !slices.ContainsFunc(order, func(o struct{ field, anchor string }) bool { return o.field == field }) && f.General == "" {
			f.General = msg
		}
	}
}

// Invalid reports whether the form has errors to show.
func (f form) Invalid() bool { return len(f.Errors) > 0 || f.General != "" }

// normaliseKvK removes the spaces and dots people type in a KvK number
// ("12.34.56.78", "1234 5678"); the service judges what is left.
func normaliseKvK(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '.' || unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
}
