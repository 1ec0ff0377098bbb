package domain_test

import (
	"errors"
	"testing"
	"time"

	"plein.dev/platform/rule"
	"plein.dev/registrations/internal/domain"
)

func TestPromote(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC)
	open := domain.Event{ID: "e1", Status: domain.EventPublished, StartsAt: now.Add(time.Hour), EndsAt: now.Add(3 * time.Hour)}
	started := open
	started.StartsAt = now.Add(-time.Hour)
	ended := open
	ended.StartsAt, ended.EndsAt = now.Add(-3*time.Hour), now
	cancelled := open
	cancelled.Status = domain.EventCancelled
	free := domain.Seats{Capacity: 10, Confirmed: 9, Waitlisted: 2}
	full := domain.Seats{Capacity: 10, Confirmed: 10, Waitlisted: 2}

	for _, tc := range []struct {
		name      string
		status    domain.Status
		ev        domain.Event
		seats     domain.Seats
		kind      rule.Kind
		wantField string // "" and kind 0 with ok: promoted
		ok        bool
	}{
		{"a free seat", domain.StatusWaitlisted, open, free, 0, "", true},
		{"under way, at the door", domain.StatusWaitlisted, started, free, 0, "", true},
		{"no free seat", domain.StatusWaitlisted, open, full, rule.Taken, "seats", false},
		{"over capacity after a lowered capacity", domain.StatusWaitlisted, open, domain.Seats{Capacity: 5, Confirmed: 7}, rule.Taken, "seats", false},
		{"confirmed already", domain.StatusConfirmed, open, free, rule.Unmet, "status", false},
		{"cancelled", domain.StatusCancelled, open, free, rule.Unmet, "status", false},
		{"event cancelled", domain.StatusWaitlisted, cancelled, free, rule.Unmet, "", false},
		{"event ended", domain.StatusWaitlisted, ended, free, rule.Unmet, "", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := domain.Registration{ID: "r1", EventID: "e1", Status: tc.status, WaitlistPosition: 2, Version: 4}
			err := r.Promote(tc.ev, tc.seats, now)
			if tc.ok {
				if err != nil || r.Status != domain.StatusConfirmed || r.ConfirmedAt == nil || !r.ConfirmedAt.Equal(now) ||
					r.WaitlistPosition != 0 || r.Version != 5 {
					t.Fatalf("promoted: %+v, %v", r, err)
				}
				return
			}
			var re *rule.Error
			if !errors.As(err, &re) || re.Kind != tc.kind || re.Field() != tc.wantField {
				t.Fatalf("err = %v, want a rule error of kind %d on %q", err, tc.kind, tc.wantField)
			}
			if r.Status != tc.status || r.Version != 4 {
				t.Fatalf("a refused promotion changed the registration: %+v", r)
			}
		})
	}
}
