package web

import (
	"strconv"
	"time"

	"plein.dev/platform/zone"
)

// Dates and times are shown in Europe/Amsterdam, in the words of the
// page's language: "donderdag 3 december 2026", "Thursday 3 December
// 2026", times on the 24-hour clock as both languages write them here.

// Date is t's day, with weekday and month in words.
func (l *Lang) Date(t time.Time) string {
	t = t.In(zone.Amsterdam)
	return l.T("weekday."+strconv.Itoa(int(t.Weekday()))) + " " + strconv.Itoa(t.Day()) + " " +
		l.T("month."+strconv.Itoa(int(t.Month()))) + " " + strconv.Itoa(t.Year())
}

// Clock is t's time of day.
func (l *Lang) Clock(t time.Time) string { return t.In(zone.Amsterdam).Format("15:04") }

// Span is when something from start to end takes place: one date and two
// times for a single day, two dates with times otherwise.
func (l *Lang) Span(start, end time.Time) string {
	s, e := start.In(zone.Amsterdam), end.In(zone.Amsterdam)
	if s.Year() == e.Year() && s.YearDay() == e.YearDay() {
		return l.T("span.sameDay", "Date", l.Date(s), "Start", l.Clock(s), "End", l.Clock(e))
	}
	return l.T("span.days", "StartDate", l.Date(s), "Start", l.Clock(s), "EndDate", l.Date(e), "End", l.Clock(e))
}

// MonthName is a month as "december 2026".
func (l *Lang) MonthName(t time.Time) string {
	return l.T("month."+strconv.Itoa(int(t.Month()))) + " " + strconv.Itoa(t.Year())
}

// machineTime is t for a datetime attribute.
func machineTime(t time.Time) string { return t.In(zone.Amsterdam).Format(time.RFC3339) }
