package web

import (
	"cmp"
	"html/template"
	"slices"
	"strings"

	"plein.dev/platform/zone"
	eventsv1 "plein.dev/proto/gen/plein/events/v1"
)

// eventContent is what an event page shows beside the event's facts: its
// areas, the programme of the day, links to materials, the people to turn
// to and, once it is over, what came of it (issue 16).
type eventContent struct {
	Areas     []string
	Agenda    []agendaEntry
	Materials []material
	Contacts  []contactView
	// PostNote is the note written afterwards, in paragraphs; set only
	// when the event is over.
	PostNote []string
}

// agendaEntry is one item of the programme of the day.
type agendaEntry struct {
	// Start is the machine-readable time; Clock the time of day in
	// Amsterdam; Day the date, set only when the event spans more than
	// one day.
	Start   string
	Clock   string
	Day     string
	Title   string
	Speaker string
}

// material is a link to slides, a report or a recording.
type material struct {
	Title string
	URL   string
}

// contactView is a public contact person as the pages show them.
type contactView struct {
	Name  string
	Role  string
	Email string
	Phone string
	// Tel is Phone as a tel: link, its digits and a leading + only.
	Tel template.URL
}

// contactSource is what the events' and the programmes' contacts share.
type contactSource interface {
	GetName() string
	GetRole() string
	GetEmail() string
	GetPhone() string
	GetPublic() bool
}

// publicContacts are the contacts marked public, with their roles in
// words. The services show visitors the public ones only; the page
// filters again so that a service's slip cannot put a private number on
// a public page.
func publicContacts[C contactSource](l *Lang, cs []C) []contactView {
	var out []contactView
	for _, c := range cs {
		if !c.GetPublic() || strings.TrimSpace(c.GetName()) == "" {
			continue
		}
		v := contactView{Name: c.GetName(), Role: l.ContactRole(c.GetRole()), Email: c.GetEmail(), Phone: c.GetPhone()}
		if tel := telDigits(v.Phone); tel != "" {
			v.Tel = template.URL("tel:" + tel) // digits and + only: nothing to escape
		}
		out = append(out, v)
	}
	return out
}

// telDigits keeps the digits of a phone number and a leading +, less the
// trunk prefix written "(0)" after a country code: +31 (0)10 is +3110.
func telDigits(phone string) string {
	phone = strings.TrimSpace(phone)
	if strings.HasPrefix(phone, "+") {
		phone = strings.ReplaceAll(phone, "(0)", "")
	}
	var b strings.Builder
	for i, r := range phone {
		if (r >= '0' && r <= '9') || (r == '+' && i == 0) {
			b.WriteRune(r)
		}
	}
	if s := b.String(); len(strings.TrimPrefix(s, "+")) >= 3 {
		return s
	}
	return ""
}

// ContactRole names a contact's role (wethouder, programmamanager, ...) in
// the page's language, or shows the role as written when the catalog has
// no name for it.
func (l *Lang) ContactRole(role string) string {
	if s, ok := l.plain["contactRole."+role]; ok {
		return s
	}
	return strings.ReplaceAll(role, "-", " ")
}

// loadContent fills in the event's content for the page.
func (p *eventPage) loadContent(l *Lang, e *eventsv1.Event) {
	p.Areas = e.GetAreas()
	p.Contacts = publicContacts(l, e.GetContacts())
	start, end := e.GetStartsAt().AsTime().In(zone.Amsterdam), e.GetEndsAt().AsTime().In(zone.Amsterdam)
	days := start.YearDay() != end.YearDay() || start.Year() != end.Year()
	items := slices.Clone(e.GetAgenda())
	slices.SortStableFunc(items, func(a, b *eventsv1.AgendaItem) int {
		return cmp.Compare(a.GetStartsAt().AsTime().UnixNano(), b.GetStartsAt().AsTime().UnixNano())
	})
	for _, it := range items {
		at := it.GetStartsAt().AsTime()
		a := agendaEntry{Start: machineTime(at), Clock: l.Clock(at), Title: it.GetTitle(), Speaker: it.GetSpeaker()}
		if days {
			a.Day = l.Date(at)
		}
		p.Agenda = append(p.Agenda, a)
	}
	for _, m := range e.GetMaterials() {
		if u := m.GetUrl(); strings.HasPrefix(u, "https://") || strings.HasPrefix(u, "http://") {
			p.Materials = append(p.Materials, material{Title: m.GetTitle(), URL: u})
		}
	}
	if p.Window == windowOver {
		p.PostNote = paragraphs(e.GetPostNote())
	}
}
