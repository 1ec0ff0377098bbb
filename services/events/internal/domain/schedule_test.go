package domain

import (
	"errors"
	"strings"
	"testing"
	"time"

	"plein.dev/platform/rule"
	"plein.dev/platform/zone"
)

func ams(y int, m time.Month, d, h, min int) time.Time {
	return time.Date(y, m, d, h, min, 0, 0, zone.Amsterdam)
}

func TestOccurrencesKeepWallClockAcrossDST(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name       string
		rule       string
		start, end time.Time
		wantOffset []int // UTC offset in hours of each occurrence
	}{
		// Last Sunday of March 2026 is the 29th: clocks go 02:00 -> 03:00.
		{"spring forward", "FREQ=WEEKLY;COUNT=3", ams(2026, 3, 20, 9, 0), ams(2026, 3, 20, 11, 0), []int{1, 1, 2}},
		// Last Sunday of October 2026 is the 25th: clocks go 03:00 -> 02:00.
		{"fall back", "RRULE:FREQ=WEEKLY;COUNT=3", ams(2026, 10, 16, 9, 0), ams(2026, 10, 16, 11, 0), []int{2, 2, 1}},
		{"daily over the March night", "FREQ=DAILY;COUNT=3", ams(2026, 3, 28, 9, 30), ams(2026, 3, 28, 10, 0), []int{1, 2, 2}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, err := Occurrences(tc.rule, tc.start.UTC(), tc.end.UTC())
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(tc.wantOffset) {
				t.Fatalf("%d occurrences, want %d", len(got), len(tc.wantOffset))
			}
			for i, o := range got {
				s, e := o.Start.In(zone.Amsterdam), o.End.In(zone.Amsterdam)
				if s.Hour() != tc.start.Hour() || s.Minute() != tc.start.Minute() {
					t.Errorf("occurrence %d starts %s, want wall clock %s", i, s, tc.start.Format("15:04"))
				}
				if e.Hour() != tc.end.Hour() || e.Minute() != tc.end.Minute() {
					t.Errorf("occurrence %d ends %s, want wall clock %s", i, e, tc.end.Format("15:04"))
				}
				if _, off := s.Zone(); off != tc.wantOffset[i]*3600 {
					t.Errorf("occurrence %d offset %d, want %dh", i, off, tc.wantOffset[i])
				}
			}
		})
	}
}

func TestOccurrencesOnTheDSTSundays(t *testing.T) {
	t.Parallel()
	// A meeting on the change-over Sundays themselves, at 01:30 (before
	// either change) and 10:00.
	for _, day := range []time.Time{ams(2026, 3, 29, 10, 0), ams(2026, 10, 25, 10, 0), ams(2026, 10, 25, 1, 30)} {
		got, err := Occurrences("FREQ=YEARLY;COUNT=2", day.UTC(), day.Add(time.Hour).UTC())
		if err != nil {
			t.Fatal(err)
		}
		next := got[1].Start.In(zone.Amsterdam)
		if next.Hour() != day.Hour() || next.Minute() != day.Minute() || next.Year() != 2027 {
			t.Errorf("from %s: next %s", day, next)
		}
	}
}

func TestOccurrencesLimits(t *testing.T) {
	t.Parallel()
	start := ams(2026, 12, 1, 9, 0)
	got, err := Occurrences("FREQ=DAILY", start.UTC(), start.Add(time.Hour).UTC())
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != MaxOccurrences {
		t.Errorf("open-ended daily rule: %d occurrences, want %d", len(got), MaxOccurrences)
	}
	got, err = Occurrences("FREQ=MONTHLY", start.UTC(), start.Add(time.Hour).UTC())
	if err != nil {
		t.Fatal(err)
	}
	if last := got[len(got)-1].Start; last.After(start.Add(SeriesHorizon)) || len(got) < 24 {
		t.Errorf("open-ended monthly rule: %d occurrences up to %s", len(got), last)
	}
}

