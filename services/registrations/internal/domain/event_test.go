package domain_test

import (
	"testing"
	"time"

	"plein.dev/registrations/internal/domain"
)

// TestRegistrationOpen: registration opens at the opening second and closes
// at the closing second, or at the start when no closing time is set; only
// published public or invite-only events take registrations.
func TestRegistrationOpen(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	start := now.Add(48 * time.Hour)
	opens, closes := now, now.Add(time.Hour)
	cases := []struct {
		name   string
		at     time.Time
		ev     domain.Event
		wantOK bool
	}{
		{"open", now, domain.Event{}, true},
		{"a second before opening", now.Add(-time.Second), domain.Event{OpensAt: &opens}, false},
		{"at opening", now, domain.Event{OpensAt: &opens}, true},
		{"a second before closing", closes.Add(-time.Second), domain.Event{ClosesAt: &closes}, true},
		{"at closing", closes, domain.Event{ClosesAt: &closes}, false},
		{"no closing time: before the start", start.Add(-time.Second), domain.Event{}, true},
		{"no closing time: at the start", start, domain.Event{}, false},
		{"draft", now, domain.Event{Status: domain.EventDraft}, false},
		{"proposed", now, domain.Event{Status: domain.EventProposed}, false},
		{"cancelled", now, domain.Event{Status: domain.EventCancelled}, false},
		{"completed", now, domain.Event{Status: domain.EventCompleted}, false},
		{"internal", now, domain.Event{Visibility: domain.VisibilityInternal}, false},
		{"invite-only", now, domain.Event{Visibility: domain.VisibilityInviteOnly}, true},
		{"unknown visibility", now, domain.Event{Visibility: "secret"}, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			ev := tc.ev
			ev.StartsAt = start
			if ev.Status == "" {
				ev.Status = domain.EventPublished
			}
			if ev.Visibility == "" {
				ev.Visibility = domain.VisibilityPublic
			}
			err := ev.RegistrationOpen(tc.at)
			if tc.wantOK {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if f := field(t, err); f != "" {
				t.Errorf("field %q, want none", f)
			}
		})
	}
}

func TestCheckInvite(t *testing.T) {
	t.Parallel()
	inv := domain.Event{Visibility: domain.VisibilityInviteOnly, InviteCode: "K7QX-PL4M"}
	for _, code := range []string{"", "wrong", "k7qx-pl4m"} {
		if f := field(t, inv.CheckInvite(code)); f != "inviteCode" {
			t.Errorf("code %q: field %q", code, f)
		}
	}
	if err := inv.CheckInvite("K7QX-PL4M"); err != nil {
		t.Errorf("right code: %v", err)
	}
	if err := (domain.Event{Visibility: domain.VisibilityInviteOnly}).CheckInvite(""); err == nil {
		t.Error("an invite-only event without a code opens without one")
	}
	if err := (domain.Event{Visibility: domain.VisibilityPublic}).CheckInvite("whatever"); err != nil {
		t.Errorf("public event: %v", err)
	}
}

func TestHiddenAndMoved(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		ev   domain.Event
		want bool
	}{
		{domain.Event{Status: domain.EventPublished, Visibility: domain.VisibilityPublic}, false},
		{domain.Event{Status: domain.EventPublished, Visibility: domain.VisibilityInviteOnly}, false},
		{domain.Event{Status: domain.EventDraft, Visibility: domain.VisibilityPublic}, true},
		{domain.Event{Status: domain.EventPublished, Visibility: domain.VisibilityInternal}, true},
		{domain.Event{Status: domain.EventProposed, Visibility: domain.VisibilityPublic}, true},
		{domain.Event{Status: domain.EventDeclined, Visibility: domain.VisibilityPublic}, true},
		{domain.Event{Status: domain.EventCancelled, Visibility: domain.VisibilityPublic}, false},
		{domain.Event{Status: domain.EventCompleted, Visibility: domain.VisibilityPublic}, false},
	} {
		ev, want := tc.ev, tc.want
		if ev.Hidden() != want {
			t.Errorf("%s %s: hidden %v", ev.Status, ev.Visibility, !want)
		}
	}
	start := time.Date(2026, 12, 10, 7, 0, 0, 0, time.UTC)
	before := domain.Event{StartsAt: start, EndsAt: start.Add(time.Hour), Location: "A", Title: "x"}
	for _, tc := range []struct {
		change func(*domain.Event)
		moved  bool
	}{
		{func(e *domain.Event) { e.Title = "y" }, false},
		{func(e *domain.Event) { e.StartsAt = e.StartsAt.Add(time.Minute) }, true},
		{func(e *domain.Event) { e.EndsAt = e.EndsAt.Add(time.Minute) }, true},
		{func(e *domain.Event) { e.Location = "B" }, true},
	} {
		after := before
		tc.change(&after)
		if after.Moved(before) != tc.moved {
			t.Errorf("%+v moved %v", after, !tc.moved)
		}
	}
}

// TestPromotes: the waiting list moves only for a published event that has
// not started.
func TestPromotes(t *testing.T) {
	t.Parallel()
	start := time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)
	cases := []struct {
		status string
		at     time.Time
		want   bool
	}{
		{domain.EventPublished, start.Add(-time.Second), true},
		{domain.EventPublished, start, false},
		{domain.EventPublished, start.Add(time.Hour), false},
		{domain.EventDraft, start.Add(-time.Hour), false},
		{domain.EventCompleted, start.Add(-time.Hour), false},
	}
	for _, c := range cases {
		ev := domain.Event{Status: c.status, StartsAt: start}
		if got := ev.Promotes(c.at); got != c.want {
			t.Errorf("%s at %s: Promotes = %v, want %v", c.status, c.at.Sub(start), got, c.want)
		}
	}
}
