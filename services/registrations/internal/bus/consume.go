package bus

import (
	"context"
	"fmt"

	"google.golang.org/protobuf/proto"

	"plein.dev/platform/inbox"
	"plein.dev/platform/service"
	"plein.dev/platform/sqlite"
	eventsv1 "plein.dev/proto/gen/plein/events/v1"
	"plein.dev/proto/subject"
	"plein.dev/registrations/internal/domain"
)

// Projections applies what the events service announces to this service's
// copy of its events; *app.App is one. (app imports bus to build its
// messages, so bus cannot import app.)
type Projections interface {
	ApplyEvent(ctx context.Context, tx sqlite.Tx, ev domain.Event, cancellationReason string) error
}

// Consumers returns the service's durable consumers. Of the events stream
// it handles every verb: each carries the whole event, and the projection
// (registration window, capacity, invite code, time and place for the
// calendar file) follows them all, also before publication, so that
// organisers can set questions and read seats early. ApplyEvent decides
// what a change means by comparing the event before and after, not by the
// verb, so a message skipped as stale loses nothing.
func Consumers(a Projections) []service.Consumer {
	apply := func(ctx context.Context, tx sqlite.Tx, m inbox.Message) error {
		ev, reason, err := decodeEvent(m)
		if err != nil {
			return err
		}
		return a.ApplyEvent(ctx, tx, ev, reason)
	}
	return []service.Consumer{{
		Stream:  subject.StreamEvents,
		Durable: Service,
		Start:   service.FromFirstMessage,
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

// decodeEvent reads an events-service message into the projection form and
// the cancellation reason it carries.
func decodeEvent(m inbox.Message) (domain.Event, string, error) {
	var msg eventsv1.EventChanged
	if err := proto.Unmarshal(m.Data, &msg); err != nil {
		return domain.Event{}, "", fmt.Errorf("decode %s: %w: %w", m.Subject, err, inbox.ErrPermanent)
	}
	e := msg.GetEvent()
	if e.GetId() == "" {
		return domain.Event{}, "", fmt.Errorf("%s without event: %w", m.Subject, inbox.ErrPermanent)
	}
	ev := domain.Event{
		ID:          e.GetId(),
		Title:       e.GetTitle(),
		StartsAt:    e.GetStartsAt().AsTime(),
		EndsAt:      e.GetEndsAt().AsTime(),
		Capacity:    int(e.GetCapacity()),
		Status:      e.GetStatus(),
		Visibility:  e.GetVisibility(),
		Location:    placeOf(&msg),
		Description: e.GetDescription(),
		InviteCode:  e.GetInviteCode(),
		Version:     int64(e.GetVersion()),
		Owners:      e.GetOwnerOrganisationIds(),
	}

	if e.GetRegistrationOpensAt() != nil {
		t := e.GetRegistrationOpensAt().AsTime()
		ev.OpensAt = &t
	}
	if e.GetRegistrationClosesAt() != nil {
		t := e.GetRegistrationClosesAt().AsTime()
		ev.ClosesAt = &t
	}
	return ev, e.GetCancellationReason(), nil
}

// placeOf is where the event takes place for attendees: the place the
// events service describes (room, venue, address), or, from a message
// without one, the event's own location.
func placeOf(m *eventsv1.EventChanged) string {
	if p := m.GetPlace(); p != "" {
		return p
	}
	return m.GetEvent().GetLocation()
}