func TestInvalidRecurrence(t *testing.T) {
	t.Parallel()
	start := ams(2026, 12, 1, 9, 0)
	for _, line := range []string{
		"",
		"FREQ=SOMETIMES",
		"FREQ=WEEKLY;COUNT=abc",
		"FREQ=WEEKLY;BYDAY=XX",
		"FREQ=MONTHLY;BYMONTHDAY=40",
		"COUNT=3",
		"DTSTART:20261201T090000\nFREQ=DAILY",
		"FREQ=WEEKLY;UNTIL=20261101T000000Z",
		"FREQ=MINUTELY;COUNT=5",
		"FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30",
	} {
		t.Run(line, func(t *testing.T) {
			t.Parallel()
			_, err := Occurrences(line, start.UTC(), start.Add(time.Hour).UTC())
			var re *rule.Error
			if !errors.As(err, &re) || re.Kind != rule.Invalid || re.Field() != "recurrence" || re.Violations[0].Reason == "" {
				t.Fatalf("err = %v, want an invalid recurrence with a reason", err)
			}
		})
	}
}

func TestTransitionErrorNamesCurrentStatus(t *testing.T) {
	t.Parallel()
	e := &Event{Status: StatusCancelled}
	err := e.Publish(time.Now())
	var te *TransitionError
	if !errors.As(err, &te) || te.Current != StatusCancelled || !errors.Is(err, ErrTransition) {
		t.Fatalf("err = %v", err)
	}
	if !strings.Contains(err.Error(), "cancelled") {
		t.Errorf("message %q does not name the status", err)
	}
}

func TestProposalTransitions(t *testing.T) {
	t.Parallel()
	now := time.Now()
	e := &Event{Status: StatusProposed}
	if err := e.Approve(true, now); err != nil || e.Status != StatusPublished {
		t.Fatalf("approve and publish: %v, %s", err, e.Status)
	}
	if err := e.Decline("nee", now); !errors.Is(err, ErrTransition) {
		t.Fatalf("decline a published event: %v", err)
	}
	e = &Event{Status: StatusProposed}
	if err := e.Decline("geen zaal", now); err != nil || e.Status != StatusDeclined || e.DeclineReason != "geen zaal" {
		t.Fatalf("decline: %v, %+v", err, e)
	}
	if err := e.Approve(false, now); !errors.Is(err, ErrTransition) {
		t.Fatalf("approve a declined event: %v", err)
	}
}

var officeHours = Room{
	SetupMinutes: 15,
	BookableHours: []BookableHours{
		{Weekday: 1, Opens: "09:00", Closes: "17:00"},
		{Weekday: 2, Opens: "09:00", Closes: "12:00"},
		{Weekday: 2, Opens: "13:00", Closes: "17:00"},
		{Weekday: 6, Opens: "00:00", Closes: "24:00"},
		{Weekday: 7, Opens: "00:00", Closes: "24:00"},
	},
	Blackouts: []Blackout{{StartsAt: ams(2026, 12, 25, 0, 0), EndsAt: ams(2026, 12, 27, 0, 0), Reason: "Kerst"}},
}

