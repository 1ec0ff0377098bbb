package bus

import (
	"context"
	"fmt"

	"google.golang.org/protobuf/proto"

	"plein.dev/ambassadors/internal/domain"
	"plein.dev/platform/inbox"
	"plein.dev/platform/service"
	"plein.dev/platform/sqlite"
	eventsv1 "plein.dev/proto/gen/plein/events/v1"
	registrationsv1 "plein.dev/proto/gen/plein/registrations/v1"
	"plein.dev/proto/subject"
)

// Projections is what the consumers hand the decoded messages to: the app
// (*app.App). It is declared here because app imports bus to build the
// messages it publishes, so bus cannot import app.
type Projections interface {
	ApplyEventCompleted(ctx context.Context, tx sqlite.Tx, e domain.HostedEvent) error
	ApplyAttendance(ctx context.Context, tx sqlite.Tx, a domain.EventAttendance) error
}

// Consumers returns the durable consumers of the events and registrations
// streams that feed a: a completed event credits its hosts, an attendance
// summary fills in the attendance of the activities about the event.
func Consumers(a Projections) []service.Consumer {
	return []service.Consumer{
		{
			Stream:  subject.StreamEvents,
			Durable: Service,
			Start:   service.FromFirstMessage,
			Handle: map[subject.Subject]inbox.Handler{
				subject.EventCompleted: func(ctx context.Context, tx sqlite.Tx, m inbox.Message) error {
					e, err := decodeEventCompleted(m)
					if err != nil {
						return err
					}
					return a.ApplyEventCompleted(ctx, tx, e)
				},
			},
			// Only what took place counts for hosts: an event is credited
			// once it completed, whatever happened to it before.
			Ignore: []subject.Subject{subject.EventProposed, subject.EventDeclined, subject.EventDrafted,
				subject.EventUpdated, subject.EventPublished, subject.EventRescheduled, subject.EventCancelled},
		},
		{
			Stream:  subject.StreamRegistrations,
			Durable: Service,
			Start:   service.FromFirstMessage,
			Handle: map[subject.Subject]inbox.Handler{
				subject.AttendanceSummarised: func(ctx context.Context, tx sqlite.Tx, m inbox.Message) error {
					att, err := decodeAttendance(m)
					if err != nil {
						return err
					}
					return a.ApplyAttendance(ctx, tx, att)
				},
			},
		},
	}
}

// decodeEventCompleted reads an EventChanged of subject.EventCompleted. A
// message that cannot be read, or names no event, wraps inbox.ErrPermanent.
func decodeEventCompleted(m inbox.Message) (domain.HostedEvent, error) {
	var msg eventsv1.EventChanged
	if err := proto.Unmarshal(m.Data, &msg); err != nil {
		return domain.HostedEvent{}, fmt.Errorf("decode %s: %w: %w", m.Subject, inbox.ErrPermanent, err)
	}
	ev := msg.GetEvent()
	if ev.GetId() == "" {
		return domain.HostedEvent{}, fmt.Errorf("%s without an event id: %w", m.Subject, inbox.ErrPermanent)
	}
	return domain.HostedEvent{
		EventID:  ev.GetId(),
		Title:    ev.GetTitle(),
		StartsAt: ev.GetStartsAt().AsTime(),
		EndsAt:   ev.GetEndsAt().AsTime(),
		Themes:   ev.GetThemes(),
		HostIDs:  ev.GetHostAmbassadorIds(),

		ProgrammeID: ev.GetProgrammeId(),
		Areas:       ev.GetAreas(),
		Version:     version(int64(ev.GetVersion()), m),
	}, nil
}

// decodeAttendance reads an AttendanceSummarised. Without a version in the
// payload, the message header's counts; a negative count of checked-in
// attendees counts as none.
func decodeAttendance(m inbox.Message) (domain.EventAttendance, error) {
	var msg registrationsv1.AttendanceSummarised
	if err := proto.Unmarshal(m.Data, &msg); err != nil {
		return domain.EventAttendance{}, fmt.Errorf("decode %s: %w: %w", m.Subject, inbox.ErrPermanent, err)
	}
	if msg.GetEventId() == "" {
		return domain.EventAttendance{}, fmt.Errorf("%s without an event id: %w", m.Subject, inbox.ErrPermanent)
	}
	return domain.EventAttendance{
		EventID:    msg.GetEventId(),
		Confirmed:  int(msg.GetConfirmed()),
		CheckedIn:  int(max(msg.GetCheckedIn(), 0)),
		KvKNumbers: msg.GetKvkNumbers(),
		Version:    version(msg.GetVersion(), m),
	}, nil
}

// version is the payload's version, or else the message header's.
func version(payload int64, m inbox.Message) int64 {
	if payload == 0 {
		return m.Version
	}
	return payload
}
