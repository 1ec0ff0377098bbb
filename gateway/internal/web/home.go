package web

import (
	"context"
	"net/http"
	"time"

	"plein.dev/platform/zone"
	ambassadorsv1 "plein.dev/proto/gen/plein/ambassadors/v1"
	eventsv1 "plein.dev/proto/gen/plein/events/v1"
)

// agendaPageSize is how many events a page of the agenda shows.
const agendaPageSize = 20

// agendaPage is the data of / and /embed.
type agendaPage struct {
	// Path is the page's own path, where the filters go.
	Path string
	// Embed is set on /embed, whose links open a new window.
	Embed      bool
	Filter     filter
	Events     []eventCard
	NextURL    string
	FirstURL   string
	Programmes []*ambassadorsv1.Programme
	Venues     []*eventsv1.Venue
	Themes     []string
	Months     []option
	// AtomURL is the feed of the same selection.
	AtomURL string
}

// option is a choice in a select.
type option struct {
	Value, Label string
}

// home serves /: the upcoming public events.
func (h *Handler) home(w http.ResponseWriter, r *http.Request) {
	h.agendaPage(w, r, "home")
}

// embed serves /embed: the agenda without the site around it, for other
// sites' iframes.
func (h *Handler) embed(w http.ResponseWriter, r *http.Request) {
	h.agendaPage(w, r, "embed")
}

func (h *Handler) agendaPage(w http.ResponseWriter, r *http.Request, name string) {
	l := h.lang(w, r)
	f := parseFilter(r.URL.Query())
	data, err := h.loadAgenda(r.Context(), l, f, r.URL.Path)
	if err != nil {
		h.serviceFailed(w, r, "agenda", err)
		return
	}
	h.renderIn(w, r, l, http.StatusOK, name, data)
}

func (h *Handler) loadAgenda(ctx context.Context, l *Lang, f filter, path string) (agendaPage, error) {
	dir, err := h.directory.get(ctx)
	if err != nil {
		return agendaPage{}, err
	}
	events, next, err := h.agenda(ctx, f, agendaPageSize)
	if err != nil {
		return agendaPage{}, err
	}
	if !dir.knows(events...) {
		if dir, err = h.directory.refresh(ctx); err != nil {
			return agendaPage{}, err
		}
	}
	p := agendaPage{Path: path, Embed: path == "/embed", Filter: f, Programmes: dir.programmes, Venues: dir.venues, Themes: dir.themes,
		Months: h.months(l)}
	for _, e := range events {
		p.Events = append(p.Events, h.card(l, dir, e))
	}
	q := f.query()
	if next != "" {
		q.Set("pageToken", next)
		p.NextURL = path + "?" + q.Encode()
		q.Del("pageToken")
	}
	if f.PageToken != "" {
		p.FirstURL = path
		if len(q) > 0 {
			p.FirstURL += "?" + q.Encode()
		}
	}
	p.AtomURL = "/evenementen.atom"
	if len(q) > 0 {
		p.AtomURL += "?" + q.Encode()
	}
	return p, nil
}

// months are the choices of the month filter: this month and the next
// eleven.
func (h *Handler) months(l *Lang) []option {
	now := h.now().In(zone.Amsterdam)
	first := time.Date(now.Year(), now.Month(), 1, 12, 0, 0, 0, zone.Amsterdam)
	out := make([]option, 12)
	for i := range out {
		m := first.AddDate(0, i, 0)
		out[i] = option{Value: m.Format("2006-01"), Label: l.MonthName(m)}
	}
	return out
}

// serviceFailed answers when a service call failed in a way the visitor
// cannot change: unavailable services are a 503, anything else a 500.
func (h *Handler) serviceFailed(w http.ResponseWriter, r *http.Request, what string, err error) {
	h.log.ErrorContext(r.Context(), "page", "page", what, "err", err)
	h.fail(w, r, http.StatusServiceUnavailable, "error.unavailable")
}
