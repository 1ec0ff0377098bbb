package bus

import (
	"context"
	"fmt"

	"google.golang.org/protobuf/proto"

	"plein.dev/events/internal/domain"
	"plein.dev/platform/inbox"
	"plein.dev/platform/service"
	"plein.dev/platform/sqlite"
	ambassadorsv1 "plein.dev/proto/gen/plein/ambassadors/v1"
	registrationsv1 "plein.dev/proto/gen/plein/registrations/v1"
	"plein.dev/proto/subject"
)

// Projections applies what other services announce to this service's
// copies of their data; *app.App is one.
type Projections interface {
	ApplyProgramme(ctx context.Context, tx sqlite.Tx, p domain.Programme) error
	ApplyAmbassador(ctx context.Context, tx sqlite.Tx, a domain.Ambassador) error
	ApplySeats(ctx context.Context, tx sqlite.Tx, s domain.Seats) error
}

// Consumers returns the durable consumers of the other services' streams
// that feed a's projections: the registrations service's seat counts, and
// the ambassadors service's programmes and ambassadors.
func Consumers(a Projections) []service.Consumer {
	directory := map[subject.Subject]inbox.Handler{
		subject.ProgrammeCreated:    applyProgramme(a),
		subject.ProgrammeUpdated:    applyProgramme(a),
		subject.ProgrammeClosed:     applyProgramme(a),
		subject.AmbassadorAppointed: applyAmbassador(a),
		subject.AmbassadorUpdated:   applyAmbassador(a),
		subject.AmbassadorTermEnded: applyAmbassador(a),
	}
	return []service.Consumer{{
		Stream:  subject.StreamRegistrations,
		Durable: subject.StreamEvents,
		Start:   service.FromFirstMessage,
		Handle:  map[subject.Subject]inbox.Handler{subject.SeatsChanged: applySeats(a)},
	}, {
		Stream:  subject.StreamAmbassadors,
		Durable: subject.StreamEvents + "-ambassadors",
		Start:   service.FromFirstMessage,
		Handle:  directory,
		// A monthly reminder to the ambassador; it changes nothing events
		// know of the ambassador.
		Ignore: []subject.Subject{subject.AmbassadorBehindTarget},
	}}
}

// decode reads a message's payload into msg; a payload that does not
// decode never will, so the message is dropped.
func decode(m inbox.Message, msg proto.Message) error {
	if err := proto.Unmarshal(m.Data, msg); err != nil {
		return fmt.Errorf("decode %s: %w: %w", m.Subject, err, inbox.ErrPermanent)
	}
	return nil
}

func applyProgramme(a Projections) inbox.Handler {
	return func(ctx context.Context, tx sqlite.Tx, m inbox.Message) error {
		var msg ambassadorsv1.ProgrammeChanged
		if err := decode(m, &msg); err != nil {
			return err
		}
		p := msg.GetProgramme()
		if p.GetId() == "" {
			return fmt.Errorf("%s without programme id: %w", m.Subject, inbox.ErrPermanent)
		}
		return a.ApplyProgramme(ctx, tx, domain.Programme{ID: p.GetId(), Name: p.GetName(), Themes: p.GetThemes(),
			Status: p.GetStatus(), Owners: p.GetOwnerOrganisationIds(), Areas: p.GetAreas(), Version: int64(p.GetVersion())})
	}
}

func applyAmbassador(a Projections) inbox.Handler {
	return func(ctx context.Context, tx sqlite.Tx, m inbox.Message) error {
		var msg ambassadorsv1.AmbassadorChanged
		if err := decode(m, &msg); err != nil {
			return err
		}
		amb := msg.GetAmbassador()
		if amb.GetId() == "" {
			return fmt.Errorf("%s without ambassador id: %w", m.Subject, inbox.ErrPermanent)
		}
		return a.ApplyAmbassador(ctx, tx, domain.Ambassador{ID: amb.GetId(), ProgrammeID: amb.GetProgrammeId(),
			Name: amb.GetName(), Status: amb.GetStatus(), Version: int64(amb.GetVersion())})
	}
}

func applySeats(a Projections) inbox.Handler {
	return func(ctx context.Context, tx sqlite.Tx, m inbox.Message) error {
		var msg registrationsv1.SeatsChanged
		if err := decode(m, &msg); err != nil {
			return err
		}
		s := msg.GetSeats()
		if s.GetEventId() == "" {
			return fmt.Errorf("%s without event id: %w", m.Subject, inbox.ErrPermanent)
		}
		return a.ApplySeats(ctx, tx, domain.Seats{EventID: s.GetEventId(), Taken: int(s.GetSeatsTaken()),
			WaitlistLength: int(s.GetWaitlistLength())})
	}
}
