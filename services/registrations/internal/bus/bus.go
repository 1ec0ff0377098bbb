// Package bus defines what the registrations service publishes and how it
// reads the events service's messages.
package bus

import (
	"fmt"
	"time"

	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/timestamppb"

	"plein.dev/platform/inbox"
	"plein.dev/platform/outbox"
	eventsv1 "plein.dev/proto/gen/plein/events/v1"
	registrationsv1 "plein.dev/proto/gen/plein/registrations/v1"
	"plein.dev/registrations/internal/domain"
	"plein.dev/registrations/internal/protoconv"
)

// Service is the name of this service on the bus.
const Service = "registrations"

// EventSubjects are the events service's messages this service follows.
var EventSubjects = []string{"plein.events.event.>"}

// RegistrationChanged builds the message announcing a change of a
// registration.
func RegistrationChanged(verb string, r domain.Registration, ev domain.Event, now time.Time) (outbox.Message, error) {
	return registrationChanged(verb, r, ev, nil, now)
}

// RegistrationRescheduled builds the message telling a registration's
// holder that the event moved from before to ev.
func RegistrationRescheduled(r domain.Registration, ev, before domain.Event, now time.Time) (outbox.Message, error) {
	return registrationChanged("rescheduled", r, ev, &before, now)
}

func registrationChanged(verb string, r domain.Registration, ev domain.Event, before *domain.Event, now time.Time) (outbox.Message, error) {
	m := &registrationsv1.RegistrationChanged{
		Registration:  protoconv.Registration(r),
		OccurredAt:    timestamppb.New(now),
		EventTitle:    ev.Title,
		EventStartsAt: timestamppb.New(ev.StartsAt),
		EventEndsAt:   timestamppb.New(ev.EndsAt),
		EventLocation: ev.Location,
	}
	if before != nil {
		m.PreviousStartsAt = timestamppb.New(before.StartsAt)
		m.PreviousLocation = before.Location
	}
	payload, err := proto.Marshal(m)
	if err != nil {
		return outbox.Message{}, fmt.Errorf("marshal registration %s %s: %w", r.ID, verb, err)
	}
	return outbox.Message{
		Subject:   "plein.registrations.registration." + verb,
		Aggregate: "registration:" + r.ID,
		Version:   r.Version,
		Payload:   payload,
	}, nil
}

// SeatsChanged builds the message announcing an event's seat counts.
func SeatsChanged(ev domain.Event, confirmed, waitlisted int, version int64, now time.Time) (outbox.Message, error) {
	m := &registrationsv1.SeatsChanged{
		Seats:      protoconv.Seats(ev.ID, ev.Capacity, confirmed, waitlisted),
		Version:    version,
		OccurredAt: timestamppb.New(now),
	}
	payload, err := proto.Marshal(m)
	if err != nil {
		return outbox.Message{}, fmt.Errorf("marshal seats of event %s: %w", ev.ID, err)
	}
	return outbox.Message{
		Subject:   "plein.registrations.seats.changed",
		Aggregate: "seats:" + ev.ID,
		Version:   version,
		Payload:   payload,
	}, nil
}

// AttendanceSummarised builds the message summarising an event's
// attendance once it has completed.
func AttendanceSummarised(eventID string, confirmed, checkedIn int, version int64, now time.Time) (outbox.Message, error) {
	m := &registrationsv1.AttendanceSummarised{
		EventId:    eventID,
		Confirmed:  int32(confirmed),
		CheckedIn:  int32(checkedIn),
		NoShows:    int32(max(confirmed-checkedIn, 0)),
		Version:    version,
		OccurredAt: timestamppb.New(now),
	}
	payload, err := proto.Marshal(m)
	if err != nil {
		return outbox.Message{}, fmt.Errorf("marshal attendance of event %s: %w", eventID, err)
	}
	return outbox.Message{
		Subject:   "plein.registrations.attendance.summarised",
		Aggregate: "attendance:" + eventID,
		Version:   version,
		Payload:   payload,
	}, nil
}

// DecodeEvent reads an events-service message into the projection form and
// the cancellation reason it carries.
func DecodeEvent(m inbox.Message) (domain.Event, string, error) {
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
		Location:    e.GetLocation(),
		Description: e.GetDescription(),
		InviteCode:  e.GetInviteCode(),
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
