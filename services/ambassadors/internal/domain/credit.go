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
	// ProgrammeID is the event's programme, if any; Areas its areas.
	ProgrammeID string
	Areas       []string
	Version     int64
}

// EventAttendance is the registrations service's summary of an event.
type EventAttendance struct {
	EventID   string
	Confirmed int
	CheckedIn int
	// KvKNumbers are the distinct KvK numbers of the companies the event
	// reached (its attendees'), sorted.
	KvKNumbers []string
	Version    int64
}
