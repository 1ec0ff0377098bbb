package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"unicode/utf8"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	ambassadorsv1 "plein.dev/proto/gen/plein/ambassadors/v1"
)

// Ideas from entrepreneurs (issue 16): /ideeen lists the active
// programmes, /ideeen/{programmeId} holds a programme's form, and its
// POST sends the idea to the ambassadors service, which mails the
// submitter and the programme's organisers.

// publicIdeasPage is the data of /ideeen.
type publicIdeasPage struct {
	Programmes []programmeCard
}

// programmeCard is a programme as the ideas pages show it.
type programmeCard struct {
	ID           string
	Name         string
	Municipality string
	// Summary is the description's first paragraph, shortened.
	Summary  string
	Themes   []string
	Areas    []string
	Contacts []contactView
	// Open means the programme takes ideas (it is active).
	Open bool
}

// publicIdeaPage is the data of /ideeen/{programmeId}.
type publicIdeaPage struct {
	Programme programmeCard
	Form      ideaForm
}

// ideaThanksPage is the data of the page after submitting an idea.
type ideaThanksPage struct {
	Programme programmeCard
	Title     string
	Email     string
}

// summaryLength caps a programme's summary on /ideeen, in characters.
const summaryLength = 280

func newProgrammeCard(l *Lang, p *ambassadorsv1.Programme) programmeCard {
	c := programmeCard{ID: p.GetId(), Name: p.GetName(), Municipality: p.GetMunicipality(), Themes: p.GetThemes(),
		Areas: p.GetAreas(), Contacts: publicContacts(l, p.GetContacts()), Open: p.GetStatus() == "active"}
	if ps := paragraphs(p.GetDescription()); len(ps) > 0 {
		c.Summary = shorten(ps[0], summaryLength)
	}
	return c
}

// shorten cuts s to at most n characters at a word, marking the cut.
func shorten(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	cut := string([]rune(s)[:n])
	if i := strings.LastIndexAny(cut, " \n"); i > n/2 {
		cut = cut[:i]
	}
	return strings.TrimRight(cut, " ,.;:") + "…"
}

// publicIdeas serves GET /ideeen: the active programmes, each with its public
// contacts and a link to its form. ?programme= leads to that form.
func (h *Handler) publicIdeas(w http.ResponseWriter, r *http.Request) {
	if id := strings.TrimSpace(r.URL.Query().Get("programme")); id != "" {
		to := "/ideeen/" + url.PathEscape(id)
		if lang := r.URL.Query().Get("lang"); lang != "" {
			to += "?" + url.Values{"lang": {lang}}.Encode()
		}
		http.Redirect(w, r, to, http.StatusSeeOther)
		return
	}
	l := h.lang(w, r)
	list, err := h.activeProgrammes(r.Context())
	if err != nil {
		h.serviceFailed(w, r, "ideas", err)
		return
	}
	var p publicIdeasPage
	for _, pr := range list {
		p.Programmes = append(p.Programmes, newProgrammeCard(l, pr))
	}
	h.renderIn(w, r, l, http.StatusOK, "ideas", p)
}

// activeProgrammes reads the programmes that take ideas, in the service's
// order, a bounded number of pages.
func (h *Handler) activeProgrammes(ctx context.Context) ([]*ambassadorsv1.Programme, error) {
	var out []*ambassadorsv1.Programme
	token := ""
	for range directoryPages {
		resp, err := h.ambassadors.ListProgrammes(ctx, &ambassadorsv1.ListProgrammesRequest{PageSize: 200, PageToken: token})
		if err != nil {
			return nil, fmt.Errorf("list programmes: %w", err)
		}
		for _, p := range resp.GetItems() {
			if p.GetStatus() == "active" {
				out = append(out, p)
			}
		}
		if token = resp.GetNextPageToken(); token == "" {
			break
		}
	}
	return out, nil
}

// errNoProgramme means the programme does not exist for a visitor.
var errNoProgramme = errors.New("programme not visible")

