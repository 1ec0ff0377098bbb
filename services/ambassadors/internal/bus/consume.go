package bus

import (
	"context"
	"fmt"

	"github.com/jmoiron/sqlx"
	"google.golang.org/protobuf/proto"

	"plein.dev/ambassadors/internal/domain"
	"plein.dev/platform/inbox"
	"plein.dev/platform/service"
	eventsv1 "plein.dev/proto/gen/plein/events/v1"
	registrationsv1 "plein.dev/proto/gen/plein/registrations/v1"
)

// Subjects this service consumes.
const (
	SubjectEventCompleted       = "plein.events.event.completed"
	SubjectAttendanceSummarised = "plein.registrations.attendance.summarised"
)

// Crediter applies what the other services announce: an event completed
// (its hosts get an event-hosted activity) and its attendance summary.
type Crediter interface {
	CreditHostedEvent(ctx context.Context, tx *sqlx.Tx, e domain.HostedEvent) error
	RecordAttendance(ctx context.Context, tx *sqlx.Tx, a domain.EventAttendance) error
}

// Consumers returns the durable consumers of the events and registrations
// streams that feed c.
func Consumers(c Crediter) []service.Consumer {
	return []service.Consumer{
		{
			Spec:    inbox.Spec{Stream: "events", Durable: Service, FilterSubjects: []string{SubjectEventCompleted}},
			Handler: EventCompletedHandler(c),
		},
		{
			Spec:    inbox.Spec{Stream: "registrations", Durable: Service, FilterSubjects: []string{SubjectAttendanceSummarised}},
			Handler: AttendanceHandler(c),
		},
	}
}

// EventCompletedHandler decodes plein.events.event.completed for c.
func EventCompletedHandler(c Crediter) inbox.Handler {
	return func(ctx context.Context, tx *sqlx.Tx, m inbox.Message) error {
		if m.Subject != SubjectEventCompleted {
			return nil
		}
		var msg eventsv1.EventChanged
		if err := proto.Unmarshal(m.Data, &msg); err != nil {
			return fmt.Errorf("decode %s: %w: %w", m.Subject, inbox.ErrPermanent, err)
		}
		ev := msg.GetEvent()
		if ev.GetId() == "" {
			return fmt.Errorf("%s without an event id: %w", m.Subject, inbox.ErrPermanent)
		}
		return c.CreditHostedEvent(ctx, tx, domain.HostedEvent{
			EventID:  ev.GetId(),
			Title:    ev.GetTitle(),
			StartsAt: ev.GetStartsAt().AsTime(),
			EndsAt:   ev.GetEndsAt().AsTime(),
			Themes:   ev.GetThemes(),
			HostIDs:  ev.GetHostAmbassadorIds(),
		})
	}
}

// AttendanceHandler decodes plein.registrations.attendance.summarised for c.
func AttendanceHandler(c Crediter) inbox.Handler {
	return func(ctx context.Context, tx *sqlx.Tx, m inbox.Message) error {
		if m.Subject != SubjectAttendanceSummarised {
			return nil
		}
		var msg registrationsv1.AttendanceSummarised
		if err := proto.Unmarshal(m.Data, &msg); err != nil {
			return fmt.Errorf("decode %s: %w: %w", m.Subject, inbox.ErrPermanent, err)
		}
		if msg.GetEventId() == "" {
			return fmt.Errorf("%s without an event id: %w", m.Subject, inbox.ErrPermanent)
		}
		version := msg.GetVersion()
		if version == 0 {
			version = m.Version
		}
		return c.RecordAttendance(ctx, tx, domain.EventAttendance{
			EventID:   msg.GetEventId(),
			Confirmed: int(msg.GetConfirmed()),
			CheckedIn: int(max(msg.GetCheckedIn(), 0)),
			Version:   version,
		})
	}
}
