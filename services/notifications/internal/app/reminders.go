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

// remindBatch is how many reminders a round queues in one transaction.
const remindBatch = 100

// Remind is a round of the reminder loop: it queues the reminder of every
// confirmed registration whose event starts within Mail.ReminderLead,
// once per registration, never when the person registered within that
// lead of the start.
func (s *App) Remind(ctx context.Context) error {
	lead := s.mail.ReminderLead
	if lead <= 0 {
		return nil
	}
	for ctx.Err() == nil {
		now := s.now()
		due, err := store.RemindersDue(ctx, s.db.R, now, lead, remindBatch)
		if err != nil {
			return err
		}
		if len(due) == 0 {
			return nil
		}
		err = s.db.InTx(ctx, func(tx sqlite.Tx) error {
			for _, r := range due {
				if !domain.ReminderDue(r, lead, now) {
					continue
				}
				if err := s.remind(ctx, tx, r); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return fmt.Errorf("reminders: %w", err)
		}
		if len(due) < remindBatch {
			return nil
		}
	}
	return nil
}

func (s *App) remind(ctx context.Context, tx sqlite.Tx, r domain.Registration) error {
	l, err := domain.ReminderLetter(r)
	if err == nil {
		err = s.queue(ctx, tx, l, domain.ReminderCause(r.ID), about{registrationID: r.ID, eventID: r.EventID})
	}
	var re *rule.Error
	if errors.As(err, &re) {
		// No reminder can be made of this registration; it must not hold
		// back the others, nor come back every round.
		s.log.Warn("no reminder for this registration", "registration_id", r.ID, "err", err)
		return store.EraseAttendee(ctx, tx, r.ID)
	}
	return err
}

// RemindTerms is a round of the terms loop: it queues the e-mail telling
// each active ambassador, domain.TermEndingNotice before the last day of
// their term, that it ends; once per term.
func (s *App) RemindTerms(ctx context.Context) error {
	zone := s.mail.Writer.Zone
	now := s.now()
	today := now.In(zone).Format(time.DateOnly)
	until := now.In(zone).Add(domain.TermEndingNotice).Format(time.DateOnly)
	list, err := store.TermsEnding(ctx, s.db.R, today, until)
	if err != nil {
		return err
	}
	var errs []error
	for _, a := range list {
		if !domain.TermEndingDue(a, now, zone) {
			continue
		}
		// Queueing is once per cause anyway; this spares a write a round
		// (the organisers' copies are queued with the ambassador's).
		done, err := store.Caused(ctx, s.db.R, domain.TermEndingCause(a))
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if done {
			continue
		}
		l, err := domain.TermLetter(domain.KindTermEnding, a)
		if err == nil {
			err = s.db.InTx(ctx, func(tx sqlite.Tx) error {
				if err := s.queue(ctx, tx, l, domain.TermEndingCause(a), about{}); err != nil {
					return err
				}
				return s.organiserTerm(ctx, tx, domain.KindOrganiserTermEnding, a)
			})
		}
		if err != nil {
			errs = append(errs, fmt.Errorf("term ending of ambassador %s: %w", a.ID, err))
		}
	}
	return errors.Join(errs...)
}
