// Package bus reads the messages the notifications service consumes.
package bus

import (
	"fmt"
	"strings"

	"google.golang.org/protobuf/proto"

	"plein.dev/notifications/internal/domain"
	"plein.dev/platform/inbox"
	registrationsv1 "plein.dev/proto/gen/plein/registrations/v1"
)

// Service is the name of this service on the bus: its durable consumers
// are named after it.
const Service = "notifications"

// Registrations is the producing service whose registration messages are
// consumed.
const Registrations = "registrations"

// registrationPrefix starts the subjects of RegistrationChanged; the verb
// follows.
const registrationPrefix = "plein.registrations.registration."

// RegistrationSubjects are the registrations service's messages this
// service follows.
var RegistrationSubjects = []string{registrationPrefix + ">"}

// DecodeRegistration reads a RegistrationChanged message. A message that
// cannot be read is an error wrapping inbox.ErrPermanent.
func DecodeRegistration(m inbox.Message) (domain.Change, error) {
	verb, ok := strings.CutPrefix(m.Subject, registrationPrefix)
	if !ok || verb == "" || strings.Contains(verb, ".") {
		return domain.Change{}, fmt.Errorf("unexpected subject %s: %w", m.Subject, inbox.ErrPermanent)
	}
	var msg registrationsv1.RegistrationChanged
	if err := proto.Unmarshal(m.Data, &msg); err != nil {
		return domain.Change{}, fmt.Errorf("decode %s: %w: %w", m.Subject, err, inbox.ErrPermanent)
	}
	r := msg.GetRegistration()
	if r.GetId() == "" {
		return domain.Change{}, fmt.Errorf("%s without registration: %w", m.Subject, inbox.ErrPermanent)
	}
	c := domain.Change{
		Verb:               verb,
		RegistrationID:     r.GetId(),
		EventID:            r.GetEventId(),
		Version:            int64(r.GetVersion()),
		Name:               r.GetName(),
		Email:              r.GetEmail(),
		EventTitle:         msg.GetEventTitle(),
		WaitlistPosition:   int(r.GetWaitlistPosition()),
		CancellationReason: r.GetCancellationReason(),
		CancelledBy:        r.GetCancelledBy(),
	}
	if msg.GetEventStartsAt() != nil {
		c.EventStartsAt = msg.GetEventStartsAt().AsTime()
	}
	if c.Version == 0 {
		// Not expected: registrations are always versioned. Fall back to
		// the header's version.
		c.Version = m.Version
	}
	return c, nil
}
