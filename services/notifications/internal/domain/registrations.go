package domain

import (
	"strconv"
	"time"

	"plein.dev/platform/rule"
)

// Happening is what happened to a registration, as the registrations
// service announced it (the consumer maps each subject it handles to one).
type Happening int

// What can happen to a registration that calls for an e-mail.
const (
	Confirmed Happening = iota + 1
	Waitlisted
	Promoted
	Cancelled
	// Rescheduled: the registration stands, its event moved.
	Rescheduled
)

// Who cancelled a registration, as the registrations service says in
// Registration.cancelled_by.
const (
	CancelledByAttendee  = "attendee"
	CancelledByOrganiser = "organiser"
	CancelledByEvent     = "event"
	CancelledByErased    = "erased"
)

// Status of a registration, as the registrations service says it.
const (
	StatusConfirmed  = "confirmed"
	StatusWaitlisted = "waitlisted"
	StatusCancelled  = "cancelled"
)

// Event is an event as the registrations service described it in its
// last message about a registration.
type Event struct {
	Title       string    `json:"title,omitempty"`
	Description string    `json:"description,omitempty"`
	StartsAt    time.Time `json:"startsAt,omitzero"`
	EndsAt      time.Time `json:"endsAt,omitzero"`
	// Location is where it takes place, as free text: a place, or a link
	// for an online event.
	Location string `json:"location,omitempty"`
}

// Registration is what this service knows of one registration: the
// person, the event, and the manage token sealed for this service. It is
// kept (the projection the reminders are made from) until the person's
// data is erased.
type Registration struct {
	ID      string `json:"id"`
	EventID string `json:"eventId"`
	// Version is the registration's version in the registrations service.
	Version  int64  `json:"version"`
	Name     string `json:"name,omitempty"`
	Email    string `json:"email,omitempty"`
	Language string `json:"language,omitempty"`
	// Status is one of the Status* values.
	Status           string    `json:"status"`
	WaitlistPosition int       `json:"waitlistPosition,omitempty"`
	CheckInCode      string    `json:"checkInCode,omitempty"`
	RegisteredAt     time.Time `json:"registeredAt,omitzero"`
	// CancelledBy is one of the CancelledBy* values, for a cancellation.
	CancelledBy        string `json:"cancelledBy,omitempty"`
	CancellationReason string `json:"cancellationReason,omitempty"`
	// SealedToken is the manage token sealed with PLEIN_SEAL_KEY for the
	// registration id (platform/seal); empty when it never came.
	SealedToken string `json:"sealedToken,omitempty"`
	// CalendarSequence is the SEQUENCE of the registration's calendar
	// file, as the registrations service numbers it.
	CalendarSequence int   `json:"calendarSequence,omitempty"`
	Event            Event `json:"event"`
}

// Live reports whether the registration holds a seat or a place on the
// waiting list.
func (r Registration) Live() bool {
	return r.Status == StatusConfirmed || r.Status == StatusWaitlisted
}

// Change is a change of one registration, as the registrations service
// announced it.
type Change struct {
	Happened     Happening
	Registration Registration
	// Previous is the event before it moved (Rescheduled only).
	Previous Event
}

// Cause identifies what an e-mail answers, so that one change never leads
// to two e-mails of a kind, however often it is delivered.
func (c Change) Cause(k Kind) string {
	r := c.Registration
	return "registration:" + r.ID + "@" + strconv.FormatInt(r.Version, 10) + "/" + string(k)
}

// Letter returns the e-mail the change calls for; ok is false when it
// calls for none (the person's data was erased; an event moved for a
// registration that is no longer live). A change that calls for an e-mail
// but names no registration or address is refused with a *rule.Error.
func (c Change) Letter() (l Letter, ok bool, err error) {
	r := c.Registration
	var kind Kind
	switch c.Happened {
	case Confirmed:
		kind = KindConfirmed
	case Waitlisted:
		kind = KindWaitlisted
	case Promoted:
		kind = KindPromoted
	case Cancelled:
		if r.CancelledBy == CancelledByErased {
			return Letter{}, false, nil
		}
		kind = KindCancelled
	case Rescheduled:
		if !r.Live() {
			return Letter{}, false, nil
		}
		kind = KindRescheduled
	default:
		return Letter{}, false, nil
	}
	if err := r.addressable(); err != nil {
		return Letter{}, false, err
	}
	l = Letter{Kind: kind, Language: LanguageOf(r.Language), To: Recipient{Name: r.Name, Email: r.Email},
		Registration: &r}
	if kind == KindRescheduled {
		prev := c.Previous
		l.Previous = &prev
	}
	return l, true, nil
}

func (r Registration) addressable() error {
	switch {
	case r.ID == "":
		return rule.InvalidField("registrationId", "is required for an e-mail")
	case r.Email == "":
		return rule.InvalidField("email", "is required for an e-mail")
	}
	return nil
}
