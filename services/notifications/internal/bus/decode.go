package bus

import (
	"context"
	"fmt"
	"time"

	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/timestamppb"

	"plein.dev/notifications/internal/domain"
	"plein.dev/platform/inbox"
	ambassadorsv1 "plein.dev/proto/gen/plein/ambassadors/v1"
	registrationsv1 "plein.dev/proto/gen/plein/registrations/v1"
)

// decodeRegistration reads a RegistrationChanged message, its personal
// fields opened with personal (see openPersonal). A message that cannot be
// read, or names no registration, is an error wrapping inbox.ErrPermanent.
func decodeRegistration(ctx context.Context, personal Personal, m inbox.Message) (domain.Change, error) {
	var msg registrationsv1.RegistrationChanged
	if err := proto.Unmarshal(m.Data, &msg); err != nil {
		return domain.Change{}, fmt.Errorf("decode %s: %w: %w", m.Subject, err, inbox.ErrPermanent)
	}
	r, err := openPersonal(ctx, personal, m.Subject, &msg)
	if err != nil {
		return domain.Change{}, err
	}
	if r.GetId() == "" {
		return domain.Change{}, fmt.Errorf("%s without registration: %w", m.Subject, inbox.ErrPermanent)
	}
	c := domain.Change{
		Registration: domain.Registration{
			ID:                 r.GetId(),
			EventID:            r.GetEventId(),
			Version:            int64(r.GetVersion()),
			Name:               r.GetName(),
			Email:              r.GetEmail(),
			Language:           r.GetLanguage(),
			Status:             r.GetStatus(),
			WaitlistPosition:   int(r.GetWaitlistPosition()),
			CheckInCode:        r.GetCheckInCode(),
			RegisteredAt:       at(r.GetRegisteredAt()),
			CancelledBy:        r.GetCancelledBy(),
			CancellationReason: r.GetCancellationReason(),
			SealedToken:        msg.GetSealedManageToken(),
			CalendarSequence:   int(msg.GetCalendarSequence()),
			Event: domain.Event{
				Title:       msg.GetEventTitle(),
				Description: msg.GetEventDescription(),
				StartsAt:    at(msg.GetEventStartsAt()),
				EndsAt:      at(msg.GetEventEndsAt()),
				Location:    msg.GetEventLocation(),
			},
		},
		Previous: domain.Event{
			Title:    msg.GetEventTitle(),
			StartsAt: at(msg.GetPreviousStartsAt()),
			EndsAt:   at(msg.GetPreviousEndsAt()),
			Location: msg.GetPreviousLocation(),
		},
	}
	if c.Registration.Version == 0 {
		// Not expected: registrations are always versioned. Fall back to
		// the header's version.
		c.Registration.Version = m.Version
	}
	return c, nil
}

// decodeAmbassador reads an AmbassadorChanged message.
func decodeAmbassador(m inbox.Message) (domain.Ambassador, error) {
	var msg ambassadorsv1.AmbassadorChanged
	if err := proto.Unmarshal(m.Data, &msg); err != nil {
		return domain.Ambassador{}, fmt.Errorf("decode %s: %w: %w", m.Subject, err, inbox.ErrPermanent)
	}
	a := ambassador(msg.GetAmbassador())
	a.SealedEmail = msg.GetSealedEmail()
	if a.ID == "" {
		return domain.Ambassador{}, fmt.Errorf("%s without ambassador: %w", m.Subject, inbox.ErrPermanent)
	}
	return a, nil
}

// decodeBehindTarget reads a BehindTarget message.
func decodeBehindTarget(m inbox.Message) (domain.BehindTarget, error) {
	var msg ambassadorsv1.BehindTarget
	if err := proto.Unmarshal(m.Data, &msg); err != nil {
		return domain.BehindTarget{}, fmt.Errorf("decode %s: %w: %w", m.Subject, err, inbox.ErrPermanent)
	}
	b := domain.BehindTarget{Ambassador: ambassador(msg.GetAmbassador()), AsOf: msg.GetAsOf()}
	b.Ambassador.SealedEmail = msg.GetSealedEmail()
	if b.Ambassador.ID == "" {
		return domain.BehindTarget{}, fmt.Errorf("%s without ambassador: %w", m.Subject, inbox.ErrPermanent)
	}
	b.Ambassador.Programme = msg.GetProgrammeName()
	for _, tp := range msg.GetTargets() {
		t := tp.GetTarget()
		b.Targets = append(b.Targets, domain.TargetProgress{Metric: t.GetMetric(), Kind: t.GetKind(),
			Theme: t.GetTheme(), Target: int(t.GetValue()), From: tp.GetFrom(), To: tp.GetTo(),
			Approved: int(tp.GetApproved()), Pending: int(tp.GetPending()), ExpectedByNow: int(tp.GetExpectedByNow())})
	}
	return b, nil
}

// decodeProgramme reads a ProgrammeChanged message: the id and name.
func decodeProgramme(m inbox.Message) (id, name string, err error) {
	var msg ambassadorsv1.ProgrammeChanged
	if err := proto.Unmarshal(m.Data, &msg); err != nil {
		return "", "", fmt.Errorf("decode %s: %w: %w", m.Subject, err, inbox.ErrPermanent)
	}
	p := msg.GetProgramme()
	if p.GetId() == "" {
		return "", "", fmt.Errorf("%s without programme: %w", m.Subject, inbox.ErrPermanent)
	}
	return p.GetId(), p.GetName(), nil
}

func ambassador(a *ambassadorsv1.Ambassador) domain.Ambassador {
	return domain.Ambassador{ID: a.GetId(), ProgrammeID: a.GetProgrammeId(), Name: a.GetName(), Email: a.GetEmail(),
		TermEndsOn: a.GetTermEndsOn(), Status: a.GetStatus()}
}

// at is the time of a timestamp, zero when unset.
func at(ts *timestamppb.Timestamp) time.Time {
	if ts == nil {
		return time.Time{}
	}
	return ts.AsTime()
}
