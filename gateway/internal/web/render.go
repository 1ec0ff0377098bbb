package web

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"strings"
	"time"
)

//go:embed templates/*.html
var templateFS embed.FS

// pages are the parsed templates: each page file with the layouts and
// the partials (files starting with "_").
type pages struct {
	byName map[string]*template.Template
}

func parsePages(as *assets) (*pages, error) {
	funcs := template.FuncMap{
		"asset":       as.url,
		"machineTime": machineTime,
		"pathEscape":  url.PathEscape,
		"formArgs":    func(l *Lang, p eventPage) formArgs { return formArgs{l, p} },
		"questionArgs": func(l *Lang, f form, q question) questionArgs {
			return questionArgs{l, f, q}
		},
		"field":     newFieldArgs,
		"ideaField": newIdeaFieldArgs,
	}
	base, err := template.New("").Funcs(funcs).ParseFS(templateFS, "templates/_*.html")
	if err != nil {
		return nil, fmt.Errorf("templates: %w", err)
	}
	names, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		return nil, fmt.Errorf("templates: %w", err)
	}
	ps := &pages{byName: map[string]*template.Template{}}
	for _, n := range names {
		file := strings.TrimPrefix(n, "templates/")
		if strings.HasPrefix(file, "_") {
			continue
		}
		t, err := template.Must(base.Clone()).ParseFS(templateFS, n)
		if err != nil {
			return nil, fmt.Errorf("templates: %w", err)
		}
		ps.byName[strings.TrimSuffix(file, ".html")] = t
	}
	return ps, nil
}

// view is what every page template gets: the language, the switch to the
// other language, and the page's own data.
type view struct {
	L *Lang
	// Switch is the same page in the other language.
	Switch     *Lang
	SwitchURL  string
	RequestURI string
	Data       any
}

// render writes page name in the request's language with status code.
// Pages are rendered into a buffer first, so a template error never leaves
// half a page.
func (h *Handler) render(w http.ResponseWriter, r *http.Request, code int, name string, data any) {
	l := h.lang(w, r)
	h.renderIn(w, r, l, code, name, data)
}

func (h *Handler) renderIn(w http.ResponseWriter, r *http.Request, l *Lang, code int, name string, data any) {
	t, ok := h.pages.byName[name]
	if !ok {
		h.log.ErrorContext(r.Context(), "no such page template", "page", name)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	other := h.catalog.other(l)
	v := view{L: l, Switch: other, SwitchURL: withQuery(r.URL, "lang", other.Code), Data: data,
		RequestURI: r.URL.RequestURI()}
	var buf bytes.Buffer
	layout := "layout"
	if name == "embed" {
		layout = "bare"
	}
	if err := t.ExecuteTemplate(&buf, layout, v); err != nil {
		h.log.ErrorContext(r.Context(), "render page", "page", name, "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	hd := w.Header()
	hd.Set("Content-Type", "text/html; charset=utf-8")
	hd.Set("Content-Language", l.Code)
	// Pages show live counts and, some of them, personal data: no copy
	// is kept anywhere.
	hd.Set("Cache-Control", "no-store")
	hd.Set("Vary", "Accept-Language, Cookie")
	w.WriteHeader(code)
	_, _ = buf.WriteTo(w) // the client may be gone; nothing to do then
}

// lang picks the request's language and remembers an explicit choice.
func (h *Handler) lang(w http.ResponseWriter, r *http.Request) *Lang {
	l, chosen := h.catalog.negotiate(r)
	if chosen {
		http.SetCookie(w, &http.Cookie{Name: langCookie, Value: l.Code, Path: "/", MaxAge: 365 * 24 * 3600,
			HttpOnly: true, Secure: h.secure, SameSite: http.SameSiteLaxMode})
	}
	return l
}

// errorPage is the data of the error page.
type errorPage struct {
	Status  int
	Message string
	// Retry is how long to wait before trying again, for 429.
	Retry time.Duration
}

// fail answers with the error page: status code and a message from the
// catalog.
func (h *Handler) fail(w http.ResponseWriter, r *http.Request, code int, msgID string) {
	h.render(w, r, code, "error", errorPage{Status: code, Message: msgID})
}

// withQuery returns u's path and query with key set to value.
func withQuery(u *url.URL, key, value string) string {
	q := u.Query()
	q.Set(key, value)
	return u.Path + "?" + q.Encode()
}
