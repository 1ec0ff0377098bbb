package web

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"

	registrationsv1 "plein.dev/proto/gen/plein/registrations/v1"
)

// questionKinds are the values of a question's kind select.
var questionKinds = []string{"text", "single-choice", "multiple-choice", "yes-no"}

// questionRows is how many empty rows the questions form offers for new
// questions.
const questionRows = 2

// questionsPage is the data of /beheer/evenementen/{eventId}/vragen.
type questionsPage struct {
	Event     *eventView
	Form      *entry
	Questions []questionRow
	Kinds     []option
	// Removed names the questions a save would take off the form, which
	// the organiser confirms first.
	Removed []string
	Notice  string
}

// questionRow is one question of the form, as entered. Fields repeat per
// row: questionId (hidden; made from the label for a new question),
// questionLabel, questionKind, questionRequired (yes|no), questionOptions
// (one per line).
type questionRow struct {
	N                                  int
	ID, Label, Kind, Required, Options string
}

func questionRowsOf(values url.Values) []questionRow {
	at := func(name string, i int) string {
		if vs := values[name]; i < len(vs) {
			return vs[i]
		}
		return ""
	}
	var out []questionRow
	for i := range len(values["questionLabel"]) {
		q := questionRow{ID: at("questionId", i), Label: strings.TrimSpace(at("questionLabel", i)), Kind: at("questionKind", i),
			Required: at("questionRequired", i), Options: at("questionOptions", i)}
		if q.Label == "" {
			continue // an empty row is no question
		}
		q.N = len(out) + 1
		out = append(out, q)
	}
	return out
}

func questionValues(qs []*registrationsv1.Question) url.Values {
	v := url.Values{}
	for _, q := range qs {
		req := "no"
		if q.GetRequired() {
			req = "yes"
		}
		v.Add("questionId", q.GetId())
		v.Add("questionLabel", q.GetLabel())
		v.Add("questionKind", q.GetKind())
		v.Add("questionRequired", req)
		v.Add("questionOptions", strings.Join(q.GetOptions(), "\n"))
	}
	return v
}

func (h *Handler) questionsPage(l *Lang, v *eventView, values url.Values) questionsPage {
	p := questionsPage{Event: v, Form: newEntry(values, "questions"), Questions: questionRowsOf(values)}
	for range questionRows {
		p.Questions = append(p.Questions, questionRow{N: len(p.Questions) + 1, Kind: "text", Required: "no"})
	}
	for _, k := range questionKinds {
		p.Kinds = append(p.Kinds, option{Value: k, Label: l.T("questions.kind." + k)})
	}
	return p
}

// questions serves GET /beheer/evenementen/{eventId}/vragen: the
// questions the event's registration form asks, to change.
func (h *Handler) questions(w http.ResponseWriter, r *http.Request, s *session) {
	l := h.lang(w, r)
	id := r.PathValue("eventId")
	_, v, err := h.consoleEvent(r, l, id)
	if err != nil {
		h.staffFailed(w, r, "questions", err)
		return
	}
	resp, err := h.registrations.ListEventQuestions(r.Context(), &registrationsv1.ListEventQuestionsRequest{EventId: id})
	if err != nil {
		h.staffFailed(w, r, "questions", err)
		return
	}
	p := h.questionsPage(l, v, questionValues(resp.GetItems()))
	p.Notice = notice(r, "opgeslagen")
	h.renderStaff(w, r, s, http.StatusOK, "console/questions", p)
}

// saveQuestions serves the POST of that page: the questions replace the
// event's. Taking questions off asks for confirmation first (the answers
// already given stay with the registrations).
func (h *Handler) saveQuestions(w http.ResponseWriter, r *http.Request, s *session) {
	l := h.lang(w, r)
	id := r.PathValue("eventId")
	_, v, err := h.consoleEvent(r, l, id)
	if err != nil {
		h.staffFailed(w, r, "questions", err)
		return
	}
	current, err := h.registrations.ListEventQuestions(r.Context(), &registrationsv1.ListEventQuestionsRequest{EventId: id})
	if err != nil {
		h.staffFailed(w, r, "questions", err)
		return
	}
	p := h.questionsPage(l, v, r.PostForm)
	qs := readQuestions(l, p)
	if !p.Form.Invalid() && r.PostForm.Get("confirm") == "" {
		for _, q := range current.GetItems() {
			if !slices.ContainsFunc(qs, func(n *registrationsv1.Question) bool { return n.GetId() == q.GetId() }) {
				p.Removed = append(p.Removed, q.GetLabel())
			}
		}
		if len(p.Removed) > 0 {
			h.renderStaff(w, r, s, http.StatusOK, "console/questions", p)
			return
		}
	}
	if !p.Form.Invalid() {
		_, err := h.registrations.SetEventQuestions(r.Context(), &registrationsv1.SetEventQuestionsRequest{EventId: id, Questions: qs})
		if err == nil {
			http.Redirect(w, r, "/beheer/evenementen/"+url.PathEscape(id)+"/vragen?melding=opgeslagen", http.StatusSeeOther)
			return
		}
		if !refused(l, p.Form, err, "questions.error.") {
			h.staffFailed(w, r, "questions", err)
			return
		}
	}
	h.renderStaff(w, r, s, http.StatusUnprocessableEntity, "console/questions", p)
}

// readQuestions reads the rows into questions, giving a new question an id
// made from its label; a choice question needs its choices.
func readQuestions(l *Lang, p questionsPage) []*registrationsv1.Question {
	var out []*registrationsv1.Question
	taken := map[string]bool{}
	for _, row := range p.Questions {
		if row.Label == "" {
			continue
		}
		if row.ID != "" {
			taken[row.ID] = true
		}
	}
	for _, row := range p.Questions {
		if row.Label == "" {
			continue
		}
		q := &registrationsv1.Question{Id: row.ID, Label: row.Label, Kind: row.Kind, Required: row.Required == "yes",
			Options: lines(row.Options)}
		if !slices.Contains(questionKinds, q.Kind) {
			p.Form.fail("questions", l.T("questions.error.kind", "N", row.N))
		}
		if (q.Kind == "single-choice" || q.Kind == "multiple-choice") && len(q.Options) < 2 {
			p.Form.fail("questions", l.T("questions.error.options", "N", row.N))
		}
		if q.Kind != "single-choice" && q.Kind != "multiple-choice" {
			q.Options = nil
		}
		if q.Id == "" {
			q.Id = questionID(row.Label, taken)
		}
		out = append(out, q)
	}
	return out
}

// questionID makes an id of the API's form (a-z, 0-9, hyphens, at most 40)
// from a label, unique among taken, and takes it.
func questionID(label string, taken map[string]bool) string {
	var b strings.Builder
	dash := false
	for _, r := range norm.NFD.String(strings.ToLower(label)) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			b.WriteRune(r)
			dash = false
		case unicode.Is(unicode.Mn, r): // accents fall away: é → e
		case b.Len() > 0 && !dash:
			b.WriteByte('-')
			dash = true
		}
	}
	base := strings.Trim(b.String(), "-")
	if len(base) > 34 {
		base = strings.Trim(base[:34], "-")
	}
	if base == "" {
		base = "vraag"
	}
	id := base
	for n := 2; taken[id]; n++ {
		id = fmt.Sprintf("%s-%d", base, n)
	}
	taken[id] = true
	return id
}
