package bus

import (
	"context"
	"errors"
	"fmt"

	"google.golang.org/protobuf/proto"

	"plein.dev/notifications/internal/domain"
	"plein.dev/platform/inbox"
	"plein.dev/platform/service"
	"plein.dev/platform/shred"
	"plein.dev/platform/sqlite"
	ambassadorsv1 "plein.dev/proto/gen/plein/ambassadors/v1"
	"plein.dev/proto/subject"
)

// IdeaMails mails the submitters of ideas; *app.App is one.
type IdeaMails interface {
	ApplyIdea(ctx context.Context, tx sqlite.Tx, i domain.Idea, submitted bool) error
}

// DurableIdeaMails names the consumer of the ambassadors stream that mails
// the submitters of ideas.
const DurableIdeaMails = Service + "-ideas"

// IdeaConsumers returns the consumer mailing the submitter of an idea its
// receipt and each step of its triage, from the consumer's creation on.
// personal opens the submitter's name and address, sealed with their key
// on the ambassadors stream (platform/shred).
func IdeaConsumers(a IdeaMails, personal Personal) []service.Consumer {
	mail := func(submitted bool) inbox.Handler {
		return func(ctx context.Context, tx sqlite.Tx, m inbox.Message) error {
			i, err := decodeIdea(ctx, personal, m)
			if err != nil {
				return err
			}
			if i.Email == "" {
				// The submitter was erased (or the idea anonymised)
				// since: nobody to tell.
				return nil
			}
			return permanentIfRefused(a.ApplyIdea(ctx, tx, i, submitted))
		}
	}
	return []service.Consumer{{
		Stream:  subject.StreamAmbassadors,
		Durable: DurableIdeaMails,
		Start:   service.FromCreation,
		Handle: map[subject.Subject]inbox.Handler{
			subject.IdeaSubmitted: mail(true),
			subject.IdeaUpdated:   mail(false),
		},
	}}
}

// decodeIdea reads an IdeaChanged message, the submitter's name and
// address opened from sealed_personal with the idea id as context; those
// of an erased submitter stay empty. A key that cannot be read now (NATS
// away) is an error the message is redelivered for.
func decodeIdea(ctx context.Context, personal Personal, m inbox.Message) (domain.Idea, error) {
	var msg ambassadorsv1.IdeaChanged
	if err := proto.Unmarshal(m.Data, &msg); err != nil {
		return domain.Idea{}, fmt.Errorf("decode %s: %w: %w", m.Subject, err, inbox.ErrPermanent)
	}
	x := msg.GetIdea()
	if x.GetId() == "" {
		return domain.Idea{}, fmt.Errorf("%s without idea: %w", m.Subject, inbox.ErrPermanent)
	}
	i := domain.Idea{ID: x.GetId(), ProgrammeID: x.GetProgrammeId(), Version: int64(x.GetVersion()),
		Title: x.GetTitle(), Status: x.GetStatus(), Note: x.GetNote(), Language: x.GetLanguage()}
	if i.Version == 0 {
		i.Version = m.Version
	}
	sealed := msg.GetSealedPersonal()
	if sealed == "" {
		return i, nil
	}
	if personal == nil {
		return domain.Idea{}, fmt.Errorf("%s: personal data sealed and no way to open it: %w", m.Subject, inbox.ErrPermanent)
	}
	plain, err := personal.Open(ctx, sealed, i.ID)
	switch {
	case errors.Is(err, shred.ErrShredded):
		return i, nil
	case errors.Is(err, shred.ErrOpen):
		return domain.Idea{}, fmt.Errorf("%s: %w: %w", m.Subject, err, inbox.ErrPermanent)
	case err != nil:
		return domain.Idea{}, fmt.Errorf("%s: %w", m.Subject, err)
	}
	var p ambassadorsv1.Idea
	if err := proto.Unmarshal(plain, &p); err != nil {
		return domain.Idea{}, fmt.Errorf("%s: personal data: %w: %w", m.Subject, err, inbox.ErrPermanent)
	}
	i.Name, i.Email = p.GetName(), p.GetEmail()
	return i, nil
}
