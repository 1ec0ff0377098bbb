package app

import (
	"context"
	"fmt"

	"plein.dev/notifications/internal/domain"
	"plein.dev/notifications/internal/store"
	"plein.dev/platform/sqlite"
)

// ApplyAmbassador records, within tx, what the ambassadors service says of
// an ambassador (the term-ending e-mails are made from it); when ended,
// their term ended and the ambassador is told so, once per term.
func (s *App) ApplyAmbassador(ctx context.Context, tx sqlite.Tx, a domain.Ambassador, ended bool) error {
	if err := s.openAddress(&a); err != nil {
		return err
	}
	if err := store.PutAmbassador(ctx, tx, a); err != nil {
		return err
	}
	if !ended {
		return nil
	}
	if err := s.withProgramme(ctx, tx, &a); err != nil {
		return err
	}
	l, err := domain.TermLetter(domain.KindTermEnded, a)
	if err == nil {
		err = s.queue(ctx, tx, l, domain.TermEndedCause(a), about{})
	}
	if err == nil {
		err = s.organiserTerm(ctx, tx, domain.KindOrganiserTermEnded, a)
	}
	if err != nil {
		return fmt.Errorf("term of ambassador %s ended: %w", a.ID, err)
	}
	return nil
}

// ApplyBehindTarget queues, within tx, the e-mail telling an ambassador
// where they stand on the targets they are behind on: once a month.
func (s *App) ApplyBehindTarget(ctx context.Context, tx sqlite.Tx, b domain.BehindTarget) error {
	if err := s.openAddress(&b.Ambassador); err != nil {
		return err
	}
	if b.Ambassador.Programme == "" {
		if err := s.withProgramme(ctx, tx, &b.Ambassador); err != nil {
			return err
		}
	}
	l, err := domain.BehindTargetLetter(b)
	if err == nil {
		err = s.queue(ctx, tx, l, domain.BehindTargetCause(b.Ambassador.ID, b.AsOf), about{})
	}
	if err != nil {
		return fmt.Errorf("ambassador %s behind target: %w", b.Ambassador.ID, err)
	}
	return nil
}

// ApplyProgramme records, within tx, a programme's name.
func (s *App) ApplyProgramme(ctx context.Context, tx sqlite.Tx, id, name string) error {
	return store.PutProgramme(ctx, tx, id, name)
}

func (s *App) withProgramme(ctx context.Context, tx sqlite.Tx, a *domain.Ambassador) error {
	if a.ProgrammeID == "" {
		return nil
	}
	name, err := store.ProgrammeName(ctx, tx, a.ProgrammeID)
	a.Programme = name
	return err
}

// openAddress opens the ambassador's sealed address into a.Email. An
// address that does not open — this service lacks the key the ambassadors
// service sealed it with — fails the message, so that it waits as a dead
// letter for the keys to be set right instead of forgetting the address;
// without any key the address stays unknown (and no e-mail can be made).
func (s *App) openAddress(a *domain.Ambassador) error {
	if a.SealedEmail == "" {
		return nil
	}
	if s.mail.Keys == nil {
		s.log.Warn("no PLEIN_SEAL_KEY: an ambassador's address cannot be opened", "ambassador_id", a.ID)
		return nil
	}
	email, err := s.mail.Keys.Open(a.SealedEmail, domain.AmbassadorEmailContext(a.ID))
	if err != nil {
		return fmt.Errorf("ambassador %s: the address does not open with PLEIN_SEAL_KEY: %w", a.ID, err)
	}
	a.Email = email
	return nil
}
