package domain

import "time"

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
}
