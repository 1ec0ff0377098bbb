// Package bus is what the notifications service consumes: the registrations
// service's RegistrationChanged messages, each handled or ignored on
// purpose, decoded and handed to app.
package bus

import (
	"context"
	"errors"
	"fmt"

	"google.golang.org/protobuf/proto"

	"plein.dev/notifications/internal/app"
	"plein.dev/notifications/internal/domain"
	"plein.dev/platform/inbox"
	"plein.dev/platform/rule"
	"plein.dev/platform/service"
	"plein.dev/platform/sqlite"
	registrationsv1 "plein.dev/proto/gen/plein/registrations/v1"
	"plein.dev/proto/subject"
)

// Service is the name of this service on the bus: its durable consumers
// are named after it.
const Service = "notifications"

// Consumers returns the durable consumer of the registrations stream:
// every change of a registration that calls for an e-mail queues one, an
// erasure forgets the person.
func Consumers(a *app.App) []service.Consumer {
	mail := func(h domain.Happening) inbox.Handler {
		return func(ctx context.Context, tx sqlite.Tx, m inbox.Message) error {
			c, err := decodeRegistration(m)
			if err != nil {
				return err
			}
			c.Happened = h
			return permanentIfRefused(a.ApplyRegistration(ctx, tx, c))
		}
	}
	return []service.Consumer{{
		Stream:  subject.StreamRegistrations,
		Durable: Service,
		Handle: map[subject.Subject]inbox.Handler{
			subject.RegistrationConfirmed:   mail(domain.Confirmed),
			subject.RegistrationWaitlisted:  mail(domain.Waitlisted),
			subject.RegistrationPromoted:    mail(domain.Promoted),
			subject.RegistrationCancelled:   mail(domain.Cancelled),
			subject.RegistrationRescheduled: mail(domain.Rescheduled),
			subject.RegistrationErased: func(ctx context.Context, tx sqlite.Tx, m inbox.Message) error {
				c, err := decodeRegistration(m)
				if err != nil {
					return err
				}
				return a.ApplyErasure(ctx, tx, c.RegistrationID)
			},
		},
		// A check-in at the door calls for no e-mail.
		Ignore: []subject.Subject{subject.RegistrationCheckedIn},
	}}
}

// permanentIfRefused marks a change the app refuses (no e-mail can be made
// of it) as one that redelivery cannot fix.
func permanentIfRefused(err error) error {
	var re *rule.Error
	if errors.As(err, &re) {
		return fmt.Errorf("%w: %w", err, inbox.ErrPermanent)
	}
	return err
}

// decodeRegistration reads a RegistrationChanged message. A message that
// cannot be read, or names no registration, is an error wrapping
// inbox.ErrPermanent.
func decodeRegistration(m inbox.Message) (domain.Change, error) {
	var msg registrationsv1.RegistrationChanged
	if err := proto.Unmarshal(m.Data, &msg); err != nil {
		return domain.Change{}, fmt.Errorf("decode %s: %w: %w", m.Subject, err, inbox.ErrPermanent)
	}
	r := msg.GetRegistration()
	if r.GetId() == "" {
		return domain.Change{}, fmt.Errorf("%s without registration: %w", m.Subject, inbox.ErrPermanent)
	}
	c := domain.Change{
		RegistrationID:     r.GetId(),
		EventID:            r.GetEventId(),
		Version:            int64(r.GetVersion()),
		Name:               r.GetName(),
		Email:              r.GetEmail(),
		Status:             r.GetStatus(),
		EventTitle:         msg.GetEventTitle(),
		EventLocation:      msg.GetEventLocation(),
		WaitlistPosition:   int(r.GetWaitlistPosition()),
		CancellationReason: r.GetCancellationReason(),
		CancelledBy:        r.GetCancelledBy(),
		PreviousLocation:   msg.GetPreviousLocation(),
	}
	if msg.GetEventStartsAt() != nil {
		c.EventStartsAt = msg.GetEventStartsAt().AsTime()
	}
	if msg.GetEventEndsAt() != nil {
		c.EventEndsAt = msg.GetEventEndsAt().AsTime()
	}
	if msg.GetPreviousStartsAt() != nil {
		c.PreviousStartsAt = msg.GetPreviousStartsAt().AsTime()
	}
	if c.Version == 0 {
		// Not expected: registrations are always versioned. Fall back to
		// the header's version.
		c.Version = m.Version
	}
	return c, nil
}
