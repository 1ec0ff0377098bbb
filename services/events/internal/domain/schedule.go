package domain

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"plein.dev/platform/zone"
)

// Interval is the half-open span [Start, End).
type Interval struct {
	Start, End time.Time
}

// Duration is the length of the interval.
func (i Interval) Duration() time.Duration { return i.End.Sub(i.Start) }

var weekdayNames = [...]string{"", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"}

// isoWeekday returns 1 for Monday ... 7 for Sunday.
func isoWeekday(t time.Time) int {
	if wd := int(t.Weekday()); wd != 0 {
		return wd
	}
	return 7
}

// clock parses "HH:MM" ("24:00" allowed) into minutes after midnight.
func clock(s string) (int, error) {
	var h, m int
	if _, err := fmt.Sscanf(s, "%d:%d", &h, &m); err != nil || len(s) != 5 || h < 0 || m < 0 || m > 59 || h > 24 || (h == 24 && m != 0) {
		return 0, fmt.Errorf("%q is not a time HH:MM", s)
	}
	return h*60 + m, nil
}

// Validate checks a room's own rules.
func (r Room) Validate() error {
	for i, h := range r.BookableHours {
		if h.Weekday < 1 || h.Weekday > 7 {
			return Unmet(fmt.Sprintf("bookableHours[%d].weekday", i), "must be 1 (Monday) to 7 (Sunday)")
		}
		o, err := clock(h.Opens)
		if err != nil {
			return Unmet(fmt.Sprintf("bookableHours[%d].opens", i), err.Error())
		}
		c, err := clock(h.Closes)
		if err != nil {
			return Unmet(fmt.Sprintf("bookableHours[%d].closes", i), err.Error())
		}
		if c <= o {
			return Unmet(fmt.Sprintf("bookableHours[%d].closes", i), "must be after opens")
		}
	}
	for i, b := range r.Blackouts {
		if !b.EndsAt.After(b.StartsAt) {
			return Unmet(fmt.Sprintf("blackouts[%d].endsAt", i), "must be after startsAt")
		}
	}
	return nil
}

// BookableWindows returns the spans within [from, to) in which the room may
// be booked by its hours (blackouts not taken off), merged where they
// touch, in order.
func (r Room) BookableWindows(from, to time.Time) []Interval {
	if !to.After(from) {
		return nil
	}
	if len(r.BookableHours) == 0 {
		return []Interval{{from, to}}
	}
	var out []Interval
	day := from.In(zone.Amsterdam)
	day = time.Date(day.Year(), day.Month(), day.Day()-1, 0, 0, 0, 0, zone.Amsterdam)
	for !day.After(to) {
		wd := isoWeekday(day)
		for _, h := range r.BookableHours {
			if h.Weekday != wd {
				continue
			}
			o, err1 := clock(h.Opens)
			c, err2 := clock(h.Closes)
			if err1 != nil || err2 != nil {
				continue
			}
			w := Interval{
				Start: time.Date(day.Year(), day.Month(), day.Day(), o/60, o%60, 0, 0, zone.Amsterdam),
				End:   time.Date(day.Year(), day.Month(), day.Day(), c/60, c%60, 0, 0, zone.Amsterdam),
			}
			if w.Start.Before(from) {
				w.Start = from
			}
			if w.End.After(to) {
				w.End = to
			}
			if w.End.After(w.Start) {
				out = append(out, w)
			}
		}
		day = time.Date(day.Year(), day.Month(), day.Day()+1, 0, 0, 0, 0, zone.Amsterdam)
	}
	return merge(out)
}

func merge(xs []Interval) []Interval {
	slices.SortFunc(xs, func(a, b Interval) int { return a.Start.Compare(b.Start) })
	var out []Interval
	for _, x := range xs {
		if n := len(out); n > 0 && !x.Start.After(out[n-1].End) {
			if x.End.After(out[n-1].End) {
				out[n-1].End = x.End
			}
			continue
		}
		out = append(out, x)
	}
	return out
}

// subtract takes cut out of every interval of xs.
func subtract(xs []Interval, cut Interval) []Interval {
	var out []Interval
	for _, x := range xs {
		if !Overlaps(x.Start, x.End, cut.Start, cut.End) {
			out = append(out, x)
			continue
		}
		if x.Start.Before(cut.Start) {
			out = append(out, Interval{x.Start, cut.Start})
		}
		if cut.End.Before(x.End) {
			out = append(out, Interval{cut.End, x.End})
		}
	}
	return out
}

// hoursOn describes the room's bookable hours on the weekday of t.
func (r Room) hoursOn(t time.Time) string {
	wd := isoWeekday(t.In(zone.Amsterdam))
	var spans []string
	for _, h := range r.BookableHours {
		if h.Weekday == wd {
			spans = append(spans, h.Opens+"–"+h.Closes)
		}
	}
	if len(spans) == 0 {
		return "closed on " + weekdayNames[wd]
	}
	slices.Sort(spans)
	return weekdayNames[wd] + " " + strings.Join(spans, ", ")
}

// CheckAvailable refuses a booking [start, end) outside the room's bookable
// hours or overlapping one of its blackouts, with the reason.
func (r Room) CheckAvailable(start, end time.Time) error {
	w := r.BookableWindows(start, end)
	if len(w) != 1 || !w[0].Start.Equal(start) || !w[0].End.Equal(end) {
		return Unmet("startsAt", fmt.Sprintf("%s–%s is outside the room's bookable hours (%s)",
			local(start), local(end), r.hoursOn(start)))
	}
	for _, b := range r.Blackouts {
		if Overlaps(start, end, b.StartsAt, b.EndsAt) {
			reason := fmt.Sprintf("the room is unavailable from %s to %s", local(b.StartsAt), local(b.EndsAt))
			if b.Reason != "" {
				reason += " (" + b.Reason + ")"
			}
			return Unmet("startsAt", reason)
		}
	}
	return nil
}

func local(t time.Time) string { return t.In(zone.Amsterdam).Format("2006-01-02 15:04 MST") }

// FreeSlots returns the windows within [from, to) of at least min in which
// the room could take a new booking: within its bookable hours, outside its
// blackouts and at least its set-up time away from every booking given.
func (r Room) FreeSlots(bookings []Booking, from, to time.Time, min time.Duration) []Interval {
	free := r.BookableWindows(from, to)
	for _, b := range r.Blackouts {
		free = subtract(free, Interval{b.StartsAt, b.EndsAt})
	}
	setup := r.Setup()
	for _, b := range bookings {
		free = subtract(free, Interval{b.StartsAt.Add(-setup), b.EndsAt.Add(setup)})
	}
	out := free[:0]
	for _, f := range free {
		if f.Duration() >= min {
			out = append(out, f)
		}
	}
	return out
}

// Occupancy returns the booked and the bookable time of the room within
// [from, to): bookings' own time (not the set-up) against the bookable
// hours less the blackouts.
func (r Room) Occupancy(bookings []Booking, from, to time.Time) (booked, bookable time.Duration) {
	open := r.BookableWindows(from, to)
	for _, b := range r.Blackouts {
		open = subtract(open, Interval{b.StartsAt, b.EndsAt})
	}
	for _, w := range open {
		bookable += w.Duration()
	}
	var spans []Interval
	for _, b := range bookings {
		s, e := b.StartsAt, b.EndsAt
		if s.Before(from) {
			s = from
		}
		if e.After(to) {
			e = to
		}
		if e.After(s) {
			spans = append(spans, Interval{s, e})
		}
	}
	for _, s := range merge(spans) {
		booked += s.Duration()
	}
	return booked, bookable
}
