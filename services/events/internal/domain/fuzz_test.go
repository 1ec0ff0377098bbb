package domain

import (
	"testing"
	"time"
)

// FuzzOccurrences feeds arbitrary rules to the RRULE expansion: it must
// answer with occurrences or a RecurrenceError, never panic or run away.
func FuzzOccurrences(f *testing.F) {
	for _, s := range []string{"FREQ=WEEKLY;COUNT=3", "RRULE:FREQ=MONTHLY;BYDAY=-1SU", "FREQ=DAILY;UNTIL=20270101T000000Z",
		"FREQ=YEARLY;BYSETPOS=-1;BYMONTH=3", "FREQ=HOURLY;INTERVAL=0", "FREQ=MINUTELY;BYSECOND=61", ";;=", "FREQ=WEEKLY;WKST=XX"} {
		f.Add(s)
	}
	start := time.Date(2026, 3, 20, 8, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, rule string) {
		got, err := Occurrences(rule, start, start.Add(time.Hour))
		if err != nil {
			return
		}
		if len(got) == 0 || len(got) > MaxOccurrences {
			t.Fatalf("%d occurrences", len(got))
		}
		for _, o := range got {
			if !o.End.After(o.Start) || o.Start.After(start.Add(SeriesHorizon)) {
				t.Fatalf("occurrence %v", o)
			}
		}
	})
}
