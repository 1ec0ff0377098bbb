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
// event; when an ambassador proposed it (proposed), every organiser who
// manages it is told, once — unless the proposal is older than
// domain.ProposalNoticeWindow. An event without owners is the default
// organisation's.
func (s *App) ApplyEvent(ctx context.Context, tx sqlite.Tx, ev domain.EventFacts, proposedBy string, proposed bool, at time.Time) error {
	ev.Owners = domain.OwnersOrDefault(ev.Owners)
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
	return s.toOrganisers(ctx, tx, managing(ev.Owners), func(o domain.Organiser) (domain.Letter, string, error) {
		l, err := domain.ProposalLetter(o, ev)
		return l, domain.ProposalCause(ev.ID, o.ID), err
	}, about{eventID: ev.ID})
}

// ApplySeats records, within tx, an event's counts at at; when they leave
// no seat free (and did not before), every organiser who manages the
// event is told, once each time it fills up, unless the event has started.
// Nobody is told of an event this service never heard of.
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
	return s.toOrganisers(ctx, tx, managing(ev.Owners), func(o domain.Organiser) (domain.Letter, string, error) {
		l, err := domain.EventFullLetter(o, ev)
		return l, domain.EventFullCause(ev.ID, episode, o.ID), err
	}, about{eventID: ev.ID})
}

// organiserTerm queues, within tx, a copy of an ambassador's term ending
// or ended for every organiser who manages the ambassador's programme.
func (s *App) organiserTerm(ctx context.Context, tx sqlite.Tx, k domain.Kind, a domain.Ambassador) error {
	owners, err := store.ProgrammeOwners(ctx, tx, a.ProgrammeID)
	if err != nil {
		return err
	}
	return s.toOrganisers(ctx, tx, managing(owners), func(o domain.Organiser) (domain.Letter, string, error) {
		l, err := domain.OrganiserTermLetter(k, o, a)
		return l, domain.OrganiserTermCause(k, a, o.ID), err
	}, about{})
}

// whom selects the organisers an e-mail goes to.
type whom struct {
	// digestOnly: those who asked for the digest, whatever they manage
	// (each digest lists only the events its organiser manages).
	digestOnly bool
	// owners, unless digestOnly: those who manage what these
	// organisations own.
	owners []string
}

// errNothingToSay is what a letterOf returns for an organiser the e-mail
// has nothing for.
var errNothingToSay = errors.New("nothing for this organiser")

// linesManaged returns the lines of the digest about events o manages.
func linesManaged(o domain.Organiser, lines []domain.DigestLine) []domain.DigestLine {
	var out []domain.DigestLine
	for _, l := range lines {
		if o.Manages(l.Event.Owners) {
			out = append(out, l)
		}
	}
	return out
}

// managing selects the organisers who manage what owners own.
func managing(owners []string) whom { return whom{owners: owners} }

// toOrganisers queues, within tx, the letter letterOf makes for each
// organiser w selects.
func (s *App) toOrganisers(ctx context.Context, tx sqlite.Tx, w whom,
	letterOf func(domain.Organiser) (domain.Letter, string, error), on about) error {
	list, err := store.Organisers(ctx, tx, w.digestOnly)
	if err != nil {
		return err
	}
	for _, o := range list {
		if !w.digestOnly && !o.Manages(w.owners) {
			continue
		}
		l, cause, err := letterOf(o)
		if errors.Is(err, errNothingToSay) {
			continue
		}
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
// events they manage whose counts changed in the 24 hours before that
// hour — once a day, and nothing on a day without such changes.
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
		err := s.toOrganisers(ctx, tx, whom{digestOnly: true}, func(o domain.Organiser) (domain.Letter, string, error) {
			d := domain.Digest{Day: day, Events: linesManaged(o, lines)}
			if len(d.Events) == 0 {
				return domain.Letter{}, "", errNothingToSay
			}
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
