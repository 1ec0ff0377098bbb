// Package bus is what the notifications service consumes: the
// registrations service's RegistrationChanged messages and the
// ambassadors service's messages about ambassadors and programmes, each
// verb handled or ignored on purpose, decoded and handed to app.
package bus

import (
	"context"
	"errors"
	"fmt"

	"plein.dev/notifications/internal/domain"
	"plein.dev/platform/inbox"
	"plein.dev/platform/rule"
	"plein.dev/platform/service"
	"plein.dev/platform/sqlite"
	"plein.dev/proto/subject"
)

// Service is the name of this service on the bus: its durable consumers
// are named after it.
const Service = "notifications"

// Projections applies what the other services announce; *app.App is one.
type Projections interface {
	ApplyRegistration(ctx context.Context, tx sqlite.Tx, c domain.Change) error
	ApplyErasure(ctx context.Context, tx sqlite.Tx, registrationID string) error
	ApplyAmbassador(ctx context.Context, tx sqlite.Tx, a domain.Ambassador, ended bool) error
	ApplyBehindTarget(ctx context.Context, tx sqlite.Tx, b domain.BehindTarget) error
	ApplyProgramme(ctx context.Context, tx sqlite.Tx, id, name string) error
}

// Consumers returns the durable consumers of the registrations stream
// (every change of a registration that calls for an e-mail queues one; an
// erasure forgets the person) and of the ambassadors stream (ambassadors
// and programmes for the e-mails to ambassadors).
func Consumers(a Projections) []service.Consumer {
	return []service.Consumer{registrations(a), ambassadors(a)}
}

func registrations(a Projections) service.Consumer {
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
	return service.Consumer{
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
				return a.ApplyErasure(ctx, tx, c.Registration.ID)
			},
		},
		// A check-in at the door calls for no e-mail.
		Ignore: []subject.Subject{subject.RegistrationCheckedIn},
	}
}

func ambassadors(a Projections) service.Consumer {
	ambassador := func(ended bool) inbox.Handler {
		return func(ctx context.Context, tx sqlite.Tx, m inbox.Message) error {
			amb, err := decodeAmbassador(m)
			if err != nil {
				return err
			}
			return permanentIfRefused(a.ApplyAmbassador(ctx, tx, amb, ended))
		}
	}
	programme := func(ctx context.Context, tx sqlite.Tx, m inbox.Message) error {
		id, name, err := decodeProgramme(m)
		if err != nil {
			return err
		}
		return a.ApplyProgramme(ctx, tx, id, name)
	}
	return service.Consumer{
		Stream:  subject.StreamAmbassadors,
		Durable: Service,
		Handle: map[subject.Subject]inbox.Handler{
			subject.ProgrammeCreated:    programme,
			subject.ProgrammeUpdated:    programme,
			subject.AmbassadorAppointed: ambassador(false),
			subject.AmbassadorUpdated:   ambassador(false),
			subject.AmbassadorTermEnded: ambassador(true),
			subject.AmbassadorBehindTarget: func(ctx context.Context, tx sqlite.Tx, m inbox.Message) error {
				b, err := decodeBehindTarget(m)
				if err != nil {
					return err
				}
				return permanentIfRefused(a.ApplyBehindTarget(ctx, tx, b))
			},
		},
		// A closed programme's ambassadors each get term-ended; its name
		// stays as it was.
		Ignore: []subject.Subject{subject.ProgrammeClosed},
	}
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
