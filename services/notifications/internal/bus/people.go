package bus

import (
	"context"
	"errors"
	"fmt"

	"google.golang.org/protobuf/proto"

	"plein.dev/platform/inbox"
	"plein.dev/platform/shred"
	registrationsv1 "plein.dev/proto/gen/plein/registrations/v1"
)

// Personal opens the personal fields of a registration message, sealed
// with the person's key (platform/shred) for the registration id;
// *shred.Opener is one. It returns shred.ErrShredded once the person was
// erased.
type Personal interface {
	Open(ctx context.Context, sealed, context string) ([]byte, error)
}

// openPersonal returns msg's registration with its personal fields — name,
// e-mail, organisation, answers, check-in code — opened from
// sealed_personal. Those of an erased person stay empty. A message of
// before the fields were sealed carries them in clear, and is read as it
// is. A key that cannot be read now (NATS away) is an error the message is
// redelivered for.
func openPersonal(ctx context.Context, personal Personal, subject string, msg *registrationsv1.RegistrationChanged) (*registrationsv1.Registration, error) {
	r := msg.GetRegistration()
	sealed := msg.GetSealedPersonal()
	if sealed == "" || r == nil {
		return r, nil
	}
	if personal == nil {
		return nil, fmt.Errorf("%s: personal data sealed and no way to open it: %w", subject, inbox.ErrPermanent)
	}
	plain, err := personal.Open(ctx, sealed, r.GetId())
	switch {
	case errors.Is(err, shred.ErrShredded):
		return r, nil
	case errors.Is(err, shred.ErrOpen):
		return nil, fmt.Errorf("%s: %w: %w", subject, err, inbox.ErrPermanent)
	case err != nil:
		return nil, fmt.Errorf("%s: %w", subject, err)
	}
	var p registrationsv1.Registration
	if err := proto.Unmarshal(plain, &p); err != nil {
		return nil, fmt.Errorf("%s: personal data: %w: %w", subject, err, inbox.ErrPermanent)
	}
	out := proto.CloneOf(r)
	out.Name, out.Email, out.Organisation = p.GetName(), p.GetEmail(), p.Organisation
	out.Answers, out.CheckInCode = p.GetAnswers(), p.GetCheckInCode()
	return out, nil
}
