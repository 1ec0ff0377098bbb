// Package domain holds the events service's rules: what an event is, which
// status changes are allowed and when two bookings of a room collide. It does
// no I/O.
package domain

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"plein.dev/platform/rule"
)

// Status is where an event is in its life.
type Status string

// The statuses of an event.
const (
	// StatusProposed events were proposed by an ambassador and wait for an
	// organiser's decision; they hold no room yet.
	StatusProposed  Status = "proposed"
	StatusDeclined  Status = "declined"
	StatusDraft     Status = "draft"
	StatusPublished Status = "published"
	StatusCancelled Status = "cancelled"
	StatusCompleted Status = "completed"
)

// Visibility says who may see an event and register for it.
type Visibility string

// The visibilities of an event.
const (
	// VisibilityPublic events are listed and open for registration.
	VisibilityPublic Visibility = "public"
	// VisibilityInviteOnly events are reachable by link only.
	VisibilityInviteOnly Visibility = "invite-only"
	// VisibilityInternal events are room bookings without registration.
	VisibilityInternal Visibility = "internal"
)

// MaxDuration is the longest a single event may last: two weeks covers a
// festival or an exhibition; anything longer is a series of events. It
// keeps the reads of a room's bookings and of listings from a date near
// that date: no event overlapping it starts more than MaxDuration before.
const MaxDuration = 14 * 24 * time.Hour

// Event is a meeting or event as the events service keeps it.
type Event struct {
	ID                   string
	Title                string
	Description          string
	ProgrammeID          string
	Themes               []string
	RoomID               string
	Location             string
	StartsAt             time.Time
	EndsAt               time.Time
	Capacity             int
	RegistrationOpensAt  *time.Time
	RegistrationClosesAt *time.Time
	Visibility           Visibility
	Status               Status
	HostAmbassadorIDs    []string
	Recurrence           string
	SeriesID             string
	CancellationReason   string
	InviteCode           string
	Accessibility        Accessibility
	// Sequence is the iCalendar SEQUENCE: raised on every reschedule and on
	// cancellation.
	Sequence               int
	DeclineReason          string
	ProposedByAmbassadorID string
	// OwnerOrganisationID owns an event without a programme.
	OwnerOrganisationID string
	// Owners are who owns the event as it stands, read with it: its
	// programme's owners, or OwnerOrganisationID. Their organisers manage
	// it.
	Owners []string
	// Contacts, Areas, Agenda (in order of time), Materials and PostNote
	// are the event's content (issue 16); content.go.
	Contacts       []Contact
	Areas          []string
	Agenda         []AgendaItem
	Materials      []Material
	PostNote       string
	SeatsTaken     int
	WaitlistLength int
	CreatedAt      time.Time
	UpdatedAt      time.Time
	Version        int64
}

// Accessibility tells attendees what to expect at an event.
type Accessibility struct {
	WheelchairAccessible bool     `json:"wheelchairAccessible,omitempty"`
	InductionLoop        bool     `json:"inductionLoop,omitempty"`
	Languages            []string `json:"languages,omitempty"`
	Notes                string   `json:"notes,omitempty"`
}

// Live reports whether the event holds its room: drafts and published
// events do; proposals, declined, cancelled and completed events do not
// block new bookings.
func (e *Event) Live() bool { return e.Status == StatusDraft || e.Status == StatusPublished }

// Validate checks the rules every event must satisfy whatever its status.
func (e *Event) Validate() error {
	if strings.TrimSpace(e.Title) == "" {
		return Unmet("title", "must not be empty")
	}
	if !e.EndsAt.After(e.StartsAt) {
		return Unmet("endsAt", "must be after startsAt")
	}
	if e.EndsAt.Sub(e.StartsAt) > MaxDuration {
		return Unmet("endsAt", "must be at most 14 days after startsAt; make a longer programme a series")
	}
	if e.Capacity < 0 {
		return Unmet("capacity", "must not be negative")
	}
	switch e.Visibility {
	case VisibilityPublic, VisibilityInviteOnly, VisibilityInternal:
	default:
		return Unmet("visibility", "must be public, invite-only or internal")
	}
	if e.RegistrationOpensAt != nil && e.RegistrationClosesAt != nil &&
		!e.RegistrationClosesAt.After(*e.RegistrationOpensAt) {
		return Unmet("registrationClosesAt", "must be after registrationOpensAt")
	}
	if e.RegistrationClosesAt != nil && e.RegistrationClosesAt.After(e.EndsAt) {
		return Unmet("registrationClosesAt", "must not be after endsAt")
	}
	return nil
}

