package web

import (
	"strings"
	"time"

	eventsv1 "plein.dev/proto/gen/plein/events/v1"
)

// eventCard is an event as the agenda shows it.
type eventCard struct {
	ID        string
	Title     string
	When      string
	Start     string
	Place     string
	Programme string
	Themes    []string
	// SeatsFree counts the free seats; Full means a new registration
	// goes onto the waiting list.
	SeatsFree int
	Full      bool
}

func (h *Handler) card(l *Lang, dir *listing, e *eventsv1.Event) eventCard {
	c := eventCard{ID: e.GetId(), Title: e.GetTitle(), When: l.Span(e.GetStartsAt().AsTime(), e.GetEndsAt().AsTime()),
		Start: machineTime(e.GetStartsAt().AsTime()), Place: shortPlace(dir, e), Themes: e.GetThemes()}
	if p := dir.programme[e.GetProgrammeId()]; p != nil {
		c.Programme = p.GetName()
	}
	c.SeatsFree = max(0, int(e.GetCapacity()-e.GetSeatsTaken()))
	c.Full = c.SeatsFree == 0
	return c
}

// shortPlace is the venue and city, or the event's own location.
func shortPlace(dir *listing, e *eventsv1.Event) string {
	if v := dir.roomVenue[e.GetRoomId()]; v != nil {
		return joinNonEmpty(", ", v.GetName(), v.GetCity())
	}
	return e.GetLocation()
}

// place is where an event takes place, in full.
type place struct {
	Room    string
	Venue   string
	Address string
	City    string
	// Location is the event's own free-text location.
	Location string
}

func fullPlace(dir *listing, e *eventsv1.Event) place {
	p := place{Location: e.GetLocation()}
	if v := dir.roomVenue[e.GetRoomId()]; v != nil {
		p.Venue, p.Address, p.City = v.GetName(), v.GetAddress(), v.GetCity()
		p.Room = dir.room[e.GetRoomId()].GetName()
	}
	return p
}

func joinNonEmpty(sep string, parts ...string) string {
	var out []string
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, sep)
}

// window says whether registration is open at now, and if not why.
type window int

const (
	windowOpen window = iota
	windowNotYet
	windowClosed
	windowCancelled
	windowOver
	windowNone // internal events take no registrations
)

func registrationWindow(e *eventsv1.Event, now time.Time) window {
	switch {
	case e.GetStatus() == "cancelled":
		return windowCancelled
	case e.GetStatus() == "completed" || !now.Before(e.GetEndsAt().AsTime()):
		return windowOver
	case e.GetStatus() != "published" || e.GetVisibility() == "internal":
		return windowNone
	case e.GetRegistrationOpensAt() != nil && now.Before(e.GetRegistrationOpensAt().AsTime()):
		return windowNotYet
	}
	closes := e.GetStartsAt().AsTime()
	if e.GetRegistrationClosesAt() != nil {
		closes = e.GetRegistrationClosesAt().AsTime()
	}
	if !now.Before(closes) {
		return windowClosed
	}
	return windowOpen
}
