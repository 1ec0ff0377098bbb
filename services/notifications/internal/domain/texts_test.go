package domain

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"plein.dev/platform/zone"
)

// Every text exists in both languages, with the same verbs.
func TestCatalogsComplete(t *testing.T) {
	t.Parallel()
	nl, en := reflect.ValueOf(dutch), reflect.ValueOf(english)
	for i := range nl.NumField() {
		name := nl.Type().Field(i).Name
		a, b := nl.Field(i), en.Field(i)
		switch a.Kind() {
		case reflect.String:
			if a.String() == "" || b.String() == "" {
				t.Errorf("%s: empty in a language (%q, %q)", name, a.String(), b.String())
			}
			if verbs(a.String()) != verbs(b.String()) {
				t.Errorf("%s: verbs %q in Dutch, %q in English", name, verbs(a.String()), verbs(b.String()))
			}
		case reflect.Array:
			for j := range a.Len() {
				if a.Index(j).String() == "" || b.Index(j).String() == "" {
					t.Errorf("%s[%d]: empty", name, j)
				}
			}
		case reflect.Map:
			if a.Len() != b.Len() {
				t.Errorf("%s: %d entries in Dutch, %d in English", name, a.Len(), b.Len())
			}
			for _, k := range a.MapKeys() {
				if !b.MapIndex(k).IsValid() {
					t.Errorf("%s: %v missing in English", name, k)
				}
			}
		default:
			t.Errorf("%s: a %s; extend this test", name, a.Kind())
		}
	}
}

// verbs are the formatting verbs of s in order, e.g. "%s%d".
func verbs(s string) string {
	var b strings.Builder
	for i := 0; i < len(s)-1; i++ {
		if s[i] == '%' {
			b.WriteString(s[i : i+2])
			i++
		}
	}
	return b.String()
}

// Times are shown in Europe/Amsterdam, through the changes of summer time.
func TestDateTimes(t *testing.T) {
	t.Parallel()
	loc := zone.Amsterdam
	for _, tc := range []struct {
		utc    time.Time
		nl, en string
	}{
		// Winter time, UTC+1.
		{time.Date(2026, 3, 3, 18, 30, 0, 0, time.UTC), "dinsdag 3 maart 2026 om 19:30", "Tuesday 3 March 2026 at 19:30"},
		// Summer time starts on 29 March 2026 at 02:00 -> 03:00.
		{time.Date(2026, 3, 29, 0, 59, 0, 0, time.UTC), "zondag 29 maart 2026 om 01:59", "Sunday 29 March 2026 at 01:59"},
		{time.Date(2026, 3, 29, 1, 0, 0, 0, time.UTC), "zondag 29 maart 2026 om 03:00", "Sunday 29 March 2026 at 03:00"},
		// Summer time, UTC+2; it ends on 25 October 2026 at 03:00 -> 02:00.
		{time.Date(2026, 10, 25, 0, 30, 0, 0, time.UTC), "zondag 25 oktober 2026 om 02:30", "Sunday 25 October 2026 at 02:30"},
		{time.Date(2026, 10, 25, 1, 30, 0, 0, time.UTC), "zondag 25 oktober 2026 om 02:30", "Sunday 25 October 2026 at 02:30"},
		{time.Date(2026, 12, 31, 23, 15, 0, 0, time.UTC), "vrijdag 1 januari 2027 om 00:15", "Friday 1 January 2027 at 00:15"},
	} {
		if got := dutch.dateTime(tc.utc, loc); got != tc.nl {
			t.Errorf("Dutch %v = %q, want %q", tc.utc, got, tc.nl)
		}
		if got := english.dateTime(tc.utc, loc); got != tc.en {
			t.Errorf("English %v = %q, want %q", tc.utc, got, tc.en)
		}
	}
	start := time.Date(2026, 6, 4, 17, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		end  time.Time
		want string
	}{
		{time.Time{}, "donderdag 4 juni 2026 om 19:00"},
		{start.Add(2 * time.Hour), "donderdag 4 juni 2026 om 19:00 tot 21:00"},
		{start.Add(6 * time.Hour), "donderdag 4 juni 2026 om 19:00 tot vrijdag 5 juni 2026 om 01:00"},
	} {
		if got := dutch.span(start, tc.end, loc); got != tc.want {
			t.Errorf("span to %v = %q, want %q", tc.end, got, tc.want)
		}
	}
	if got := english.day("2026-07-01"); got != "1 July 2026" {
		t.Errorf("day = %q", got)
	}
}
