package domain

import (
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"

	"plein.dev/platform/rule"
	"plein.dev/platform/zone"
)

// Contact is a person to turn to about an event (issue 16): a wethouder, a
// programme manager, an account manager. The public see the public ones
// only, without what the organisers alone may see.
type Contact struct {
	Name   string `json:"name"`
	Role   string `json:"role"`
	Email  string `json:"email,omitempty"`
	Phone  string `json:"phone,omitempty"`
	Public bool   `json:"public,omitempty"`
}

// AgendaItem is one part of an event's programme of the day.
type AgendaItem struct {
	StartsAt time.Time `json:"startsAt"`
	Title    string    `json:"title"`
	Speaker  string    `json:"speaker,omitempty"`
}

// Material is a link to slides, a report or a recording of an event.
type Material struct {
	Title string `json:"title"`
	URL   string `json:"url"`
}

// SortAgenda puts the agenda in order of time (items at one time keep
// their order).
func (e *Event) SortAgenda() {
	slices.SortStableFunc(e.Agenda, func(a, b AgendaItem) int { return a.StartsAt.Compare(b.StartsAt) })
}

// CheckContent checks the event's agenda and materials: every agenda item
// starts within the event (from its start, before its end), every
// material is an http or https link. Both are the request's mistakes
// (InvalidArgument), naming the item.
func (e *Event) CheckContent() error {
	for i, it := range e.Agenda {
		if it.StartsAt.Before(e.StartsAt) || !it.StartsAt.Before(e.EndsAt) {
			return rule.InvalidField(fmt.Sprintf("agenda[%d].startsAt", i),
				fmt.Sprintf("%s is not within the event (%s to %s)", wallClock(it.StartsAt),
					wallClock(e.StartsAt), wallClock(e.EndsAt)))
		}
	}
	for i, m := range e.Materials {
		if !WebLink(m.URL) {
			return rule.InvalidField(fmt.Sprintf("materials[%d].url", i), "must be an http or https link")
		}
	}
	return nil
}

// WebLink reports whether s is an absolute http or https URL with a host.
func WebLink(s string) bool {
	u, err := url.Parse(s)
	if err != nil {
		return false
	}
	scheme := strings.ToLower(u.Scheme)
	return (scheme == "http" || scheme == "https") && u.Host != "" && u.User == nil
}

// CheckAreas refuses an area the programme does not have, when the
// programme has areas (one announced without any, or before programmes
// had them, leaves the areas free).
func CheckAreas(areas []string, p Programme) error {
	if len(p.Areas) == 0 {
		return nil
	}
	for _, a := range areas {
		if !slices.Contains(p.Areas, a) {
			return Unmet("areas", fmt.Sprintf("%q is not an area of the programme %q", a, p.Name))
		}
	}
	return nil
}

// PublicContacts returns the public ones of contacts; with bare, without
// their e-mail address and phone number.
func PublicContacts(contacts []Contact, bare bool) []Contact {
	out := []Contact{}
	for _, c := range contacts {
		if !c.Public {
			continue
		}
		if bare {
			c.Email, c.Phone = "", ""
		}
		out = append(out, c)
	}
	return out
}

func wallClock(t time.Time) string { return t.In(zone.Amsterdam).Format("2006-01-02 15:04") }

// AgendaLines are the agenda as short lines, "14:00 Opening — speaker",
// in Europe/Amsterdam; with the date when the event spans several days.
func (e *Event) AgendaLines() []string {
	layout := "15:04"
	if day := "2006-01-02"; e.StartsAt.In(zone.Amsterdam).Format(day) != e.EndsAt.Add(-time.Second).In(zone.Amsterdam).Format(day) {
		layout = "02-01 15:04"
	}
	lines := make([]string, 0, len(e.Agenda))
	for _, it := range e.Agenda {
		line := it.StartsAt.In(zone.Amsterdam).Format(layout) + " " + it.Title
		if it.Speaker != "" {
			line += " — " + it.Speaker
		}
		lines = append(lines, line)
	}
	return lines
}
