package bus

import (
	"context"

	"plein.dev/platform/inbox"
	"plein.dev/platform/service"
	"plein.dev/platform/sqlite"
	"plein.dev/proto/subject"
	"plein.dev/registrations/internal/domain"
)

// Projector is what the consumers hand the decoded messages to: the app
// (*app.App). It is declared here because app imports bus to build the
// messages it publishes, so bus cannot import app.
type Projector interface {
	ApplyEvent(ctx context.Context, tx sqlite.Tx, ev domain.Event, cancellationReason string) error
}

// Consumers returns the service's durable consumers: the events service's
// event messages, every verb of which updates the projection of the event
// the registrations are checked against (app.ApplyEvent decides what a
// change means by comparing the event before and after).
func Consumers(a Projector) []service.Consumer {
	apply := func(ctx context.Context, tx sqlite.Tx, m inbox.Message) error {
		ev, reason, err := DecodeEvent(m)
		if err != nil {
			return err
		}
		return a.ApplyEvent(ctx, tx, ev, reason)
	}
	return []service.Consumer{{
		Stream:  subject.StreamEvents,
		Durable: Service,
		Handle: map[subject.Subject]inbox.Handler{
			subject.EventProposed:    apply,
			subject.EventDeclined:    apply,
			subject.EventDrafted:     apply,
			subject.EventUpdated:     apply,
			subject.EventPublished:   apply,
			subject.EventRescheduled: apply,
			subject.EventCancelled:   apply,
			subject.EventCompleted:   apply,
		},
	}}
}