func (h *Handler) programmeCard(ctx context.Context, l *Lang, id string) (programmeCard, error) {
	resp, err := h.ambassadors.GetProgramme(ctx, &ambassadorsv1.GetProgrammeRequest{ProgrammeId: id})
	if err != nil {
		if c := status.Code(err); c == codes.NotFound || c == codes.InvalidArgument {
			return programmeCard{}, errNoProgramme
		}
		return programmeCard{}, fmt.Errorf("get programme %s: %w", id, err)
	}
	return newProgrammeCard(l, resp.GetProgramme()), nil
}

// ideaFormPage serves GET /ideeen/{programmeId}.
func (h *Handler) ideaFormPage(w http.ResponseWriter, r *http.Request) {
	l := h.lang(w, r)
	pc, err := h.programmeCard(r.Context(), l, r.PathValue("programmeId"))
	switch {
	case errors.Is(err, errNoProgramme):
		h.fail(w, r, http.StatusNotFound, "error16.programmeNotFound")
		return
	case err != nil:
		h.serviceFailed(w, r, "idea form", err)
		return
	}
	p := publicIdeaPage{Programme: pc, Form: ideaForm{Action: formAction(r), CSRF: h.csrfToken(w, r)}}
	h.renderIn(w, r, l, http.StatusOK, "ideas-form", p)
}

// submitIdea serves POST /ideeen/{programmeId}: the form is checked, sent
// to the ambassadors service, and answered with the thanks, or shown
// again with the errors at the top and next to the fields, values kept.
// The ideas' rate rule applies (Options.IdeaLimit, PLEIN_IDEA_RATE), per
// client address, apart from the registrations'.
func (h *Handler) submitIdea(w http.ResponseWriter, r *http.Request) {
	l := h.lang(w, r)
	if err := r.ParseForm(); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			h.fail(w, r, http.StatusRequestEntityTooLarge, "error.tooLarge")
			return
		}
		h.fail(w, r, http.StatusBadRequest, "error.badRequest")
		return
	}
	id := r.PathValue("programmeId")
	pc, err := h.programmeCard(r.Context(), l, id)
	switch {
	case errors.Is(err, errNoProgramme):
		h.fail(w, r, http.StatusNotFound, "error16.programmeNotFound")
		return
	case err != nil:
		h.serviceFailed(w, r, "submit idea", err)
		return
	}
	p := publicIdeaPage{Programme: pc, Form: ideaForm{Action: formAction(r), Values: readIdeaForm(r.PostForm)}}
	again := func(code int) {
		p.Form.summarise()
		p.Form.CSRF = h.csrfToken(w, r)
		h.renderIn(w, r, l, code, "ideas-form", p)
	}
	if status, msg, ok := admitPublicPost(w, r, h.ideaLimit, "ideas16.error.tooMany"); !ok {
		p.Form.General = l.T(msg)
		again(status)
		return
	}
	if !pc.Open {
		p.Form.General = l.T("ideas16.error.closed")
		again(http.StatusUnprocessableEntity)
		return
	}
	p.Form.check(l)
	if p.Form.Invalid() {
		again(http.StatusUnprocessableEntity)
		return
	}
	v := p.Form.Values
	_, err = h.ambassadors.SubmitIdea(r.Context(), &ambassadorsv1.SubmitIdeaRequest{ProgrammeId: id, Name: v.Name,
		Email: v.Email, Organisation: v.Organisation, KvkNumber: v.KvKNumber, Title: v.Title, Description: v.Description,
		Themes: v.Themes, Consent: v.Consent, Language: l.Code}) // the e-mails follow the language of the form
	if err != nil {
		if status.Code(err) == codes.NotFound {
			h.fail(w, r, http.StatusNotFound, "error16.programmeNotFound")
			return
		}
		if !p.Form.refused(l, err) {
			h.log.ErrorContext(r.Context(), "submit idea", "programme", id, "err", err)
			p.Form.General = l.T("ideas16.error.unavailable")
			again(http.StatusServiceUnavailable)
			return
		}
		again(http.StatusUnprocessableEntity)
		return
	}
	h.renderIn(w, r, l, http.StatusOK, "ideas-thanks", ideaThanksPage{Programme: pc, Title: v.Title, Email: v.Email})
}
