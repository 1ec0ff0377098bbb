// Package ical writes Plein's iCalendar files (RFC 5545): the one writer the
// events service (event and feed files) and the registrations service (an
// attendee's file) share. Lines end in CRLF and are folded at 75 octets,
// times are written in Europe/Amsterdam with its VTIMEZONE, and every event
// has one UID in every file and after every change: UID(eventID).
package ical

import (
	"time"

	ics "github.com/arran4/golang-ical"

	"plein.dev/platform/zone"
)

// Method is the calendar's METHOD.
type Method string

const (
	// Publish: a file to import or subscribe to.
	Publish Method = "PUBLISH"
	// Request: an invitation the attendee's calendar adds or updates.
	Request Method = "REQUEST"
	// Cancel: an invitation withdrawn.
	Cancel Method = "CANCEL"
)

// Status is an event's STATUS.
type Status string

const (
	Tentative Status = "TENTATIVE"
	Confirmed Status = "CONFIRMED"
	Cancelled Status = "CANCELLED"
)

// Event is one VEVENT.
type Event struct {
	// ID is the event's id in Plein; the UID is UID(ID).
	ID          string
	Title       string
	Description string
	// Location is the room and venue with its address, or an online link.
	Location string
	// URL is the event's page.
	URL      string
	StartsAt time.Time
	EndsAt   time.Time
	// Created and Modified are omitted when zero.
	Created  time.Time
	Modified time.Time
	// Sequence grows with every change a calendar must take over.
	Sequence   int
	Status     Status
	Categories []string
}

// Calendar is one file.
type Calendar struct {
	// Name is shown by calendar programs for a subscribed feed; optional.
	Name   string
	Method Method
	// Stamp is the DTSTAMP of every event: when the file was made.
	Stamp  time.Time
	Events []Event
}

// UID is the stable iCalendar UID of a Plein event.
func UID(eventID string) string { return eventID + "@plein" }

// ContentType is the media type of the files.
const ContentType = "text/calendar; charset=utf-8"

// Write returns the file.
func Write(c Calendar) []byte {
	cal := ics.NewCalendarFor("Plein")
	method := c.Method
	if method == "" {
		method = Publish
	}
	cal.SetMethod(ics.Method(method))
	cal.SetProductId("-//Plein//Plein//NL")
	if c.Name != "" {
		cal.SetXWRCalName(c.Name)
	}
	cal.SetXWRTimezone(zone.Name)
	cal.AddVTimezone(amsterdam())
	for _, e := range c.Events {
		add(cal, e, c.Stamp)
	}
	return []byte(cal.Serialize(ics.WithNewLine("\r\n")))
}

func add(cal *ics.Calendar, e Event, stamp time.Time) {
	v := cal.AddEvent(UID(e.ID))
	v.SetDtStampTime(stamp.UTC())
	if !e.Created.IsZero() {
		v.SetCreatedTime(e.Created.UTC())
	}
	if !e.Modified.IsZero() {
		v.SetModifiedAt(e.Modified.UTC())
	}
	v.SetProperty(ics.ComponentPropertyDtStart, wall(e.StartsAt), ics.WithTZID(zone.Name))
	v.SetProperty(ics.ComponentPropertyDtEnd, wall(e.EndsAt), ics.WithTZID(zone.Name))
	v.SetSequence(e.Sequence)
	v.SetSummary(e.Title)
	if e.Description != "" {
		v.SetDescription(e.Description)
	}
	if e.Location != "" {
		v.SetLocation(e.Location)
	}
	if e.URL != "" {
		v.SetURL(e.URL)
	}
	status := e.Status
	if status == "" {
		status = Confirmed
	}
	v.SetStatus(ics.ObjectStatus(status))
	for _, t := range e.Categories {
		v.AddProperty(ics.ComponentPropertyCategories, t)
	}
}

// wall is t as a local date-time in Europe/Amsterdam ("form 3" of RFC 5545,
// with a TZID parameter).
func wall(t time.Time) string { return t.In(zone.Amsterdam).Format("20060102T150405") }

// amsterdam describes Europe/Amsterdam's rules since 1996 (EU summer time:
// last Sunday of March 02:00 to last Sunday of October 03:00).
func amsterdam() *ics.VTimezone {
	tz := ics.NewTimezone(zone.Name)
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
