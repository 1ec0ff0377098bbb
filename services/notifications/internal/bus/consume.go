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
	// ApplyProgrammeOwners: see scope.go.
	ApplyProgrammeOwners(ctx context.Context, tx sqlite.Tx, id string, owners []string) error
}

// Consumers returns the durable consumers of the registrations stream
// (every change of a registration that calls for an e-mail queues one; an
// erasure forgets the person) and of the ambassadors stream: ambassadors
// and programmes, projected from the first message for the e-mails to
// ambassadors, and the e-mails their messages call for, from the
// consumer's creation.
//
// personal opens the personal fields of the registrations' messages.
func Consumers(a Projections, personal Personal) []service.Consumer {
	return []service.Consumer{registrations(a, personal), ambassadors(a), ambassadorMails(a)}
}

// DurableAmbassadorMails names the consumer of the ambassadors stream that
// mails ambassadors (term ended, behind target).
const DurableAmbassadorMails = Service + "-ambassador-mails"

func registrations(a Projections, personal Personal) service.Consumer {
	mail := func(h domain.Happening) inbox.Handler {
		return func(ctx context.Context, tx sqlite.Tx, m inbox.Message) error {
			c, err := decodeRegistration(ctx, personal, m)
			if err != nil {
				return err
			}
			if c.Registration.Email == "" {
				// The person was erased since: nothing is sent to them.
				return nil
			}
			c.Happened = h
			return permanentIfRefused(a.ApplyRegistration(ctx, tx, c))
		}
	}
	return service.Consumer{
		Stream:  subject.StreamRegistrations,
		Durable: Service,
		// E-mails only about what happens from now on.
		Start: service.FromCreation,
		Handle: map[subject.Subject]inbox.Handler{
			subject.RegistrationConfirmed:   mail(domain.Confirmed),
			subject.RegistrationWaitlisted:  mail(domain.Waitlisted),
			subject.RegistrationPromoted:    mail(domain.Promoted),
			subject.RegistrationCancelled:   mail(domain.Cancelled),
			subject.RegistrationRescheduled: mail(domain.Rescheduled),
			subject.RegistrationErased: func(ctx context.Context, tx sqlite.Tx, m inbox.Message) error {
				c, err := decodeRegistration(ctx, personal, m)
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
		if err := a.ApplyProgramme(ctx, tx, id, name); err != nil {
			return err
		}
		return a.ApplyProgrammeOwners(ctx, tx, id, programmeOwners(m))
	}
	return service.Consumer{
		Stream:  subject.StreamAmbassadors,
		Durable: Service,
		// The term reminders need every ambassador there is.
		Start: service.FromFirstMessage,
		Handle: map[subject.Subject]inbox.Handler{
			subject.ProgrammeCreated:    programme,
			subject.ProgrammeUpdated:    programme,
			subject.AmbassadorAppointed: ambassador(false),
			subject.AmbassadorUpdated:   ambassador(false),
			// Projected here; the e-mail is ambassadorMails'.
			subject.AmbassadorTermEnded: ambassador(false),
		},
		// A closed programme's ambassadors each get term-ended; its name
		// stays as it was. Behind target is only an e-mail.
		Ignore: []subject.Subject{subject.ProgrammeClosed, subject.AmbassadorBehindTarget},
	}
}

// ambassadorMails mails ambassadors what the messages of their term call
// for, from the consumer's creation on.
func ambassadorMails(a Projections) service.Consumer {
	return service.Consumer{
		Stream:  subject.StreamAmbassadors,
		Durable: DurableAmbassadorMails,
		Start:   service.FromCreation,
		Handle: map[subject.Subject]inbox.Handler{
			subject.AmbassadorTermEnded: func(ctx context.Context, tx sqlite.Tx, m inbox.Message) error {
				amb, err := decodeAmbassador(m)
				if err != nil {
					return err
				}
				return permanentIfRefused(a.ApplyAmbassador(ctx, tx, amb, true))
			},
			subject.AmbassadorBehindTarget: func(ctx context.Context, tx sqlite.Tx, m inbox.Message) error {
				b, err := decodeBehindTarget(m)
				if err != nil {
					return err
				}
				return permanentIfRefused(a.ApplyBehindTarget(ctx, tx, b))
			},
		},
		// Appointments and edits are the projection's.
		Ignore: []subject.Subject{subject.AmbassadorAppointed, subject.AmbassadorUpdated},
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
