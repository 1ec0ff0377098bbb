// Package bus is the events service on NATS: the messages it publishes
// (publish.go) and the consumers of the other services' messages it keeps
// projections of (consume.go). Payloads are the protobuf messages of
// proto/plein/*/v1/bus.proto; subjects the constants of proto/subject.
package bus

import (
	"fmt"
	"time"

	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/timestamppb"

	"plein.dev/events/internal/domain"
	"plein.dev/events/internal/protoconv"
	"plein.dev/platform/outbox"
	eventsv1 "plein.dev/proto/gen/plein/events/v1"
	"plein.dev/proto/subject"
)

// EventChanged builds the outbox message announcing a change of an event
// on s (one of the subject.Event* constants): the whole event after the
// change (of its contacts only the public ones, without e-mail address or
// phone) with its place for attendees (room, venue, address; app reads
// it), and for a reschedule the time and place before it. The aggregate
// is "event:<id>" at the event's version.
func EventChanged(s subject.Subject, e domain.Event, before *domain.Event, place string, at time.Time) (outbox.Message, error) {
	// The contacts' e-mail addresses and phone numbers are for the
	// organisers, through the API: the bus carries only the public
	// contacts, by name and role.
	e.Contacts = domain.PublicContacts(e.Contacts, true)
	m := &eventsv1.EventChanged{Event: protoconv.Event(e), OccurredAt: timestamppb.New(at), Place: place}
	if before != nil && s == subject.EventRescheduled {
		m.PreviousStartsAt = timestamppb.New(before.StartsAt)
		m.PreviousEndsAt = timestamppb.New(before.EndsAt)
		m.PreviousRoomId = before.RoomID
		m.PreviousLocation = before.Location
	}
	payload, err := proto.Marshal(m)
	if err != nil {
		return outbox.Message{}, fmt.Errorf("marshal %s of event %s: %w", s, e.ID, err)
	}
	return outbox.Message{
		Subject:   string(s),
		Aggregate: "event:" + e.ID,
		Version:   e.Version,
		Payload:   payload,
	}, nil
}
