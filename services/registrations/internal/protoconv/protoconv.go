// Package protoconv turns the registrations domain types into their
// protobuf form, for the gRPC API and the bus alike.
package protoconv

import (
	"time"

	"google.golang.org/protobuf/types/known/timestamppb"

	registrationsv1 "plein.dev/proto/gen/plein/registrations/v1"
	"plein.dev/registrations/internal/domain"
)

// Registration returns the protobuf form of a registration.
func Registration(r domain.Registration) *registrationsv1.Registration {
	p := &registrationsv1.Registration{
		Id:             r.ID,
		EventId:        r.EventID,
		Name:           r.Name,
		Email:          r.Email,
		Status:         string(r.Status),
		Answers:        []*registrationsv1.Answer{},
		RegisteredAt:   timestamppb.New(r.RegisteredAt),
		ConfirmedAt:    ts(r.ConfirmedAt),
		CancelledAt:    ts(r.CancelledAt),
		CheckedInAt:    ts(r.CheckedInAt),
		Version:        int32(r.Version),
		ConsentVersion: r.ConsentVersion,
		ConsentedAt:    ts(r.ConsentedAt),
		CheckInCode:    r.CheckInCode,
		Language:       r.Language,
		KvkNumber:      r.KvKNumber,
	}
	if r.Organisation != "" {
		p.Organisation = &r.Organisation
	}
	p.CancelledBy = r.CancelledBy
	if r.CancellationReason != "" {
		p.CancellationReason = &r.CancellationReason
	}
	if r.Status == domain.StatusWaitlisted && r.WaitlistPosition > 0 {
		pos := int32(r.WaitlistPosition)
		p.WaitlistPosition = &pos
	}
	for _, a := range r.Answers {
		p.Answers = append(p.Answers, &registrationsv1.Answer{QuestionId: a.QuestionID, Values: a.Values})
	}
	return p
}

// Seats returns the protobuf form of an event's seat counts.
func Seats(s domain.Seats) *registrationsv1.Seats {
	return &registrationsv1.Seats{
		EventId:        s.EventID,
		Capacity:       int32(s.Capacity),
		SeatsTaken:     int32(s.Confirmed),
		WaitlistLength: int32(s.Waitlisted),
		SeatsFree:      int32(s.Free()),
	}
}

func ts(t *time.Time) *timestamppb.Timestamp {
	if t == nil {
		return nil
	}
	return timestamppb.New(*t)
}