// SeatsFit refuses a capacity below the seats taken (as the registrations
// service last reported them): lowering it so far would leave confirmed
// attendees without a seat. It applies when the capacity changes.
func (e *Event) SeatsFit() error {
	if e.Capacity >= e.SeatsTaken {
		return nil
	}
	return rule.Broken(fmt.Sprintf("the capacity of %d is below the %d seats taken", e.Capacity, e.SeatsTaken),
		rule.Violation{Field: "capacity", Reason: fmt.Sprintf("must be at least the %d seats taken, not %d", e.SeatsTaken, e.Capacity)})
}

// Publish opens a draft event to the public (or to its invitees).
func (e *Event) Publish(now time.Time) error {
	if e.Status != StatusDraft {
		return refuse("publish", e.Status)
	}
	e.Status = StatusPublished
	e.touch(now)
	return nil
}

// Cancel calls off a draft or published event.
func (e *Event) Cancel(reason string, now time.Time) error {
	if e.Status != StatusDraft && e.Status != StatusPublished {
		return refuse("cancel", e.Status)
	}
	e.Status = StatusCancelled
	e.CancellationReason = reason
	e.Sequence++
	e.touch(now)
	return nil
}

// Complete marks a published event as held.
func (e *Event) Complete(now time.Time) error {
	if e.Status != StatusPublished {
		return refuse("complete", e.Status)
	}
	e.Status = StatusCompleted
	e.touch(now)
	return nil
}

// Editable reports whether the event's details may still change.
func (e *Event) Editable() error {
	if e.Status != StatusDraft && e.Status != StatusPublished {
		return refuse("change", e.Status)
	}
	return nil
}

// Approve turns a proposal into a draft, or publishes it at once.
func (e *Event) Approve(publish bool, now time.Time) error {
	if e.Status != StatusProposed {
		return refuse("approve", e.Status)
	}
	e.Status = StatusDraft
	if publish {
		e.Status = StatusPublished
	}
	e.touch(now)
	return nil
}

// Decline refuses a proposal with a reason.
func (e *Event) Decline(reason string, now time.Time) error {
	if e.Status != StatusProposed {
		return refuse("decline", e.Status)
	}
	e.Status = StatusDeclined
	e.DeclineReason = reason
	e.touch(now)
	return nil
}

func (e *Event) touch(now time.Time) {
	e.UpdatedAt = now
	e.Version++
}

// Touch records a change made outside the status transitions.
func (e *Event) Touch(now time.Time) { e.touch(now) }

// VisibleToPublic reports whether a caller who is not an organiser may see
// the event when asking for it by id.
func (e *Event) VisibleToPublic() bool {
	switch e.Status {
	case StatusPublished, StatusCancelled, StatusCompleted:
		return e.Visibility != VisibilityInternal
	}
	return false
}

// ListedForPublic reports whether the event appears in public listings.
func (e *Event) ListedForPublic() bool {
	return e.Visibility == VisibilityPublic &&
		(e.Status == StatusPublished || e.Status == StatusCompleted)
}

// PublicFeedStatuses are the statuses of the events in the public calendar
// feed: cancelled ones too, so that subscribed calendars drop them.
var PublicFeedStatuses = []Status{StatusPublished, StatusCompleted, StatusCancelled}

// InPublicFeed reports whether the event is in the calendar feed of a
// caller who is not an organiser.
func (e *Event) InPublicFeed() bool {
	return e.Visibility == VisibilityPublic && slices.Contains(PublicFeedStatuses, e.Status)
}

// Collides reports whether two bookings of one room are too close: the room
// needs its set-up time free between the end of one and the start of the
// next. Bookings exactly setup apart do not collide.
func Collides(aStart, aEnd, bStart, bEnd time.Time, setup time.Duration) bool {
	return Overlaps(aStart, aEnd.Add(setup), bStart, bEnd.Add(setup))
}

// Overlaps reports whether half-open spans [aFrom, aTo) and [bFrom, bTo)
// share any instant; touching spans do not overlap.
func Overlaps(aFrom, aTo, bFrom, bTo time.Time) bool {
	return aFrom.Before(bTo) && bFrom.Before(aTo)
}
