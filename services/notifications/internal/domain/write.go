package domain

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"plein.dev/platform/ical"
)

// Writer writes letters in their language.
type Writer struct {
	// BaseURL is the public URL links point to, e.g. "https://plein.example".
	BaseURL string
	// Zone is where times are shown (zone.Amsterdam).
	Zone *time.Location
}

// Write returns the content of l. token is the manage token opened from
// the letter's sealed token, or "" when there was none or it did not open:
// the e-mail then says where the attendee finds their link. For a digest
// it is the unsubscribe token ("": the link leads to the console). created is
// when the e-mail was decided on (the calendar file's DTSTAMP).
func (w Writer) Write(l Letter, token string, created time.Time) (Content, error) {
	t := of(l.Language)
	c := Content{Language: LanguageOf(l.Language)}
	name := oneLine(l.To.Name)
	if name == "" {
		name = t.Someone
	}
	c.text(fmt.Sprintf(t.Greeting, name))
	var err error
	switch {
	case l.Registration != nil:
		err = w.attendee(&c, t, l, token, created)
	case l.Ambassador != nil:
		err = w.ambassador(&c, t, l)
	case l.Account != nil:
		err = w.account(&c, t, l)
	case l.Organiser != nil:
		err = w.organiser(&c, t, l, token)
	case l.Idea != nil:
		err = w.idea(&c, l)
	default:
		err = errors.New("a letter about nothing")
	}
	if err != nil {
		return Content{}, fmt.Errorf("write %s: %w", l.Kind, err)
	}
	c.text(t.SignOff)
	return c, nil
}

// attendee writes the letters about a registration.
func (w Writer) attendee(c *Content, t *texts, l Letter, token string, created time.Time) error {
	r := *l.Registration
	ev, subj := t.TheEvent, ""
	if title := oneLine(r.Event.Title); title != "" {
		ev, subj = "“"+title+"”", ": "+title
	}
	switch l.Kind {
	case KindConfirmed, KindPromoted:
		if l.Kind == KindConfirmed {
			c.Subject = t.SubjectConfirmed + subj
			c.text(fmt.Sprintf(t.Confirmed, ev))
		} else {
			c.Subject = t.SubjectPromoted + subj
			c.text(fmt.Sprintf(t.Promoted, ev))
		}
		c.facts(w.whenWhere(t, r.Event)...)
		w.checkIn(c, t, r)
		w.manage(c, t, r.ID, token)
		w.calendar(c, t, r, ical.Request, ical.Confirmed, t.CalendarAdded, created)
		if l.Kind == KindConfirmed {
			c.text(t.SeeYou)
		} else {
			c.text(t.CannotCome)
		}
	case KindWaitlisted:
		c.Subject = t.SubjectWaitlisted + subj
		line := fmt.Sprintf(t.Waitlisted, ev)
		if r.WaitlistPosition > 0 {
			line += " " + fmt.Sprintf(t.Position, r.WaitlistPosition)
		}
		c.text(line + "\n" + t.WhenFree)
		c.facts(w.whenWhere(t, r.Event)...)
		w.manage(c, t, r.ID, token)
	case KindCancelled:
		c.Subject = t.SubjectCancelled + subj
		switch r.CancelledBy {
		case CancelledByAttendee:
			c.text(fmt.Sprintf(t.CancelledByAttendee, ev))
		case CancelledByOrganiser, "":
			c.text(fmt.Sprintf(t.CancelledByOrganiser, ev))
		default:
			c.Subject = t.SubjectEventCancelled + subj
			c.text(fmt.Sprintf(t.EventOff, ev))
			if reason := oneLine(r.CancellationReason); reason != "" {
				c.facts(Fact{Label: t.Reason, Value: reason})
			}
		}
		c.facts(w.whenWhere(t, r.Event)...)
		w.calendar(c, t, r, ical.Cancel, ical.Cancelled, t.CalendarRemoved, created)
	case KindRescheduled:
		c.Subject = t.SubjectRescheduled + subj
		c.text(fmt.Sprintf(t.Rescheduled, ev))
		c.Blocks = append(c.Blocks, Block{Text: t.After + ":", Facts: w.whenWhere(t, r.Event)})
		if p := l.Previous; p != nil && (!p.StartsAt.IsZero() || oneLine(p.Location) != "") {
			c.Blocks = append(c.Blocks, Block{Text: t.Before + ":", Facts: w.whenWhere(t, *p)})
		}
		status := ical.Confirmed
		if r.Status == StatusWaitlisted {
			status = ical.Tentative
			c.text(t.StillWaiting)
		} else {
			c.text(t.Stands + " " + t.CannotCome)
		}
		w.manage(c, t, r.ID, token)
		w.calendar(c, t, r, ical.Request, status, t.CalendarUpdated, created)
	case KindReminder:
		c.Subject = t.SubjectReminder + subj
		c.text(fmt.Sprintf(t.Reminder, ev))
		c.facts(w.whenWhere(t, r.Event)...)
		w.checkIn(c, t, r)
		w.manage(c, t, r.ID, token)
		c.text(t.CannotCome)
		c.Unsubscribe = w.ManageURL(r.ID, token)
	default:
		return fmt.Errorf("no %s letter to an attendee", l.Kind)
	}
	return nil
}

