package app

import (
	"context"
	"errors"
	"fmt"

	"plein.dev/platform/outbox"
	"plein.dev/platform/sqlite"
	"plein.dev/registrations/internal/bus"
	"plein.dev/registrations/internal/domain"
	"plein.dev/registrations/internal/store"
)

// batch is how many registrations a reaction to an event change reads at
// once.
const batch = 500

// ApplyEvent updates the projection of an event from the events service's
// message, in the consumer's transaction, and reacts to what changed: more
// seats or the publication promote from the waiting list, a new time or
// place is announced to every live registration, the cancellation cancels
// every registration with the organiser's reason, the completion publishes
// the attendance. An event announced without owners (before
// organisations) is the default organisation's.
func (a *App) ApplyEvent(ctx context.Context, tx sqlite.Tx, ev domain.Event, cancellationReason string) error {
	if len(ev.Owners) == 0 {
		ev.Owners = []string{DefaultOrganisation}
	}
	before, err := store.GetEvent(ctx, tx, ev.ID)
	known := err == nil
	if err != nil && !errors.Is(err, domain.ErrNotFound) {
		return err
	}
	if err := store.PutEvent(ctx, tx, ev); err != nil {
		return err
	}
	if !known {
		return nil
	}
	switch {
	case ev.Status == domain.EventCancelled && before.Status != domain.EventCancelled:
		return a.cancelAll(ctx, tx, ev, cancellationReason)
	case ev.Status == domain.EventCompleted && before.Status != domain.EventCompleted:
		return a.summarise(ctx, tx, ev.ID)
	case ev.Status == domain.EventPublished && before.Status == domain.EventPublished && ev.Moved(before):
		if err := a.announceRescheduled(ctx, tx, ev, before); err != nil {
			return err
		}
		if ev.Capacity > before.Capacity {
			return a.promoteAndAnnounce(ctx, tx, ev)
		}
		return nil
	case ev.Status == domain.EventPublished && (ev.Capacity > before.Capacity || before.Status != domain.EventPublished):
		return a.promoteAndAnnounce(ctx, tx, ev)
	}
	return nil
}

func (a *App) promoteAndAnnounce(ctx context.Context, tx sqlite.Tx, ev domain.Event) error {
	if err := a.promote(ctx, tx, ev); err != nil {
		return err
	}
	return a.announceSeats(ctx, tx, ev.ID)
}

// announceRescheduled tells every live registration of an event that it
// moved, raising each one's version.
func (a *App) announceRescheduled(ctx context.Context, tx sqlite.Tx, ev, before domain.Event) error {
	var after int64
	for {
		regs, err := store.ListRegistrations(ctx, tx, store.ListFilter{EventID: ev.ID, AfterSeq: after, Limit: batch})
		if err != nil {
			return err
		}
		if len(regs) == 0 {
			return nil
		}
		for _, reg := range regs {
			if !reg.Live() {
				continue
			}
			if reg.Version, err = store.BumpVersion(ctx, tx, reg.ID); err != nil {
				return err
			}
			seq, err := a.calendarSequenceIn(ctx, tx, reg, ev)
			if err != nil {
				return err
			}
			key, err := a.personKey(ctx, tx, reg)
			if err != nil {
				return err
			}
			msg, err := bus.RegistrationRescheduled(reg, ev, before, bus.ForMail{CalendarSequence: seq, PersonKey: key}, a.now())
			if err != nil {
				return err
			}
			if _, err := outbox.Add(ctx, tx, msg); err != nil {
				return fmt.Errorf("announce registration %s rescheduled: %w", reg.ID, err)
			}
		}
		after = regs[len(regs)-1].Seq
	}
}

// cancelAll cancels every live registration of a cancelled event, with
// the organiser's reason.
func (a *App) cancelAll(ctx context.Context, tx sqlite.Tx, ev domain.Event, reason string) error {
	for _, st := range []domain.Status{domain.StatusWaitlisted, domain.StatusConfirmed} {
		for {
			// Those cancelled leave the filter: each round reads the next.
			regs, err := store.ListRegistrations(ctx, tx, store.ListFilter{EventID: ev.ID, Status: st, Limit: batch})
			if err != nil {
				return err
			}
			if len(regs) == 0 {
				break
			}
			for _, reg := range regs {
				if err := a.cancel(ctx, tx, reg, ev, domain.CancelledByEvent, reason); err != nil {
					return err
				}
			}
		}
	}
	return a.announceSeats(ctx, tx, ev.ID)
}

// DefaultOrganisation owns what was made before organisations (the
// gateway's upgrade made it and gave it to every organiser of then).
const DefaultOrganisation = "default"
