package render

import (
	"time"

	"plein.dev/platform/ical"
	"plein.dev/registrations/internal/domain"
)

// Calendar returns the attendee's calendar file (RFC 5545, written by
// platform/ical) of a registration's event: an invitation (METHOD:REQUEST)
// while the registration is live, CONFIRMED or, on the waiting list,
// TENTATIVE; its withdrawal (METHOD:CANCEL, STATUS:CANCELLED) once the
// registration or the event is cancelled. The UID is the event's
// (ical.UID), as in the events service's files, so that every file about
// the event updates the one entry in the attendee's calendar; sequence must
// therefore grow with every change the file shows (app chooses it).
func Calendar(reg domain.Registration, ev domain.Event, sequence int, now time.Time) []byte {
	method, status := ical.Request, ical.Confirmed
	switch {
	case ev.Status == domain.EventCancelled || !reg.Live():
		method, status = ical.Cancel, ical.Cancelled
	case reg.Status == domain.StatusWaitlisted:
		status = ical.Tentative
	}
	return ical.Write(ical.Calendar{
		Method: method,
		Stamp:  now,
		Events: []ical.Event{{
			ID:          ev.ID,
			Title:       ev.Title,
			Description: ev.Description,
			Location:    ev.Location,
			StartsAt:    ev.StartsAt,
			EndsAt:      ev.EndsAt,
			Sequence:    sequence,
			Status:      status,
		}},
	})
}
