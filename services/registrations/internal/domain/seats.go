package domain

// Seats are an event's seat figures.
type Seats struct {
	EventID    string
	Capacity   int
	Confirmed  int
	Waitlisted int
	// Version is the number of announced changes of the counts (the
	// version of the SeatsChanged message that carried them), read with
	// them: a watcher drops any change at or below it.
	Version int64
}

// Free is how many registrations can still be confirmed: never below zero,
// though a lowered capacity can leave more confirmed than seats.
func (s Seats) Free() int { return max(s.Capacity-s.Confirmed, 0) }

// NextWaitlistPosition is the position on the waiting list of a
// registration put on it now: behind everyone waiting. Positions are 1..n
// without gaps (those behind move up when one leaves), so it follows from
// the count.
func (s Seats) NextWaitlistPosition() int { return s.Waitlisted + 1 }

// Attendance are an event's attendance figures.
type Attendance struct {
	EventID     string
	EventStatus string
	Capacity    int
	Confirmed   int
	CheckedIn   int
	Waitlisted  int
	Cancelled   int
}

// NoShows is how many confirmed attendees did not check in, once the event
// has taken place; before, nobody is a no-show yet.
func (a Attendance) NoShows() int {
	if a.EventStatus != EventCompleted {
		return 0
	}
	return max(a.Confirmed-a.CheckedIn, 0)
}
