// Package domain decides which e-mail a registration change calls for and
// writes its text: Dutch, with a short English line (notices.go); it holds
// the e-mail log's types (emails.go). It does no I/O.
package domain

import (
	"strconv"
	"time"
)

// Kind names what an e-mail is about; it is stored in the e-mail log.
type Kind string

// Kinds of e-mail.
const (
	KindConfirmed  Kind = "registration-confirmed"
	KindWaitlisted Kind = "registration-waitlisted"
	KindPromoted   Kind = "registration-promoted"
	KindCancelled  Kind = "registration-cancelled"
	// KindRescheduled: the event of the registration moved in time or
	// place.
	KindRescheduled Kind = "event-rescheduled"
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
)

// Change is a change of one registration as the registrations service
// announced it, with what it knew of the event at the time.
type Change struct {
	Happened       Happening
	RegistrationID string
	EventID        string
	Version        int64
	Name           string
	Email          string
	// Status is the registration's status after the change.
	Status           string
	EventTitle       string
	EventStartsAt    time.Time // zero when unknown
	EventEndsAt      time.Time // zero when unknown
	EventLocation    string
	WaitlistPosition int // 0 when unknown
	// CancellationReason is the organiser's reason for a cancellation.
	CancellationReason string
	// CancelledBy is one of the CancelledBy* values for a cancellation.
	CancelledBy string
	// PreviousStartsAt and PreviousLocation are when and where the event
	// was before it was rescheduled (zero and "" when unknown).
	PreviousStartsAt time.Time
	PreviousLocation string
}

// Cause identifies what an e-mail answers, so that one change never leads
// to two e-mails of a kind.
func (c Change) Cause(k Kind) string {
	return "registration:" + c.RegistrationID + "@" + strconv.FormatInt(c.Version, 10) + "/" + string(k)
}