func TestCheckAvailable(t *testing.T) {
	t.Parallel()
	// 2026-12-07 is a Monday, 12-08 a Tuesday, 12-09 a Wednesday.
	cases := []struct {
		name       string
		start, end time.Time
		wantReason string // "" = allowed
	}{
		{"within Monday", ams(2026, 12, 7, 9, 0), ams(2026, 12, 7, 17, 0), ""},
		{"before opening", ams(2026, 12, 7, 8, 59), ams(2026, 12, 7, 10, 0), "bookable hours"},
		{"after closing", ams(2026, 12, 7, 16, 0), ams(2026, 12, 7, 17, 1), "bookable hours"},
		{"over the Tuesday lunch break", ams(2026, 12, 8, 11, 0), ams(2026, 12, 8, 14, 0), "bookable hours"},
		{"Tuesday afternoon", ams(2026, 12, 8, 13, 0), ams(2026, 12, 8, 17, 0), ""},
		{"closed Wednesday", ams(2026, 12, 9, 10, 0), ams(2026, 12, 9, 11, 0), "closed on Wed"},
		{"over the weekend night", ams(2026, 12, 12, 22, 0), ams(2026, 12, 13, 2, 0), ""},
		{"Christmas blackout", ams(2026, 12, 26, 10, 0), ams(2026, 12, 26, 11, 0), "Kerst"},
		{"ends as the blackout starts", ams(2026, 12, 24, 10, 0), ams(2026, 12, 25, 0, 0), "bookable hours"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			err := officeHours.CheckAvailable(tc.start.UTC(), tc.end.UTC())
			if tc.wantReason == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			var re *rule.Error
			if !errors.As(err, &re) || re.Field() != "startsAt" || !strings.Contains(re.Violations[0].Reason, tc.wantReason) {
				t.Fatalf("err = %v, want a reason with %q", err, tc.wantReason)
			}
		})
	}
}

func TestFreeSlots(t *testing.T) {
	t.Parallel()
	day := func(h, m int) time.Time { return ams(2026, 12, 7, h, m).UTC() } // a Monday, 09:00-17:00
	bookings := []Booking{
		{EventID: "a", StartsAt: day(10, 0), EndsAt: day(11, 0)},
		{EventID: "b", StartsAt: day(13, 0), EndsAt: day(14, 0)},
	}
	got := officeHours.FreeSlots(bookings, day(0, 0), day(23, 59), time.Hour)
	want := []Interval{
		{day(11, 15), day(12, 45)},
		{day(14, 15), day(17, 0)},
	}
	// 09:00-09:45 is free but shorter than an hour.
	if len(got) != len(want) {
		t.Fatalf("free slots %v, want %v", got, want)
	}
	for i := range want {
		if !got[i].Start.Equal(want[i].Start) || !got[i].End.Equal(want[i].End) {
			t.Errorf("slot %d = %v, want %v", i, got[i], want[i])
		}
	}
	short := officeHours.FreeSlots(bookings, day(0, 0), day(23, 59), 30*time.Minute)
	if len(short) != 3 || !short[0].Start.Equal(day(9, 0)) || !short[0].End.Equal(day(9, 45)) {
		t.Errorf("30-minute slots %v", short)
	}
	// Every free slot can really be booked.
	for _, s := range got {
		for _, b := range bookings {
			if Collides(s.Start, s.End, b.StartsAt, b.EndsAt, officeHours.Setup()) {
				t.Errorf("slot %v collides with %s", s, b.EventID)
			}
		}
		if err := officeHours.CheckAvailable(s.Start, s.End); err != nil {
			t.Errorf("slot %v: %v", s, err)
		}
	}
}

func TestOccupancy(t *testing.T) {
	t.Parallel()
	from, to := ams(2026, 12, 1, 0, 0), ams(2027, 1, 1, 0, 0)
	bookings := []Booking{
		{StartsAt: ams(2026, 12, 7, 9, 0), EndsAt: ams(2026, 12, 7, 13, 0)},
		{StartsAt: ams(2026, 11, 30, 22, 0), EndsAt: ams(2026, 12, 1, 2, 0)}, // two hours in December
	}
	booked, bookable := officeHours.Occupancy(bookings, from, to)
	if booked != 6*time.Hour {
		t.Errorf("booked %s, want 6h", booked)
	}
	// December 2026: Mondays 7,14,21,28 (8h each), Tuesdays 1,8,15,22,29 (7h each),
	// Saturdays 5,12,19,26 and Sundays 6,13,20,27 (24h each) less 25-27 Dec
	// blackout (up to 27 Dec 00:00), which takes Saturday 26 whole.
	want := 4*8*time.Hour + 5*7*time.Hour + 7*24*time.Hour
	if bookable != want {
		t.Errorf("bookable %s, want %s", bookable, want)
	}
}
