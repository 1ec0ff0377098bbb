package domain_test

import (
	"testing"

	"plein.dev/registrations/internal/domain"
)

func TestSeatsAndNoShows(t *testing.T) {
	t.Parallel()
	if f := (domain.Seats{Capacity: 3, Confirmed: 1}).Free(); f != 2 {
		t.Errorf("free %d", f)
	}
	if f := (domain.Seats{Capacity: 1, Confirmed: 3}).Free(); f != 0 {
		t.Errorf("free over capacity %d", f)
	}
	if p := (domain.Seats{Capacity: 1, Confirmed: 1, Waitlisted: 4}).NextWaitlistPosition(); p != 5 {
		t.Errorf("next waiting-list position %d", p)
	}
	a := domain.Attendance{EventStatus: domain.EventPublished, Confirmed: 10, CheckedIn: 7}
	if a.NoShows() != 0 {
		t.Errorf("no-shows before the event %d", a.NoShows())
	}
	a.EventStatus = domain.EventCompleted
	if a.NoShows() != 3 {
		t.Errorf("no-shows %d", a.NoShows())
	}
}
