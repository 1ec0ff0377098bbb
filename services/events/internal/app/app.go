// Package app holds the events service's use cases. Each one decides what
// the caller (the identity in the context) may do, and reads and changes
// the store; a change and the message announcing it are written to the
// outbox in one transaction. The projections of other services' messages
// (programmes, ambassadors, seat counts) are applied here too, in the
// transaction the consumer gives.
package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/google/uuid"

	"plein.dev/events/internal/bus"
	"plein.dev/events/internal/domain"
	"plein.dev/platform/outbox"
	"plein.dev/platform/sqlite"
	"plein.dev/proto/subject"
)

// App runs the use cases against one database.
type App struct {
	db  *sqlite.DB
	log *slog.Logger
	now func() time.Time
}

// New returns the use cases on db; now is the clock (time.Now in
// production).
func New(db *sqlite.DB, log *slog.Logger, now func() time.Time) *App {
	return &App{db: db, log: log, now: now}
}

func newID() string { return uuid.Must(uuid.NewV7()).String() }

// stamp is the time a change is recorded with: UTC, whole seconds.
func (a *App) stamp() time.Time { return a.now().UTC().Truncate(time.Second) }

// announce adds the message of an event's change to the outbox, in the
// change's transaction, with the event's place for attendees (what the
// registrations and notifications services show).
func (a *App) announce(ctx context.Context, tx sqlite.Tx, s subject.Subject, e domain.Event, before *domain.Event) error {
	place, err := a.place(ctx, tx, e)
	if errors.Is(err, domain.ErrNotFound) {
		place = e.Location
	} else if err != nil {
		return fmt.Errorf("announce %s of event %s: %w", s.Verb(), e.ID, err)
	}
	msg, err := bus.EventChanged(s, e, before, place, a.now())
	if err != nil {
		return err
	}
	if _, err := outbox.Add(ctx, tx, msg); err != nil {
		return fmt.Errorf("announce %s of event %s: %w", s.Verb(), e.ID, err)
	}
	return nil
}
