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

	"plein.dev/gateway/internal/accounts"
	"plein.dev/platform/identity"
)

// The console's and the portal's templates: pages under templates/console
// and templates/portal, sharing the partials in templates/console/_*.html
// (the staff layout, form controls).
//
//go:embed templates/console/*.html templates/portal/*.html
var staffFS embed.FS

func parseStaffPages(as *assets) (*pages, error) {
	funcs := template.FuncMap{
		"asset":       as.url,
		"machineTime": machineTime,
		"pathEscape":  url.PathEscape,
		"query":       func(v url.Values) string { return v.Encode() },
		"ctl":         newControl,
		"percent":     percent,
		"errs":        func(l *Lang, e *entry) errArgs { return errArgs{l, e} },
		"status":      func(l *Lang, s string) statusArgs { return statusArgs{l, s} },
	}
	base, err := template.New("").Funcs(funcs).ParseFS(staffFS, "templates/console/_*.html")
	if err != nil {
		return nil, fmt.Errorf("staff templates: %w", err)
	}
	ps := &pages{byName: map[string]*template.Template{}}
	for _, dir := range []string{"console", "portal"} {
		names, err := fs.Glob(staffFS, "templates/"+dir+"/*.html")
		if err != nil {
			return nil, fmt.Errorf("staff templates: %w", err)
		}
		for _, n := range names {
			file := strings.TrimPrefix(n, "templates/"+dir+"/")
			if strings.HasPrefix(file, "_") {
				continue
			}
			t, err := template.Must(base.Clone()).ParseFS(staffFS, n)
			if err != nil {
				return nil, fmt.Errorf("staff templates: %w", err)
			}
			ps.byName[dir+"/"+strings.TrimSuffix(file, ".html")] = t
		}
	}
	return ps, nil
}

// staffView is what every console and portal template gets.
type staffView struct {
	L         *Lang
	Switch    *Lang
	SwitchURL string
	User      accounts.User
	CSRF      string
	// Nav are the sections of the console or portal; Portal tells which.
	Nav    []navItem
	Portal bool
	Data   any
}

// navItem is one section in the staff navigation.
type navItem struct {
	Path    string
	Label   string
	Current bool
}

// consoleNav and portalNav are the sections, by path and message id.
var (
	consoleNav = [][2]string{{"/beheer", "console.nav.overview"}, {"/beheer/evenementen", "console.nav.events"},
		{"/beheer/zalen", "console.nav.rooms"}, {"/beheer/programmas", "console.nav.programmes"}, {"/beheer/organisaties", "console.nav.organisations"},
		{"/beheer/beoordelen", "console.nav.review"}, {"/beheer/ideeen", "console.nav.ideas"}, {"/beheer/rapportage", "console.nav.report"},
		{"/beheer/e-mails", "console.nav.emails"}}
	portalNav = [][2]string{{"/ambassadeur", "portal.nav.home"}, {"/ambassadeur/activiteiten/nieuw", "portal.nav.log"}}
)

// renderStaff writes a console or portal page (name as "console/events")
// in the request's language. Pages are rendered into a buffer first, so a
// template error never leaves half a page.
func (h *Handler) renderStaff(w http.ResponseWriter, r *http.Request, s *session, code int, name string, data any) {
	l := h.lang(w, r)
	t, ok := h.staffPage.byName[name]
	if !ok {
		h.log.ErrorContext(r.Context(), "no such page template", "page", name)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	other := h.catalog.other(l)
	v := staffView{L: l, Switch: other, SwitchURL: withQuery(r.URL, "lang", other.Code), User: s.User, CSRF: s.CSRF,
		Portal: strings.HasPrefix(name, "portal/"), Data: data}
	sections := consoleNav
	if v.Portal {
		sections = portalNav
	}
	for _, n := range sections {
		current := r.URL.Path == n[0] || (n[0] != "/beheer" && n[0] != "/ambassadeur" && strings.HasPrefix(r.URL.Path, n[0]+"/"))
		v.Nav = append(v.Nav, navItem{Path: n[0], Label: l.T(n[1]), Current: current})
	}
	if !v.Portal && s.User.Identity().Has(identity.RoleAmbassador) {
		v.Nav = append(v.Nav, navItem{Path: "/ambassadeur", Label: l.T("portal.nav.home")})
	}
	if v.Portal && s.User.Identity().Has(identity.RoleOrganiser) {
		v.Nav = append(v.Nav, navItem{Path: "/beheer", Label: l.T("console.nav.overview")})
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "staff", v); err != nil {
		h.log.ErrorContext(r.Context(), "render page", "page", name, "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	hd := w.Header()
	hd.Set("Content-Type", "text/html; charset=utf-8")
	hd.Set("Content-Language", l.Code)
	// Personal data: no copy is kept anywhere.
	hd.Set("Cache-Control", "no-store")
	hd.Set("Vary", "Accept-Language, Cookie")
	w.WriteHeader(code)
	_, _ = buf.WriteTo(w) // the client may be gone; nothing to do then
}

// errArgs and statusArgs carry the language with a part to a partial.
type errArgs struct {
	L *Lang
	E *entry
}

type statusArgs struct {
	L      *Lang
	Status string
}

// percent is part of whole in whole percents, at most 100, for bars.
func percent(part, whole int) int {
	if whole <= 0 || part <= 0 {
		return 0
	}
	return min(100, part*100/whole)
}
