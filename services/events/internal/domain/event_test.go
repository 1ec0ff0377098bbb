package domain

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"plein.dev/platform/rule"
)

func TestCollides(t *testing.T) {
	t.Parallel()
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
			t.Parallel()
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
	t.Parallel()
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
			t.Parallel()
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

// TestRefusalsAreRuleErrors: every refusal of the domain is a *rule.Error
// of the kind that gives its gRPC code, with the text and field the API
// has always answered.
func TestRefusalsAreRuleErrors(t *testing.T) {
	t.Parallel()
	at := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	conflict := &RoomConflictError{EventID: "e1", Title: "Eerste", StartsAt: at, EndsAt: at.Add(time.Hour)}
	cases := []struct {
		name    string
		err     error
		kind    rule.Kind
		message string
		field   string
	}{
		{"field", Unmet("capacity", "must not be negative"), rule.Unmet, "capacity: must not be negative", "capacity"},
		{"transition", refuse("publish", StatusCancelled), rule.Unmet, "cannot publish an event that is cancelled", "status"},
		{"room taken", fmt.Errorf("create event: %w", conflict), rule.Taken,
			`the room is booked by "Eerste" (e1) from 2026-12-01T10:00:00+01:00 to 2026-12-01T11:00:00+01:00`, ""},
		{"series, room taken", &SeriesConflictError{Conflicts: []SeriesConflict{{StartsAt: at, Room: conflict, Reason: conflict.Error()}}},
			rule.Taken, "the series cannot be booked on 1 date(s): 2026-12-01: " + conflict.Error(), "recurrence"},
		{"series, room closed", &SeriesConflictError{Conflicts: []SeriesConflict{{StartsAt: at, Reason: "closed"}}},
			rule.Unmet, "the series cannot be booked on 1 date(s): 2026-12-01: closed", "recurrence"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var re *rule.Error
			if !errors.As(tc.err, &re) {
				t.Fatalf("%v is no rule error", tc.err)
			}
			if re.Kind != tc.kind || re.Error() != tc.message || re.Field() != tc.field {
				t.Errorf("kind %v message %q field %q, want %v %q %q", re.Kind, re.Error(), re.Field(), tc.kind, tc.message, tc.field)
			}
		})
	}
	if !errors.Is(refuse("publish", StatusDraft), ErrTransition) {
		t.Error("a TransitionError is not ErrTransition")
	}
}

// TestCapacityRules: a room seats at most its capacity, and an event's
// capacity may not fall below its seats taken; a refusal names both
// numbers.
func TestCapacityRules(t *testing.T) {
	t.Parallel()
	room := Room{Name: "Zaal 1", Capacity: 40}
	cases := []struct {
		name   string
		check  func() error
		fields []string
		words  []string
	}{
		{"room seats fewer", func() error { return room.Seats(60) }, []string{"capacity", "roomId"}, []string{"60", "40"}},
		{"room seats exactly", func() error { return room.Seats(40) }, nil, nil},
		{"below seats taken", func() error { e := Event{Capacity: 10, SeatsTaken: 12}; return e.SeatsFit() }, []string{"capacity"}, []string{"10", "12"}},
		{"at seats taken", func() error { e := Event{Capacity: 12, SeatsTaken: 12}; return e.SeatsFit() }, nil, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			err := tc.check()
			if tc.fields == nil {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			var re *rule.Error
			if !errors.As(err, &re) || re.Kind != rule.Unmet {
				t.Fatalf("err = %v, want a rule refusal", err)
			}
			for i, f := range tc.fields {
				if len(re.Violations) <= i || re.Violations[i].Field != f {
					t.Errorf("violations %+v, want fields %v", re.Violations, tc.fields)
				}
			}
			for _, w := range tc.words {
				if !strings.Contains(re.Error(), w) {
					t.Errorf("reason %q lacks %s", re.Error(), w)
				}
			}
		})
	}
}

// TestMaxDuration: an event lasts at most MaxDuration.
func TestMaxDuration(t *testing.T) {
	t.Parallel()
	start := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name  string
		end   time.Time
		allow bool
	}{
		{"two weeks", start.Add(MaxDuration), true},
		{"a second longer", start.Add(MaxDuration + time.Second), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			e := Event{Title: "Expositie", StartsAt: start, EndsAt: tc.end, Visibility: VisibilityPublic}
			err := e.Validate()
			var re *rule.Error
			switch {
			case tc.allow && err != nil:
				t.Fatalf("refused: %v", err)
			case !tc.allow && (!errors.As(err, &re) || re.Kind != rule.Unmet || re.Field() != "endsAt"):
				t.Fatalf("err = %v, want a refusal naming endsAt", err)
			}
		})
	}
}