// whenWhere are the facts of when and where an event takes place.
func (w Writer) whenWhere(t *texts, ev Event) []Fact {
	var facts []Fact
	if !ev.StartsAt.IsZero() {
		facts = append(facts, Fact{Label: t.When, Value: t.span(ev.StartsAt, ev.EndsAt, w.Zone)})
	}
	if loc := oneLine(ev.Location); loc != "" {
		if online(loc) {
			facts = append(facts, Fact{Label: t.Online, Value: loc, URL: loc})
		} else {
			facts = append(facts, Fact{Label: t.Where, Value: loc})
		}
	}
	return facts
}

// online reports whether a location is a link to an online meeting.
func online(loc string) bool {
	u, err := url.Parse(loc)
	return err == nil && (u.Scheme == "https" || u.Scheme == "http") && u.Host != "" && !strings.ContainsAny(loc, " ")
}

func (w Writer) checkIn(c *Content, t *texts, r Registration) {
	if code := oneLine(r.CheckInCode); code != "" {
		c.CheckInCode = code
		c.text(fmt.Sprintf(t.CheckIn, code))
		c.Blocks = append(c.Blocks, Block{QR: true})
	}
}

func (w Writer) manage(c *Content, t *texts, registrationID, token string) {
	if token == "" {
		c.text(t.ManageWithoutLink)
		return
	}
	c.Blocks = append(c.Blocks, Block{Link: &Link{Label: t.Manage, URL: w.ManageURL(registrationID, token)}})
}

// calendar attaches the registration's calendar file: the event's UID
// (ical.UID) and the SEQUENCE the registrations service numbers, so that
// it updates the one entry a calendar holds for the event.
func (w Writer) calendar(c *Content, t *texts, r Registration, m ical.Method, s ical.Status, note string, created time.Time) {
	ev := r.Event
	if r.EventID == "" || ev.StartsAt.IsZero() || !ev.EndsAt.After(ev.StartsAt) {
		return
	}
	seq := r.CalendarSequence
	if seq == 0 {
		seq = int(r.Version)
	}
	c.Calendar = &ical.Calendar{Method: m, Stamp: created, Events: []ical.Event{{
		ID: r.EventID, Title: oneLine(ev.Title), Description: ev.Description, Location: oneLine(ev.Location),
		URL: w.EventURL(r.EventID), StartsAt: ev.StartsAt, EndsAt: ev.EndsAt, Sequence: seq, Status: s,
	}}}
	c.CalendarFile = t.CalendarFile
	c.text(note)
}

// ManageURL is the link to a registration's page; it opens the
// registration when it carries the manage token.
func (w Writer) ManageURL(registrationID, token string) string {
	u := w.base() + "/aanmelding/" + url.PathEscape(registrationID)
	if token != "" {
		u += "?token=" + url.QueryEscape(token)
	}
	return u
}

// EventURL is the link to an event's public page.
func (w Writer) EventURL(eventID string) string {
	return w.base() + "/evenementen/" + url.PathEscape(eventID)
}

// PortalURL is the link to the ambassador portal.
func (w Writer) PortalURL() string { return w.base() + "/ambassadeur" }

func (w Writer) base() string { return strings.TrimRight(w.BaseURL, "/") }

func (c *Content) text(s string) { c.Blocks = append(c.Blocks, Block{Text: s}) }

func (c *Content) facts(f ...Fact) {
	if len(f) > 0 {
		c.Blocks = append(c.Blocks, Block{Facts: f})
	}
}

// oneLine folds line breaks and runs of white space into single spaces.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}
