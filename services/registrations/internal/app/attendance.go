package app

import (
	"context"
	"fmt"

	"plein.dev/platform/identity"
	"plein.dev/platform/outbox"
	"plein.dev/platform/sqlite"
	"plein.dev/registrations/internal/bus"
	"plein.dev/registrations/internal/domain"
	"plein.dev/registrations/internal/store"
)

// Attendance returns an event's attendance figures, for the organisers
// of the event.
func (a *App) Attendance(ctx context.Context, eventID string) (domain.Attendance, error) {
	if err := identity.Require(ctx, identity.RoleOrganiser); err != nil {
		return domain.Attendance{}, err
	}
	if _, err := managedEvent(ctx, a.db.R, eventID); err != nil {
		return domain.Attendance{}, err
	}
	return store.CountAttendance(ctx, a.db.R, eventID)
}

// summarise adds an event's attendance summary, under a new version, to
// the outbox, with the KvK numbers of the companies it reached
// (domain.CompaniesReached).
func (a *App) summarise(ctx context.Context, tx sqlite.Tx, eventID string) error {
	att, err := store.CountAttendance(ctx, tx, eventID)
	if err != nil {
		return err
	}
	attendees, err := store.ConfirmedAttendees(ctx, tx, eventID)
	if err != nil {
		return err
	}
	version, err := store.BumpAttendanceVersion(ctx, tx, eventID)
	if err != nil {
		return err
	}
	msg, err := bus.AttendanceSummarised(att, domain.CompaniesReached(attendees), version, a.now())
	if err != nil {
		return err
	}
	if _, err := outbox.Add(ctx, tx, msg); err != nil {
		return fmt.Errorf("announce attendance of event %s: %w", eventID, err)
	}
	return nil
}
