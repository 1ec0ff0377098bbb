// Package bus is the registrations service's side of the message contract
// (plein.dev/proto/subject): publish.go builds the outbox messages of its
// changes, consume.go reads the events service's messages into the app.
package bus

import (
	"fmt"
	"time"

	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/timestamppb"

	"plein.dev/platform/outbox"
	"plein.dev/platform/shred"
	registrationsv1 "plein.dev/proto/gen/plein/registrations/v1"
	"plein.dev/proto/subject"
	"plein.dev/registrations/internal/domain"
	"plein.dev/registrations/internal/protoconv"
)

// Service is this service's name on the bus: its stream's, and its durable
// consumers'.
const Service = subject.StreamRegistrations

// ForMail is what a registration message carries for the notifications
// service's e-mails beyond the registration and its event.
type ForMail struct {
	// SealedToken is the manage token sealed for notifications
	// (platform/seal, bound to the registration id): on the message of the
	// registration's creation only, and never the token in clear.
	SealedToken string
	// CalendarSequence is the SEQUENCE of the registration's calendar file
	// after the change, as GetRegistrationCalendar writes it.
	CalendarSequence int
	// PersonKey is the person's data key: the personal fields travel only
	// encrypted with it (sealed_personal). Without one (an erased
	// registration) they are left out.
	PersonKey shred.Key
}

// RegistrationChanged builds the message s (one of the registration
// subjects but RegistrationRescheduled) announcing a change of a
// registration.
func RegistrationChanged(s subject.Subject, r domain.Registration, ev domain.Event, mail ForMail, now time.Time) (outbox.Message, error) {
	if s.Aggregate() != subject.RegistrationConfirmed.Aggregate() || s == subject.RegistrationRescheduled {
		return outbox.Message{}, fmt.Errorf("registration %s: %s is not a registration change", r.ID, s)
	}
	return registrationChanged(s, r, ev, nil, mail, now)
}

// RegistrationRescheduled builds the message telling a registration's
// holder that the event moved from before to ev.
func RegistrationRescheduled(r domain.Registration, ev, before domain.Event, mail ForMail, now time.Time) (outbox.Message, error) {
	return registrationChanged(subject.RegistrationRescheduled, r, ev, &before, mail, now)
}

func registrationChanged(s subject.Subject, r domain.Registration, ev domain.Event, before *domain.Event, mail ForMail, now time.Time) (outbox.Message, error) {
	reg := protoconv.Registration(r)
	personal, err := takePersonal(reg, mail.PersonKey)
	if err != nil {
		return outbox.Message{}, err
	}
	m := &registrationsv1.RegistrationChanged{
		Registration:      reg,
		SealedPersonal:    personal,
		OccurredAt:        timestamppb.New(now),
		EventTitle:        ev.Title,
		EventDescription:  ev.Description,
		EventStartsAt:     timestamppb.New(ev.StartsAt),
		EventEndsAt:       timestamppb.New(ev.EndsAt),
		EventLocation:     ev.Location,
		SealedManageToken: mail.SealedToken,
		CalendarSequence:  int32(mail.CalendarSequence),
	}
	if before != nil {
		m.PreviousStartsAt = timestamppb.New(before.StartsAt)
		m.PreviousEndsAt = timestamppb.New(before.EndsAt)
		m.PreviousLocation = before.Location
	}
	payload, err := proto.Marshal(m)
	if err != nil {
		return outbox.Message{}, fmt.Errorf("marshal registration %s %s: %w", r.ID, s.Verb(), err)
	}
	return outbox.Message{
		Subject:   string(s),
		Aggregate: "registration:" + r.ID,
		Version:   r.Version,
		Payload:   payload,
	}, nil
}

// SeatsChanged builds the message announcing an event's seat counts.
func SeatsChanged(s domain.Seats, version int64, now time.Time) (outbox.Message, error) {
	m := &registrationsv1.SeatsChanged{
		Seats:      protoconv.Seats(s),
		Version:    version,
		OccurredAt: timestamppb.New(now),
	}
	payload, err := proto.Marshal(m)
	if err != nil {
		return outbox.Message{}, fmt.Errorf("marshal seats of event %s: %w", s.EventID, err)
	}
	return outbox.Message{
		Subject:   string(subject.SeatsChanged),
		Aggregate: "seats:" + s.EventID,
		Version:   version,
		Payload:   payload,
	}, nil
}

// AttendanceSummarised builds the message summarising an event's
// attendance once it has completed, with the KvK numbers of the companies
// it reached (domain.CompaniesReached). Those go in clear: business
// identifiers from the public register, which the ambassadors service
// counts in its reports.
func AttendanceSummarised(a domain.Attendance, kvkNumbers []string, version int64, now time.Time) (outbox.Message, error) {
	m := &registrationsv1.AttendanceSummarised{
		EventId:    a.EventID,
		Confirmed:  int32(a.Confirmed),
		CheckedIn:  int32(a.CheckedIn),
		NoShows:    int32(a.NoShows()),
		Version:    version,
		OccurredAt: timestamppb.New(now),
		KvkNumbers: kvkNumbers,
	}
	payload, err := proto.Marshal(m)
	if err != nil {
		return outbox.Message{}, fmt.Errorf("marshal attendance of event %s: %w", a.EventID, err)
	}
	return outbox.Message{
		Subject:   string(subject.AttendanceSummarised),
		Aggregate: "attendance:" + a.EventID,
		Version:   version,
		Payload:   payload,
	}, nil
}
