package web

import (
	"bytes"
	"encoding/xml"
	"net/http"
	"net/url"
	"time"
)

// atomFeedSize is how many events the feed holds.
const atomFeedSize = 50

// atomFeed is an Atom 1.0 feed (RFC 4287).
type atomFeed struct {
	XMLName xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	Lang    string      `xml:"xml:lang,attr"`
	ID      string      `xml:"id"`
	Title   string      `xml:"title"`
	Updated string      `xml:"updated"`
	Author  atomPerson  `xml:"author"`
	Links   []atomLink  `xml:"link"`
	Entries []atomEntry `xml:"entry"`
}

type atomPerson struct {
	Name string `xml:"name"`
}

type atomLink struct {
	Rel  string `xml:"rel,attr"`
	Type string `xml:"type,attr,omitempty"`
	Href string `xml:"href,attr"`
}

type atomEntry struct {
	ID      string   `xml:"id"`
	Title   string   `xml:"title"`
	Updated string   `xml:"updated"`
	Link    atomLink `xml:"link"`
	Summary string   `xml:"summary"`
}

// atom serves /evenementen.atom: the upcoming public events, with the
// agenda's filters, in the request's language.
func (h *Handler) atom(w http.ResponseWriter, r *http.Request) {
	l := h.lang(w, r)
	f := parseFilter(r.URL.Query())
	f.PageToken = ""
	dir, err := h.directory.get(r.Context())
	if err != nil {
		h.serviceFailed(w, r, "atom", err)
		return
	}
	events, _, err := h.agenda(r.Context(), f, atomFeedSize)
	if err != nil {
		h.serviceFailed(w, r, "atom", err)
		return
	}
	if !dir.knows(events...) {
		if dir, err = h.directory.refresh(r.Context()); err != nil {
			h.serviceFailed(w, r, "atom", err)
			return
		}
	}
	self := h.baseURL + "/evenementen.atom"
	home := h.baseURL + "/"
	if q := f.query(); len(q) > 0 {
		self += "?" + q.Encode()
		home += "?" + q.Encode()
	}
	feed := atomFeed{Lang: l.Code, ID: self, Title: l.T("atom.title"), Author: atomPerson{Name: "Plein"},
		Links: []atomLink{{Rel: "self", Type: "application/atom+xml", Href: self}, {Rel: "alternate", Type: "text/html", Href: home}}}
	var updated time.Time
	for _, e := range events {
		c := h.card(l, dir, e)
		u := e.GetUpdatedAt().AsTime()
		if e.GetUpdatedAt() == nil {
			u = e.GetCreatedAt().AsTime()
		}
		if u.After(updated) {
			updated = u
		}
		link := h.baseURL + "/evenementen/" + url.PathEscape(e.GetId())
		feed.Entries = append(feed.Entries, atomEntry{ID: link, Title: e.GetTitle(), Updated: u.UTC().Format(time.RFC3339),
			Link:    atomLink{Rel: "alternate", Type: "text/html", Href: link},
			Summary: joinNonEmpty(" · ", c.When, c.Place, c.Programme)})
	}
	if updated.IsZero() {
		updated = h.now()
	}
	feed.Updated = updated.UTC().Format(time.RFC3339)
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	if err := xml.NewEncoder(&buf).Encode(feed); err != nil {
		h.serviceFailed(w, r, "atom", err)
		return
	}
	w.Header().Set("Content-Type", "application/atom+xml; charset=utf-8")
	w.Header().Set("Cache-Control", "no-cache")
	w.Header().Set("Access-Control-Allow-Origin", "*")
	_, _ = buf.WriteTo(w) // the client may be gone; nothing to do then
}
