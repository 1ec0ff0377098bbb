package domain

import "time"

// HostedEvent is what the events service announces of a completed event,
// as far as crediting its hosts goes.
type HostedEvent struct {
	EventID          string
	Title            string
	StartsAt, EndsAt time.Time
	Themes           []string
	HostIDs          []string
}

// EventAttendance is the registrations service's summary of an event.
type EventAttendance struct {
	EventID   string
	Confirmed int
	CheckedIn int
	Version   int64
}
