// Package bus defines what the events service publishes and how it applies
// the messages it consumes.
package bus

import (
	"context"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/timestamppb"

	"plein.dev/events/internal/domain"
	"plein.dev/events/internal/protoconv"
	"plein.dev/events/internal/store"
	"plein.dev/platform/inbox"
	"plein.dev/platform/outbox"
	eventsv1 "plein.dev/proto/gen/plein/events/v1"
	registrationsv1 "plein.dev/proto/gen/plein/registrations/v1"
)

// Service is the name of this service on the bus: its stream and its
// durable consumers.
const Service = "events"

// SubjectSeatsChanged is the registrations service's seat-count message.
const SubjectSeatsChanged = "plein.registrations.seats.changed"

// EventChanged builds the outbox message announcing a change of an event.
// before is the event as it was, for reschedules.
func EventChanged(verb string, e domain.Event, before *domain.Event, now time.Time) (outbox.Message, error) {
	m := &eventsv1.EventChanged{Event: protoconv.Event(e), OccurredAt: timestamppb.New(now)}
	if before != nil && verb == "rescheduled" {
		m.PreviousStartsAt = timestamppb.New(before.StartsAt)
		m.PreviousEndsAt = timestamppb.New(before.EndsAt)
		m.PreviousRoomId = before.RoomID
		m.PreviousLocation = before.Location
	}
	payload, err := proto.Marshal(m)
	if err != nil {
		return outbox.Message{}, fmt.Errorf("marshal event %s %s: %w", e.ID, verb, err)
	}
	return outbox.Message{
		Subject:   "plein.events.event." + verb,
		Aggregate: "event:" + e.ID,
		Version:   e.Version,
		Payload:   payload,
	}, nil
}

// Consumers returns the inbox specs and handlers this service runs.
func Consumers() []Consumer {
	return []Consumer{{
		Spec:    inbox.Spec{Stream: "registrations", Durable: Service, FilterSubjects: []string{SubjectSeatsChanged}},
		Handler: applySeats,
	}}
}

// Consumer pairs a consumer spec with its handler.
type Consumer struct {
	Spec    inbox.Spec
	Handler inbox.Handler
}

func applySeats(ctx context.Context, tx *sqlx.Tx, m inbox.Message) error {
	var msg registrationsv1.SeatsChanged
	if err := proto.Unmarshal(m.Data, &msg); err != nil {
		return fmt.Errorf("decode %s: %w: %w", m.Subject, err, inbox.ErrPermanent)
	}
	s := msg.GetSeats()
	if s.GetEventId() == "" {
		return fmt.Errorf("%s without event id: %w", m.Subject, inbox.ErrPermanent)
	}
	return store.SetSeats(ctx, tx, s.GetEventId(), int(s.GetSeatsTaken()), int(s.GetWaitlistLength()))
}
