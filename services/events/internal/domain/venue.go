package domain

import (
	"fmt"
	"time"

	"plein.dev/platform/rule"
)

// Venue is a building where events take place.
type Venue struct {
	ID        string
	Name      string
	Address   string
	City      string
	Rooms     []Room
	CreatedAt time.Time
}

// Room is a bookable space in a venue.
type Room struct {
	ID           string
	VenueID      string
	Name         string
	Capacity     int
	SetupMinutes int
	Facilities   []string
	// BookableHours say when the room may be booked; none means always.
	BookableHours []BookableHours
	// Blackouts are periods the room cannot be booked at all.
	Blackouts []Blackout
}

// BookableHours open a room on one ISO weekday (1 Monday ... 7 Sunday)
// between two wall-clock times "HH:MM" in Europe/Amsterdam; Closes may be
// "24:00".
type BookableHours struct {
	Weekday int    `json:"weekday"`
	Opens   string `json:"opens"`
	Closes  string `json:"closes"`
}

// Blackout is a period (holiday, maintenance) in which a room cannot be
// booked.
type Blackout struct {
	StartsAt time.Time `json:"startsAt"`
	EndsAt   time.Time `json:"endsAt"`
	Reason   string    `json:"reason,omitempty"`
}

// Seats refuses a capacity the room cannot seat, naming both numbers and
// both fields (the event's capacity and its room).
func (r Room) Seats(capacity int) error {
	if capacity <= r.Capacity {
		return nil
	}
	return rule.Broken(fmt.Sprintf("the capacity of %d exceeds the %d seats of room %q", capacity, r.Capacity, r.Name),
		rule.Violation{Field: "capacity", Reason: fmt.Sprintf("%d exceeds the room's capacity of %d", capacity, r.Capacity)},
		rule.Violation{Field: "roomId", Reason: fmt.Sprintf("room %q seats %d, fewer than the capacity of %d", r.Name, r.Capacity, capacity)})
}

// Setup is the buffer kept free around every booking of the room.
func (r Room) Setup() time.Duration { return time.Duration(r.SetupMinutes) * time.Minute }

// Booking is an event as seen on a room's schedule.
type Booking struct {
	EventID  string
	Title    string
	StartsAt time.Time
	EndsAt   time.Time
	Status   Status
	// Visibility and Owners of the event decide who may see its title.
	Visibility Visibility
	Owners     []string
}

// Taken is the title of a booking the caller may not see: another
// organisation's event that is not public.
const Taken = "bezet"

// Hidden returns the booking without what says which event it is.
func (b Booking) Hidden() Booking {
	return Booking{Title: Taken, StartsAt: b.StartsAt, EndsAt: b.EndsAt, Status: b.Status}
}

// Public reports whether anyone may know the booking's event: a public
// event that is published or completed.
func (b Booking) Public() bool {
	return b.Visibility == VisibilityPublic && (b.Status == StatusPublished || b.Status == StatusCompleted)
}
