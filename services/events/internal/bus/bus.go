// Package bus defines what the events service publishes and how it applies
// the messages it consumes.
package bus

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/timestamppb"

	"plein.dev/events/internal/domain"
	"plein.dev/events/internal/protoconv"
	"plein.dev/events/internal/store"
	"plein.dev/platform/inbox"
	"plein.dev/platform/outbox"
	"plein.dev/platform/service"
	ambassadorsv1 "plein.dev/proto/gen/plein/ambassadors/v1"
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
func Consumers() []service.Consumer {
	return []service.Consumer{{
		Spec:    inbox.Spec{Stream: "registrations", Durable: Service, FilterSubjects: []string{SubjectSeatsChanged}},
		Handler: applySeats,
	}, {
		Spec: inbox.Spec{Stream: "ambassadors", Durable: Service + "-ambassadors",
			FilterSubjects: []string{SubjectProgrammes, SubjectAmbassadors}},
		Handler: ApplyDirectory,
	}}
}

// Subjects of the ambassadors service this service keeps a projection of.
const (
	SubjectProgrammes  = "plein.ambassadors.programme.>"
	SubjectAmbassadors = "plein.ambassadors.ambassador.>"
)

// ApplyDirectory records a programme or an ambassador as the ambassadors
// service announced it; events are validated against these.
func ApplyDirectory(ctx context.Context, tx *sqlx.Tx, m inbox.Message) error {
	switch {
	case strings.HasPrefix(m.Subject, "plein.ambassadors.programme."):
		var msg ambassadorsv1.ProgrammeChanged
		if err := proto.Unmarshal(m.Data, &msg); err != nil {
			return fmt.Errorf("decode %s: %w: %w", m.Subject, err, inbox.ErrPermanent)
		}
		p := msg.GetProgramme()
		if p.GetId() == "" {
			return fmt.Errorf("%s without programme id: %w", m.Subject, inbox.ErrPermanent)
		}
		return store.PutProgramme(ctx, tx, store.Programme{ID: p.GetId(), Name: p.GetName(), Themes: p.GetThemes(),
			Status: p.GetStatus(), Version: int64(p.GetVersion())})
	case strings.HasPrefix(m.Subject, "plein.ambassadors.ambassador."):
		var msg ambassadorsv1.AmbassadorChanged
		if err := proto.Unmarshal(m.Data, &msg); err != nil {
			return fmt.Errorf("decode %s: %w: %w", m.Subject, err, inbox.ErrPermanent)
		}
		a := msg.GetAmbassador()
		if a.GetId() == "" {
			return fmt.Errorf("%s without ambassador id: %w", m.Subject, inbox.ErrPermanent)
		}
		return store.PutAmbassador(ctx, tx, store.Ambassador{ID: a.GetId(), ProgrammeID: a.GetProgrammeId(),
			Name: a.GetName(), Status: a.GetStatus(), Version: int64(a.GetVersion())})
	}
	return nil
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
