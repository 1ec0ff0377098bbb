package app

import (
	"context"
	"errors"
	"fmt"
	"time"

	"plein.dev/notifications/internal/domain"
	"plein.dev/notifications/internal/store"
	"plein.dev/platform/rule"
	"plein.dev/platform/sqlite"
)

// digestHistory is how long the counts behind the digest are kept.
const digestHistory = 8 * 24 * time.Hour

// ApplyAccount records, within tx, an account as the gateway announces it:
// an active organiser with an address that opens is kept (the e-mails to
// organisers go to them), any other account is forgotten. An address that
// does not open — this service lacks the key the gateway sealed it with —
// fails the message, so that it waits as a dead letter for the keys to be
// set right instead of forgetting the organiser; without any key the
// account is left as it was.
func (s *App) ApplyAccount(ctx context.Context, tx sqlite.Tx, a domain.Account) error {
	if a.SealedEmail != "" {
		if s.mail.Keys == nil {
			s.log.Warn("no PLEIN_SEAL_KEY: an account's address cannot be opened", "user_id", a.ID)
			return nil
		}
		email, err := s.mail.Keys.Open(a.SealedEmail, domain.AccountEmailContext(a.ID))
		if err != nil {
			return fmt.Errorf("account %s: the address does not open with PLEIN_SEAL_KEY: %w", a.ID, err)
		}
		a.Email = email
		// A name that does not open leaves the greeting general.
		a.Name, _ = s.mail.Keys.Open(a.SealedName, domain.AccountNameContext(a.ID))
	}
	o, ok := a.Organiser()
	if !ok {
		return store.DeleteOrganiser(ctx, tx, a.ID)
	}
	return store.PutOrganiser(ctx, tx, o)
}

// ApplyEvent records, within tx, what the organisers' e-mails show of an
// event; when an ambassador proposed it (proposed), every organiser is
// told, once — unless the proposal is older than
// domain.ProposalNoticeWindow.
func (s *App) ApplyEvent(ctx context.Context, tx sqlite.Tx, ev domain.EventFacts, proposedBy string, proposed bool, at time.Time) error {
	if err := store.PutEvent(ctx, tx, ev); err != nil {
		return err
	}
	if !proposed {
		return nil
	}
	if !at.IsZero() && s.now().Sub(at) > domain.ProposalNoticeWindow {
		s.log.Info("proposal too old to announce", "event_id", ev.ID)
		return nil
	}
	if proposedBy != "" {
		a, err := store.Ambassador(ctx, tx, proposedBy)
		if err != nil {
			return err
		}
		ev.ProposedBy = a.Name
	}
	return s.toOrganisers(ctx, tx, false, func(o domain.Organiser) (domain.Letter, string, error) {
		l, err := domain.ProposalLetter(o, ev)
		return l, domain.ProposalCause(ev.ID, o.ID), err
	}, about{eventID: ev.ID})
}

// ApplySeats records, within tx, an event's counts at at; when they leave
// no seat free (and did not before), every organiser is told, once each
// time it fills up, unless the event has started.
func (s *App) ApplySeats(ctx context.Context, tx sqlite.Tx, seats domain.Seats, at time.Time) error {
	if at.IsZero() {
		at = s.now()
	}
	wasFull, episode, err := store.PutSeats(ctx, tx, seats, at)
	if err != nil || wasFull || !seats.Full() {
		return err
	}
	ev, err := store.Event(ctx, tx, seats.EventID)
	if err != nil {
		return err
	}
	if !ev.StartsAt.IsZero() && !ev.StartsAt.After(s.now()) {
		return nil
	}
	ev.Capacity = seats.Capacity
	return s.toOrganisers(ctx, tx, false, func(o domain.Organiser) (domain.Letter, string, error) {
		l, err := domain.EventFullLetter(o, ev)
		return l, domain.EventFullCause(ev.ID, episode, o.ID), err
	}, about{eventID: ev.ID})
}

// organiserTerm queues, within tx, every organiser's copy of an
// ambassador's term ending or ended.
func (s *App) organiserTerm(ctx context.Context, tx sqlite.Tx, k domain.Kind, a domain.Ambassador) error {
	return s.toOrganisers(ctx, tx, false, func(o domain.Organiser) (domain.Letter, string, error) {
		l, err := domain.OrganiserTermLetter(k, o, a)
		return l, domain.OrganiserTermCause(k, a, o.ID), err
	}, about{})
}

// toOrganisers queues, within tx, the letter letterOf makes for each
// organiser (only those who asked for the digest, if digestOnly).
func (s *App) toOrganisers(ctx context.Context, tx sqlite.Tx, digestOnly bool,
	letterOf func(domain.Organiser) (domain.Letter, string, error), on about) error {
	list, err := store.Organisers(ctx, tx, digestOnly)
	if err != nil {
		return err
	}
	for _, o := range list {
		l, cause, err := letterOf(o)
		if err == nil {
			err = s.queue(ctx, tx, l, cause, on)
		}
		var refused *rule.Error
		if errors.As(err, &refused) {
			// One organiser's unusable address keeps the others' mail.
			s.log.WarnContext(ctx, "no e-mail for an organiser", "user_id", o.ID, "err", err)
			continue
		}
		if err != nil {
			return fmt.Errorf("to organiser %s: %w", o.ID, err)
		}
	}
	return nil
}

// SendDigests is a round of the digest loop: from Mail.DigestHour o'clock
// on, it queues each organiser who asked for it the day's digest — the
// events whose counts changed in the 24 hours before that hour — once a
// day, and nothing on a day without changes.
func (s *App) SendDigests(ctx context.Context) error {
	now := s.now()
	day, from, to, ok := domain.DigestDue(now, s.mail.DigestHour, s.mail.Writer.Zone)
	if !ok {
		return nil
	}
	lines, err := store.DigestLines(ctx, s.db.R, from, to)
	if err != nil {
		return err
	}
	return s.db.InTx(ctx, func(tx sqlite.Tx) error {
		if err := store.PruneSeatHistory(ctx, tx, now.Add(-digestHistory)); err != nil {
			return err
		}
		if len(lines) == 0 {
			return nil
		}
		d := domain.Digest{Day: day, Events: lines}
		err := s.toOrganisers(ctx, tx, true, func(o domain.Organiser) (domain.Letter, string, error) {
			l, err := domain.DigestLetter(o, d)
			return l, domain.DigestCause(o.ID, day), err
		}, about{})
		if err != nil {
			return fmt.Errorf("digest of %s: %w", day, err)
		}
		return nil
	})
}

// unsubscribeToken is the token of a digest's unsubscribe link: the
// organiser's user id sealed for the gateway, which opens it; "" without
// a key (the link then leads to the console).
func (s *App) unsubscribeToken(l domain.Letter) string {
	if l.Kind != domain.KindDigest || l.Organiser == nil || s.mail.Keys == nil {
		return ""
	}
	return s.mail.Keys.Seal(l.Organiser.UserID, domain.UnsubscribeContext)
}
