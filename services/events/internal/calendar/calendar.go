// Package calendar writes events as RFC 5545 iCalendar files: one VEVENT
// per event with a stable UID, times in Europe/Amsterdam (with its
// VTIMEZONE), SEQUENCE and STATUS, and the location with its address.
package calendar

import (
	"time"

	ics "github.com/arran4/golang-ical"

	"plein.dev/events/internal/domain"
)

// TZID is the time zone every event's times are written in.
const TZID = "Europe/Amsterdam"

// Entry is one event with the place it happens, as shown to attendees.
type Entry struct {
	Event domain.Event
	// Location is the room and venue with its address, or the event's own
	// location.
	Location string
}

// UID is the event's stable iCalendar UID: the same in every file and
// after every change.
func UID(eventID string) string { return eventID + "@plein" }

// Build returns the calendar file of the entries; stamp is the DTSTAMP.
func Build(entries []Entry, name string, stamp time.Time) []byte {
	cal := ics.NewCalendarFor("Plein")
	cal.SetMethod(ics.MethodPublish)
	cal.SetProductId("-//Plein//Events//NL")
	if name != "" {
		cal.SetXWRCalName(name)
	}
	cal.SetXWRTimezone(TZID)
	cal.AddVTimezone(amsterdam())
	for _, en := range entries {
		addEvent(cal, en, stamp)
	}
	return []byte(cal.Serialize())
}

func addEvent(cal *ics.Calendar, en Entry, stamp time.Time) {
	e := en.Event
	v := cal.AddEvent(UID(e.ID))
	v.SetDtStampTime(stamp)
	v.SetCreatedTime(e.CreatedAt)
	v.SetModifiedAt(e.UpdatedAt)
	v.SetProperty(ics.ComponentPropertyDtStart, wall(e.StartsAt), ics.WithTZID(TZID))
	v.SetProperty(ics.ComponentPropertyDtEnd, wall(e.EndsAt), ics.WithTZID(TZID))
	v.SetSequence(e.Sequence)
	v.SetSummary(e.Title)
	if e.Description != "" {
		v.SetDescription(e.Description)
	}
	if en.Location != "" {
		v.SetLocation(en.Location)
	}
	switch e.Status {
	case domain.StatusCancelled, domain.StatusDeclined:
		v.SetStatus(ics.ObjectStatusCancelled)
	case domain.StatusPublished, domain.StatusCompleted:
		v.SetStatus(ics.ObjectStatusConfirmed)
	default:
		v.SetStatus(ics.ObjectStatusTentative)
	}
	if len(e.Themes) > 0 {
		for _, t := range e.Themes {
			v.AddProperty(ics.ComponentPropertyCategories, t)
		}
	}
}

// wall is t as a local date-time in Europe/Amsterdam ("form 3" of RFC 5545
// with a TZID parameter).
func wall(t time.Time) string { return t.In(domain.Amsterdam).Format("20060102T150405") }

// amsterdam describes Europe/Amsterdam's rules since 1996 (EU summer time:
// last Sunday of March 02:00 to last Sunday of October 03:00).
func amsterdam() *ics.VTimezone {
	tz := ics.NewTimezone(TZID)
	std := tz.AddStandard()
	std.SetProperty(ics.ComponentPropertyDtStart, "19961027T030000")
	std.SetProperty(ics.ComponentPropertyRrule, "FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU")
	std.SetProperty(ics.ComponentProperty(ics.PropertyTzoffsetfrom), "+0200")
	std.SetProperty(ics.ComponentProperty(ics.PropertyTzoffsetto), "+0100")
	std.SetProperty(ics.ComponentProperty(ics.PropertyTzname), "CET")
	dst := &ics.Daylight{}
	dst.SetProperty(ics.ComponentPropertyDtStart, "19810329T020000")
	dst.SetProperty(ics.ComponentPropertyRrule, "FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU")
	dst.SetProperty(ics.ComponentProperty(ics.PropertyTzoffsetfrom), "+0100")
	dst.SetProperty(ics.ComponentProperty(ics.PropertyTzoffsetto), "+0200")
	dst.SetProperty(ics.ComponentProperty(ics.PropertyTzname), "CEST")
	tz.Components = append(tz.Components, dst)
	return tz
}
