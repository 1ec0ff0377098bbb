package bus

import (
	"context"
	"fmt"
	"time"

	"google.golang.org/protobuf/proto"

	"plein.dev/notifications/internal/domain"
	"plein.dev/platform/inbox"
	"plein.dev/platform/service"
	"plein.dev/platform/sqlite"
	accountsv1 "plein.dev/proto/gen/plein/accounts/v1"
	eventsv1 "plein.dev/proto/gen/plein/events/v1"
	registrationsv1 "plein.dev/proto/gen/plein/registrations/v1"
	"plein.dev/proto/subject"
)

// Organisers applies what the e-mails to organisers are made of; *app.App
// is one.
type Organisers interface {
	ApplyAccount(ctx context.Context, tx sqlite.Tx, a domain.Account) error
	ApplyEvent(ctx context.Context, tx sqlite.Tx, ev domain.EventFacts, proposedBy string, proposed bool, at time.Time) error
	ApplySeats(ctx context.Context, tx sqlite.Tx, s domain.Seats, at time.Time) error
}

// Durable names of the consumers that feed the e-mails to organisers.
const (
	DurableSeats = Service + "-seats"
)

// OrganiserConsumers returns the consumers the e-mails to organisers need:
// the gateway's accounts (who organises, their address, language and
// digest opt-in), the events service's events (proposals; titles and
// times) and the registrations service's counts (an event filling up,
// the digest).
func OrganiserConsumers(a Organisers) []service.Consumer {
	return []service.Consumer{accounts(a), events(a), seats(a)}
}

func accounts(a Organisers) service.Consumer {
	account := func(ctx context.Context, tx sqlite.Tx, m inbox.Message) error {
		acc, err := decodeAccount(m)
		if err != nil {
			return err
		}
		return permanentIfRefused(a.ApplyAccount(ctx, tx, acc))
	}
	return service.Consumer{
		Stream:  subject.StreamAccounts,
		Durable: Service,
		// A projection: every account there is.
		Start: service.FromFirstMessage,
		Handle: map[subject.Subject]inbox.Handler{
			subject.AccountCreated: account,
			subject.AccountUpdated: account,
		},
	}
}

func events(a Organisers) service.Consumer {
	event := func(proposed bool) inbox.Handler {
		return func(ctx context.Context, tx sqlite.Tx, m inbox.Message) error {
			var msg eventsv1.EventChanged
			if err := proto.Unmarshal(m.Data, &msg); err != nil {
				return fmt.Errorf("decode %s: %w: %w", m.Subject, err, inbox.ErrPermanent)
			}
			e := msg.GetEvent()
			if e.GetId() == "" {
				return fmt.Errorf("%s without event: %w", m.Subject, inbox.ErrPermanent)
			}
			ev := domain.EventFacts{ID: e.GetId(), Title: e.GetTitle(), StartsAt: at(e.GetStartsAt()),
				EndsAt: at(e.GetEndsAt()), Status: e.GetStatus(), Capacity: int(e.GetCapacity()),
				Owners: e.GetOwnerOrganisationIds()}
			return permanentIfRefused(a.ApplyEvent(ctx, tx, ev, e.GetProposedByAmbassadorId(), proposed, at(msg.GetOccurredAt())))
		}
	}
	return service.Consumer{
		Stream:  subject.StreamEvents,
		Durable: Service,
		// It mails: a proposal made before it existed is not news. (Events
		// from before are missing from the projection, and their e-mails
		// name "the event".)
		Start: service.FromCreation,
		Handle: map[subject.Subject]inbox.Handler{
			subject.EventProposed:    event(true),
			subject.EventDeclined:    event(false),
			subject.EventDrafted:     event(false),
			subject.EventUpdated:     event(false),
			subject.EventPublished:   event(false),
			subject.EventRescheduled: event(false),
			subject.EventCancelled:   event(false),
			subject.EventCompleted:   event(false),
		},
	}
}

func seats(a Organisers) service.Consumer {
	return service.Consumer{
		Stream:  subject.StreamRegistrations,
		Durable: DurableSeats,
		// It mails: an event that filled up before it existed is not news.
		Start: service.FromCreation,
		Handle: map[subject.Subject]inbox.Handler{
			subject.SeatsChanged: func(ctx context.Context, tx sqlite.Tx, m inbox.Message) error {
				var msg registrationsv1.SeatsChanged
				if err := proto.Unmarshal(m.Data, &msg); err != nil {
					return fmt.Errorf("decode %s: %w: %w", m.Subject, err, inbox.ErrPermanent)
				}
				s := msg.GetSeats()
				if s.GetEventId() == "" {
					return fmt.Errorf("%s without event: %w", m.Subject, inbox.ErrPermanent)
				}
				return a.ApplySeats(ctx, tx, domain.Seats{EventID: s.GetEventId(), Capacity: int(s.GetCapacity()),
					Taken: int(s.GetSeatsTaken()), Waitlist: int(s.GetWaitlistLength()), Free: int(s.GetSeatsFree())},
					at(msg.GetOccurredAt()))
			},
		},
	}
}

// decodeAccount reads an AccountChanged message; its address and name
// stay sealed.
func decodeAccount(m inbox.Message) (domain.Account, error) {
	var msg accountsv1.AccountChanged
	if err := proto.Unmarshal(m.Data, &msg); err != nil {
		return domain.Account{}, fmt.Errorf("decode %s: %w: %w", m.Subject, err, inbox.ErrPermanent)
	}
	acc := msg.GetAccount()
	if acc.GetId() == "" {
		return domain.Account{}, fmt.Errorf("%s without account: %w", m.Subject, inbox.ErrPermanent)
	}
	return domain.Account{ID: acc.GetId(), SealedEmail: acc.GetSealedEmail(), SealedName: acc.GetSealedName(),
		Language: acc.GetLanguage(), Roles: acc.GetRoles(), Active: acc.GetActive(), Digest: acc.GetDigest(),
		OrganisationIDs: acc.GetOrganisationIds()}, nil
}
