package domain

import (
	"fmt"
	"strings"
	"time"

	"github.com/teambition/rrule-go"

	"plein.dev/platform/rule"
	"plein.dev/platform/zone"
)

// Limits of a series: its occurrences are stored as events of their own, so
// an open-ended rule is expanded no further than this.
const (
	MaxOccurrences = 200
	SeriesHorizon  = 2 * 365 * 24 * time.Hour
)

// invalidRule refuses a recurrence rule that cannot be used, with the
// reason (InvalidArgument, HTTP 400, naming the field recurrence).
func invalidRule(reason string) error { return rule.InvalidField("recurrence", reason) }

// Occurrences expands an RFC 5545 RRULE (with or without the "RRULE:"
// prefix) from the first event's start and end. It counts in
// Europe/Amsterdam, so a meeting at 09:00 stays at 09:00 on both sides of a
// DST change; each occurrence ends at the same wall-clock time as the first.
// An open-ended rule stops after MaxOccurrences or SeriesHorizon.
func Occurrences(line string, start, end time.Time) ([]Interval, error) {
	line = strings.TrimSpace(line)
	if up := strings.ToUpper(line); strings.HasPrefix(up, "RRULE:") {
		line = line[len("RRULE:"):]
	}
	if strings.ContainsAny(line, "\r\n") || strings.Contains(strings.ToUpper(line), "DTSTART") {
		return nil, invalidRule("give one RRULE without DTSTART; the series starts at startsAt")
	}
	opt, err := rrule.StrToROptionInLocation(line, zone.Amsterdam)
	if err != nil {
		return nil, invalidRule(badPart(line, err))
	}
	if opt.Freq == rrule.SECONDLY || opt.Freq == rrule.MINUTELY {
		return nil, invalidRule("FREQ must be HOURLY or less frequent")
	}
	first := start.In(zone.Amsterdam)
	opt.Dtstart = first
	// Bound the expansion, also for rules that never match.
	horizon := start.Add(SeriesHorizon)
	if opt.Until.IsZero() || opt.Until.After(horizon) {
		opt.Until = horizon
	}
	r, err := rrule.NewRRule(*opt)
	if err != nil {
		return nil, invalidRule(err.Error())
	}
	last := end.In(zone.Amsterdam)
	days := civilDays(first, last)
	var out []Interval
	next := r.Iterator()
	for len(out) < MaxOccurrences {
		t, ok := next()
		if !ok || t.After(horizon) {
			break
		}
		t = t.In(zone.Amsterdam)
		e := time.Date(t.Year(), t.Month(), t.Day()+days, last.Hour(), last.Minute(), last.Second(), 0, zone.Amsterdam)
		if !e.After(t) { // a DST gap swallowed the end: keep the duration
			e = t.Add(end.Sub(start))
		}
		out = append(out, Interval{Start: t.UTC(), End: e.UTC()})
	}
	if len(out) == 0 {
		return nil, invalidRule("the rule yields no occurrence")
	}
	return out, nil
}

// badPart names the part of a rule the library refused, when one part
// alone is refused, e.g. `COUNT=x: strconv.Atoi: ...`.
func badPart(line string, err error) string {
	for part := range strings.SplitSeq(line, ";") {
		probe := "FREQ=YEARLY;" + part
		if strings.HasPrefix(strings.ToUpper(part), "FREQ=") {
			probe = part
		}
		if _, perr := rrule.StrToROptionInLocation(probe, zone.Amsterdam); perr != nil {
			return part + ": " + perr.Error()
		}
	}
	return err.Error()
}

// civilDays counts calendar days from a's date to b's date (both in their
// own location).
func civilDays(a, b time.Time) int {
	da := time.Date(a.Year(), a.Month(), a.Day(), 0, 0, 0, 0, time.UTC)
	db := time.Date(b.Year(), b.Month(), b.Day(), 0, 0, 0, 0, time.UTC)
	return int(db.Sub(da).Hours() / 24)
}

// SeriesConflict is one occurrence of a new series that cannot be booked.
type SeriesConflict struct {
	StartsAt time.Time
	// Room is set when another event holds the room.
	Room   *RoomConflictError
	Reason string
}

// SeriesConflictError refuses a whole series, naming every occurrence that
// cannot be booked.
type SeriesConflictError struct {
	Conflicts []SeriesConflict
}

// RoomTaken reports whether any occurrence collides with another event (a
// conflict) rather than breaking a rule of the room.
func (e *SeriesConflictError) RoomTaken() bool {
	for _, c := range e.Conflicts {
		if c.Room != nil {
			return true
		}
	}
	return false
}

// Dates lists the dates (YYYY-MM-DD in Europe/Amsterdam) that cannot be
// booked.
func (e *SeriesConflictError) Dates() []string {
	out := make([]string, 0, len(e.Conflicts))
	for _, c := range e.Conflicts {
		out = append(out, c.StartsAt.In(zone.Amsterdam).Format(time.DateOnly))
	}
	return out
}

func (e *SeriesConflictError) Error() string {
	parts := make([]string, 0, len(e.Conflicts))
	for _, c := range e.Conflicts {
		parts = append(parts, fmt.Sprintf("%s: %s", c.StartsAt.In(zone.Amsterdam).Format(time.DateOnly), c.Reason))
	}
	return fmt.Sprintf("the series cannot be booked on %d date(s): %s", len(e.Conflicts), strings.Join(parts, "; "))
}

// Unwrap lets errors.As find the rule refusal: Taken (AlreadyExists, HTTP
// 409) when another event holds the room, else Unmet (422), naming the
// field recurrence with the dates.
func (e *SeriesConflictError) Unwrap() error {
	kind := rule.Unmet
	if e.RoomTaken() {
		kind = rule.Taken
	}
	return &rule.Error{Kind: kind, Reason: e.Error(), Violations: []rule.Violation{{Field: "recurrence",
		Reason: "cannot be booked on " + strings.Join(e.Dates(), ", ")}}}
}
