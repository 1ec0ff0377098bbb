package domain

import (
	"fmt"
	"time"
)

// texts are the words of the e-mails in one language; catalog.go holds
// them for Dutch and English (a test checks that none is missing). Verbs
// (%s, %d) are filled in by write.go.
type texts struct {
	Greeting, Someone, TheEvent, SignOff string
	When, Where, Online, Reason, Code    string
	Before, After                        string

	Manage, ManageWithoutLink                             string
	CheckIn                                               string
	CalendarAdded, CalendarUpdated, CalendarRemoved       string
	CannotCome                                            string
	SubjectConfirmed, Confirmed, SeeYou                   string
	SubjectWaitlisted, Waitlisted, Position, WhenFree     string
	SubjectPromoted, Promoted                             string
	SubjectCancelled, SubjectEventCancelled               string
	CancelledByAttendee, CancelledByOrganiser, EventOff   string
	SubjectRescheduled, Rescheduled, Stands, StillWaiting string
	SubjectReminder, Reminder                             string

	TheProgramme, Portal                                  string
	SubjectBehind, Behind, Progress, ProgressPending      string
	SubjectTermEnding, TermEnding, TermEndingNext         string
	SubjectTermEnded, TermEnded, TermEndedNext            string
	MetricActivities, MetricMinutes, MetricReached, Theme string
	Kinds                                                 map[string]string

	SubjectActivate, Activate, ActivateLink, ActivateNotYou string
	SubjectReset, Reset, ResetLink, ResetNotYou             string
	LinkValid                                               string

	AnAmbassador, ToProgrammes, ToEvent, ToAttendees, Console string
	SubjectOrgTermEnding, OrgTermEnding                       string
	SubjectOrgTermEnded, OrgTermEnded                         string
	SubjectProposal, Proposal, ProposalNext                   string
	SubjectFull, Full, FullNext                               string
	SubjectDigest, Digest, DigestWhy, Unsubscribe             string
	Registered, Waitlist, TakenOf, Taken                      string

	// Days from Sunday, Months from January; At joins a date and a
	// time, Until the end of a span.
	Days      [7]string
	Months    [12]string
	At, Until string
	// CalendarFile names the attached .ics file.
	CalendarFile string
}

// of returns the texts of lang (Dutch unless lang is English).
func of(lang string) *texts {
	if lang == English {
		return &english
	}
	return &dutch
}

// dateTime formats t in zone: "donderdag 4 juni 2026 om 19:00",
// "Thursday 4 June 2026 at 19:00".
func (tx *texts) dateTime(t time.Time, zone *time.Location) string {
	t = t.In(zone)
	return fmt.Sprintf("%s %s %02d:%02d", tx.date(t, zone, true), tx.At, t.Hour(), t.Minute())
}

// date formats t's day in zone, with the weekday if asked.
func (tx *texts) date(t time.Time, zone *time.Location, weekday bool) string {
	t = t.In(zone)
	d := fmt.Sprintf("%d %s %d", t.Day(), tx.Months[t.Month()-1], t.Year())
	if weekday {
		d = tx.Days[t.Weekday()] + " " + d
	}
	return d
}

// span formats a start and end: the end's time only when on the same day.
func (tx *texts) span(start, end time.Time, zone *time.Location) string {
	s := tx.dateTime(start, zone)
	if end.IsZero() || !end.After(start) {
		return s
	}
	sl, el := start.In(zone), end.In(zone)
	if sl.Year() == el.Year() && sl.YearDay() == el.YearDay() {
		return fmt.Sprintf("%s %s %02d:%02d", s, tx.Until, el.Hour(), el.Minute())
	}
	return s + " " + tx.Until + " " + tx.dateTime(end, zone)
}

// day formats a YYYY-MM-DD day, "4 juni 2026"; anything else as it is.
func (tx *texts) day(s string) string {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return s
	}
	return tx.date(t, time.UTC, false)
}
