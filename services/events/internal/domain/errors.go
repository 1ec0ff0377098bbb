package domain

import (
	"errors"
	"fmt"
	"time"

	"plein.dev/platform/rule"
	"plein.dev/platform/zone"
)

// Outcomes other than a refused rule; grpcapi maps them to status codes.
var (
	// ErrNotFound: no such venue, room, event, programme or ambassador, or
	// one the caller may not know of.
	ErrNotFound = errors.New("not found")
	// ErrDuplicate: a row with this id exists already.
	ErrDuplicate = errors.New("already exists")
	// ErrTransition means the event's status does not allow the change;
	// errors wrapping it are *TransitionError.
	ErrTransition = errors.New("status does not allow this")
	// ErrNoAmbassador: an ambassador's account proposes an event but is not
	// linked to an ambassador.
	ErrNoAmbassador = errors.New("an ambassador account must be linked to an ambassador")
)

// Unmet refuses a request because the value of field breaks a rule of the
// domain (FailedPrecondition, HTTP 422), e.g. Unmet("capacity", "must not
// be negative").
func Unmet(field, reason string) *rule.Error {
	return rule.Broken(field+": "+reason, rule.Violation{Field: field, Reason: reason})
}

// TransitionError names the change that was refused and the status that
// refused it. It is a rule refusal naming the field status.
type TransitionError struct {
	Action  string
	Current Status
}

func (e *TransitionError) Error() string {
	return fmt.Sprintf("cannot %s an event that is %s", e.Action, e.Current)
}

// Unwrap makes errors.Is(err, ErrTransition) hold and errors.As find the
// rule refusal.
func (e *TransitionError) Unwrap() []error {
	return []error{ErrTransition, rule.Broken(e.Error(), rule.Violation{Field: "status", Reason: "is " + string(e.Current)})}
}

func refuse(action string, current Status) error {
	return &TransitionError{Action: action, Current: current}
}

// RoomConflictError names the event that already holds the room. It is a
// rule refusal of the kind Taken (AlreadyExists, HTTP 409) whose reason
// names the other event and its time.
type RoomConflictError struct {
	EventID  string
	Title    string
	StartsAt time.Time
	EndsAt   time.Time
}

func (e *RoomConflictError) Error() string {
	if e.EventID == "" {
		// Another organisation's event the caller may not know of.
		return fmt.Sprintf("the room is taken (%s) from %s to %s", Taken,
			e.StartsAt.In(zone.Amsterdam).Format(time.RFC3339), e.EndsAt.In(zone.Amsterdam).Format(time.RFC3339))
	}
	return fmt.Sprintf("the room is booked by %q (%s) from %s to %s", e.Title, e.EventID,
		e.StartsAt.In(zone.Amsterdam).Format(time.RFC3339), e.EndsAt.In(zone.Amsterdam).Format(time.RFC3339))
}

// Unwrap lets errors.As find the rule refusal.
func (e *RoomConflictError) Unwrap() error {
	return &rule.Error{Kind: rule.Taken, Reason: e.Error()}
}
