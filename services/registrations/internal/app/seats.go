package app

import (
	"context"
	"fmt"

	"plein.dev/platform/outbox"
	"plein.dev/platform/sqlite"
	"plein.dev/proto/subject"
	"plein.dev/registrations/internal/bus"
	"plein.dev/registrations/internal/domain"
	"plein.dev/registrations/internal/store"
)

// Seats returns an event's seat counts: to its organisers always, to anyone
// else unless the event is hidden (a draft, internal).
func (a *App) Seats(ctx context.Context, eventID string) (domain.Seats, error) {
	ev, err := store.GetEvent(ctx, a.db.R, eventID)
	if err != nil {
		return domain.Seats{}, err
	}
	if ev.Hidden() && !manages(ctx, ev) {
		return domain.Seats{}, fmt.Errorf("event %s: %w", eventID, domain.ErrNotFound)
	}
	return store.Seats(ctx, a.db.R, eventID)
}

// promote confirms waitlisted registrations, first come first served, while
// the event has free seats and has not started.
func (a *App) promote(ctx context.Context, tx sqlite.Tx, ev domain.Event) error {
	if !ev.Promotes(a.now()) {
		return nil
	}
	seats, err := store.Seats(ctx, tx, ev.ID)
	if err != nil {
		return err
	}
	if seats.Free() == 0 || seats.Waitlisted == 0 {
		return nil
	}
	next, err := store.NextWaitlisted(ctx, tx, ev.ID, seats.Free())
	if err != nil {
		return err
	}
	now := a.now().UTC()
	for _, reg := range next {
		reg.Status = domain.StatusConfirmed
		reg.ConfirmedAt = &now
		reg.WaitlistPosition = 0
		reg.Version++
		if err := store.SaveStatus(ctx, tx, reg); err != nil {
			return err
		}
		if err := a.announce(ctx, tx, subject.RegistrationPromoted, reg, ev); err != nil {
			return err
		}
	}
	return nil
}

// announceSeats adds the event's seat counts, under a new version, to the
// outbox.
func (a *App) announceSeats(ctx context.Context, tx sqlite.Tx, eventID string) error {
	seats, err := store.BumpSeats(ctx, tx, eventID)
	if err != nil {
		return err
	}
	msg, err := bus.SeatsChanged(seats, seats.Version, a.now())
	if err != nil {
		return err
	}
	if _, err := outbox.Add(ctx, tx, msg); err != nil {
		return fmt.Errorf("announce seats of event %s: %w", eventID, err)
	}
	return nil
}
