package web

import (
	"embed"
	"fmt"
	"io/fs"
	"net/http"
	"strings"

	"github.com/BurntSushi/toml"
	"github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"
)

// The message catalogs in go-i18n's TOML format (sections nest message
// ids, one/other hold plural forms): per language <lang>.toml and any
// number of <part>.<lang>.toml beside it, one per group of pages, read as
// one catalog.
//
//go:embed locales/*.toml
var localeFS embed.FS

// catalogFiles names the catalog files of a language, <lang>.toml first.
func catalogFiles(lang string) ([]string, error) {
	all, err := fs.Glob(localeFS, "locales/*.toml")
	if err != nil {
		return nil, err
	}
	files := []string{"locales/" + lang + ".toml"}
	for _, name := range all {
		if strings.HasSuffix(name, "."+lang+".toml") {
			files = append(files, name)
		}
	}
	return files, nil
}

// languages are the languages of the pages; the first is the default.
var languages = []language.Tag{language.Dutch, language.English}

// langCookie remembers a visitor's choice of language.
const langCookie = "plein_lang"

// catalog holds the messages of every language.
type catalog struct {
	langs   map[string]*Lang
	matcher language.Matcher
}

func newCatalog() (*catalog, error) {
	bundle := i18n.NewBundle(languages[0])
	bundle.RegisterUnmarshalFunc("toml", toml.Unmarshal)
	c := &catalog{langs: map[string]*Lang{}, matcher: language.NewMatcher(languages)}
	for _, tag := range languages {
		base, _ := tag.Base()
		l := &Lang{Code: base.String(), loc: i18n.NewLocalizer(bundle, base.String()), plain: map[string]string{}}
		names, err := catalogFiles(l.Code)
		if err != nil {
			return nil, fmt.Errorf("load messages: %w", err)
		}
		for _, name := range names {
			file, err := bundle.LoadMessageFileFS(localeFS, name)
			if err != nil {
				return nil, fmt.Errorf("load messages: %w", err)
			}
			// Render the messages that need no data once; most of a
			// page's strings are these.
			for _, m := range file.Messages {
				if !strings.Contains(m.Other, "{{") && m.One == "" {
					l.plain[m.ID] = m.Other
				}
			}
		}
		c.langs[l.Code] = l
	}
	return c, nil
}

// negotiate picks the language of a request: ?lang= first, then the
// remembered choice, then the browser's Accept-Language, then Dutch. chosen
// reports a valid ?lang=, which the caller remembers in a cookie.
func (c *catalog) negotiate(r *http.Request) (l *Lang, chosen bool) {
	if l, ok := c.langs[r.URL.Query().Get("lang")]; ok {
		return l, true
	}
	if ck, err := r.Cookie(langCookie); err == nil {
		if l, ok := c.langs[ck.Value]; ok {
			return l, false
		}
	}
	if al := r.Header.Get("Accept-Language"); al != "" {
		tags, _, err := language.ParseAcceptLanguage(al)
		if err == nil && len(tags) > 0 {
			_, i, conf := c.matcher.Match(tags...)
			if conf != language.No {
				base, _ := languages[i].Base()
				return c.langs[base.String()], false
			}
		}
	}
	base, _ := languages[0].Base()
	return c.langs[base.String()], false
}

// other returns the language that l's switch link offers.
func (c *catalog) other(l *Lang) *Lang {
	for code, o := range c.langs {
		if code != l.Code {
			return o
		}
	}
	return l
}

// Lang is one language's messages, as handlers and templates use them.
type Lang struct {
	// Code is the BCP 47 code: "nl" or "en".
	Code  string
	loc   *i18n.Localizer
	plain map[string]string
}

// T returns the message id, filled in with args given as name, value
// pairs ({{.Name}} in the message). A missing message shows its id; a test
// keeps that from happening.
func (l *Lang) T(id string, args ...any) string {
	if len(args) == 0 {
		if s, ok := l.plain[id]; ok {
			return s
		}
	}
	return l.localize(&i18n.LocalizeConfig{MessageID: id, TemplateData: pairs(args)})
}

// N returns the plural form of message id for n ({{.Count}} in the
// message), with more data as in T.
func (l *Lang) N(id string, n int, args ...any) string {
	data := pairs(args)
	data["Count"] = n
	return l.localize(&i18n.LocalizeConfig{MessageID: id, PluralCount: n, TemplateData: data})
}

// pattern returns the plural form of id for count with "{n}" in place of
// the number, for the live-update script to fill in.
func (l *Lang) pattern(id string, count int) string {
	return l.localize(&i18n.LocalizeConfig{MessageID: id, PluralCount: count, TemplateData: map[string]any{"Count": "{n}"}})
}

func (l *Lang) localize(cfg *i18n.LocalizeConfig) string {
	s, err := l.loc.Localize(cfg)
	if err != nil {
		return cfg.MessageID
	}
	return s
}

func pairs(args []any) map[string]any {
	data := make(map[string]any, len(args)/2+1)
	for i := 0; i+1 < len(args); i += 2 {
		if k, ok := args[i].(string); ok {
			data[k] = args[i+1]
		}
	}
	return data
}

// LanguageName names a spoken language by its code ("nl", "ngt"), or
// shows the code when the catalog has no name for it.
func (l *Lang) LanguageName(code string) string {
	if s, ok := l.plain["language."+code]; ok {
		return s
	}
	return code
}
