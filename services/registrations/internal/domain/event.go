package domain

import (
	"crypto/sha256"
	"crypto/subtle"
	"time"

	"plein.dev/platform/rule"
)

// The statuses of an event, as the events service names them.
const (
	EventProposed  = "proposed"
	EventDeclined  = "declined"
	EventDraft     = "draft"
	EventPublished = "published"
	EventCancelled = "cancelled"
	EventCompleted = "completed"
)

// The visibilities of an event.
const (
	VisibilityPublic     = "public"
	VisibilityInviteOnly = "invite-only"
	VisibilityInternal   = "internal"
)

// Event is the registrations service's copy of an event, fed by the events
// service's messages.
type Event struct {
	ID         string
	Title      string
	StartsAt   time.Time
	EndsAt     time.Time
	Capacity   int
	Status     string
	Visibility string
	OpensAt    *time.Time
	ClosesAt   *time.Time
	// Location is where the event takes place for attendees, as the
	// events service describes it: room, venue and address, or its own
	// free-text location.
	Location    string
	Description string
	// InviteCode is what registrations for an invite-only event must carry.
	InviteCode string
	// Owners are the organisations that own the event: their organisers
	// see and manage its registrations.
	Owners []string
	// Version is the event's version in the events service, raised by
	// every change of the event.
	Version int64
	// SeatsVersion counts the changes of the event's seat counts; it is the
	// version of the SeatsChanged messages.
	SeatsVersion int64
	// AttendanceVersion counts the attendance summaries published.
	AttendanceVersion int64
}

// Hidden reports whether the event is kept from everyone but organisers:
// one that was never published (a draft, a proposal, a declined proposal),
// or an internal event.
func (e Event) Hidden() bool {
	switch e.Status {
	case EventPublished, EventCancelled, EventCompleted:
		return e.Visibility == VisibilityInternal
	}
	return true
}

// Promotes reports whether the event's waiting list may still move up at
// now: only while it is published and has not started. Someone promoted
// once it is under way would be told of a seat they can no longer take.
func (e Event) Promotes(now time.Time) bool {
	return e.Status == EventPublished && now.Before(e.StartsAt)
}

// Moved reports whether the event's time or place differs from before.
func (e Event) Moved(before Event) bool {
	return !before.StartsAt.Equal(e.StartsAt) || !before.EndsAt.Equal(e.EndsAt) ||
		before.Location != e.Location
}

// RegistrationOpen returns a rule error saying why nobody can register for
// the event at now, or nil. Registration closes at the event's start unless
// the organiser set another closing time.
func (e Event) RegistrationOpen(now time.Time) error {
	switch {
	case e.Status == EventCancelled:
		return rule.Broken("the event is cancelled")
	case e.Status == EventCompleted:
		return rule.Broken("the event has taken place")
	case e.Status != EventPublished:
		return rule.Broken("the event is not open for registration")
	case e.Visibility != VisibilityPublic && e.Visibility != VisibilityInviteOnly:
		return rule.Broken("the event takes no registrations")
	}
	if e.OpensAt != nil && now.Before(*e.OpensAt) {
		return rule.Broken("registration opens at " + e.OpensAt.Format(time.RFC3339))
	}
	closes := e.StartsAt
	if e.ClosesAt != nil {
		closes = *e.ClosesAt
	}
	if !now.Before(closes) {
		return rule.Broken("registration closed at " + closes.Format(time.RFC3339))
	}
	return nil
}

// CheckInvite returns a rule error on the field "inviteCode" unless code
// opens the event: any code for a public event, the event's invite code for
// an invite-only one. The comparison takes the same time whatever the code.
func (e Event) CheckInvite(code string) error {
	if e.Visibility != VisibilityInviteOnly {
		return nil
	}
	if code == "" {
		return brokenField("inviteCode", "invite code required")
	}
	want, got := sha256.Sum256([]byte(e.InviteCode)), sha256.Sum256([]byte(code))
	if e.InviteCode == "" || subtle.ConstantTimeCompare(want[:], got[:]) != 1 {
		return brokenField("inviteCode", "invite code invalid")
	}
	return nil
}
