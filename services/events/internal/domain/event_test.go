package domain

import (
	"errors"
	"testing"
	"time"
)

func TestCollides(t *testing.T) {
	at := func(h, m int) time.Time { return time.Date(2026, 3, 10, h, m, 0, 0, time.UTC) }
	cases := []struct {
		name        string
		aS, aE      time.Time
		bS, bE      time.Time
		setup       time.Duration
		wantCollide bool
	}{
		{"overlapping", at(10, 0), at(12, 0), at(11, 0), at(13, 0), 0, true},
		{"inside", at(10, 0), at(12, 0), at(10, 30), at(11, 0), 0, true},
		{"touching without buffer", at(10, 0), at(12, 0), at(12, 0), at(13, 0), 0, false},
		{"touching before", at(12, 0), at(13, 0), at(10, 0), at(12, 0), 0, false},
		{"gap equal to buffer", at(10, 0), at(12, 0), at(12, 15), at(13, 0), 15 * time.Minute, false},
		{"gap one minute short of buffer", at(10, 0), at(12, 0), at(12, 14), at(13, 0), 15 * time.Minute, true},
		{"buffer before", at(12, 15), at(13, 0), at(10, 0), at(12, 0), 15 * time.Minute, false},
		{"buffer before short", at(12, 10), at(13, 0), at(10, 0), at(12, 0), 15 * time.Minute, true},
		{"far apart", at(8, 0), at(9, 0), at(14, 0), at(15, 0), 30 * time.Minute, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := Collides(tc.aS, tc.aE, tc.bS, tc.bE, tc.setup); got != tc.wantCollide {
				t.Errorf("Collides = %v, want %v", got, tc.wantCollide)
			}
			if got := Collides(tc.bS, tc.bE, tc.aS, tc.aE, tc.setup); got != tc.wantCollide {
				t.Errorf("Collides (swapped) = %v, want %v", got, tc.wantCollide)
			}
		})
	}
}

func TestTransitions(t *testing.T) {
	now := time.Now()
	type step func(*Event) error
	publish := func(e *Event) error { return e.Publish(now) }
	cancel := func(e *Event) error { return e.Cancel("weer", now) }
	complete := func(e *Event) error { return e.Complete(now) }
	cases := []struct {
		name  string
		from  Status
		step  step
		to    Status
		allow bool
	}{
		{"publish draft", StatusDraft, publish, StatusPublished, true},
		{"publish published", StatusPublished, publish, StatusPublished, false},
		{"cancel draft", StatusDraft, cancel, StatusCancelled, true},
		{"cancel published", StatusPublished, cancel, StatusCancelled, true},
		{"cancel completed", StatusCompleted, cancel, StatusCompleted, false},
		{"complete published", StatusPublished, complete, StatusCompleted, true},
		{"complete draft", StatusDraft, complete, StatusDraft, false},
		{"publish cancelled", StatusCancelled, publish, StatusCancelled, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := &Event{Status: tc.from, Version: 3}
			err := tc.step(e)
			if tc.allow != (err == nil) {
				t.Fatalf("err = %v, allowed %v", err, tc.allow)
			}
			if !tc.allow && !errors.Is(err, ErrTransition) {
				t.Fatalf("err = %v, want ErrTransition", err)
			}
			if e.Status != tc.to {
				t.Errorf("status %s, want %s", e.Status, tc.to)
			}
			if tc.allow && e.Version != 4 {
				t.Errorf("version %d, want 4", e.Version)
			}
		})
	}
}
