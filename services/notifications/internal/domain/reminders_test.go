package domain

import (
	"testing"
	"time"

	"plein.dev/platform/zone"
)

func TestReminderDue(t *testing.T) {
	t.Parallel()
	lead := 24 * time.Hour
	start := time.Date(2026, 6, 4, 17, 0, 0, 0, time.UTC)
	early := start.Add(-3 * lead)
	for _, tc := range []struct {
		name       string
		status     string
		registered time.Time
		now        time.Time
		lead       time.Duration
		want       bool
	}{
		{"at the lead", StatusConfirmed, early, start.Add(-lead), lead, true},
		{"within the lead", StatusConfirmed, early, start.Add(-time.Hour), lead, true},
		{"before the lead", StatusConfirmed, early, start.Add(-lead - time.Second), lead, false},
		{"started", StatusConfirmed, early, start, lead, false},
		{"registered within the lead", StatusConfirmed, start.Add(-lead + time.Second), start.Add(-time.Hour), lead, false},
		{"registered at the lead", StatusConfirmed, start.Add(-lead), start.Add(-time.Hour), lead, true},
		{"waitlisted", StatusWaitlisted, early, start.Add(-time.Hour), lead, false},
		{"reminders off", StatusConfirmed, early, start.Add(-time.Hour), 0, false},
	} {
		r := Registration{Status: tc.status, RegisteredAt: tc.registered, Event: Event{StartsAt: start}}
		if got := ReminderDue(r, tc.lead, tc.now); got != tc.want {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
		}
	}
	if ReminderDue(Registration{Status: StatusConfirmed}, lead, start) {
		t.Error("due without a start")
	}
	if got := ReminderCause("r1"); got != "reminder:r1" {
		t.Errorf("cause %q", got)
	}
}

func TestTermEndingDue(t *testing.T) {
	t.Parallel()
	a := Ambassador{ID: "a1", TermEndsOn: "2026-07-01", Status: AmbassadorActive}
	ams := func(m time.Month, d, h int) time.Time { return time.Date(2026, m, d, h, 0, 0, 0, zone.Amsterdam) }
	for _, tc := range []struct {
		now  time.Time
		want bool
	}{
		{ams(5, 31, 23), false},
		{ams(6, 1, 0), true}, // 30 days before 1 July
		{ams(6, 20, 12), true},
		{ams(7, 1, 23), true},
		{ams(7, 2, 0), false},
	} {
		if got := TermEndingDue(a, tc.now, zone.Amsterdam); got != tc.want {
			t.Errorf("at %v: %v, want %v", tc.now, got, tc.want)
		}
	}
	alumni := a
	alumni.Status = AmbassadorAlumni
	if TermEndingDue(alumni, ams(6, 20, 12), zone.Amsterdam) {
		t.Error("alumni told their term ends")
	}
	if got := TermEndingCause(a); got != "term-ending:a1:2026-07-01" {
		t.Errorf("cause %q", got)
	}
	if got := BehindTargetCause("a1", "2026-03-03"); got != "behind-target:a1:2026-03" {
		t.Errorf("cause %q", got)
	}
}
