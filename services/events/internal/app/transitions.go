package app

import (
	"context"
	"fmt"
	"time"

	"plein.dev/events/internal/domain"
	"plein.dev/events/internal/store"
	"plein.dev/platform/sqlite"
	"plein.dev/proto/subject"
)

// Publish opens a draft event; with ThisAndLater also every later draft
// occurrence of its series. Organisers only.
func (a *App) Publish(ctx context.Context, id string, scope Scope) (domain.Event, error) {
	if err := requireOrganiser(ctx); err != nil {
		return domain.Event{}, err
	}
	publish := func(e *domain.Event, now time.Time) error { return e.Publish(now) }
	if scope == ThisAndLater {
		return a.seriesTransition(ctx, id, subject.EventPublished, domain.StatusDraft, publish)
	}
	return a.transition(ctx, id, subject.EventPublished, publish)
}

// Cancel calls an event off with a reason; with ThisAndLater also every
// later draft or published occurrence of its series. Organisers only.
func (a *App) Cancel(ctx context.Context, id, reason string, scope Scope) (domain.Event, error) {
	if err := requireOrganiser(ctx); err != nil {
		return domain.Event{}, err
	}
	cancel := func(e *domain.Event, now time.Time) error { return e.Cancel(reason, now) }
	if scope == ThisAndLater {
		return a.seriesTransition(ctx, id, subject.EventCancelled, "", cancel)
	}
	return a.transition(ctx, id, subject.EventCancelled, cancel)
}

// Complete marks a published event as held. Organisers only; the
// completion loop completes ended events by itself.
func (a *App) Complete(ctx context.Context, id string) (domain.Event, error) {
	if err := requireOrganiser(ctx); err != nil {
		return domain.Event{}, err
	}
	return a.complete(ctx, id)
}

func (a *App) complete(ctx context.Context, id string) (domain.Event, error) {
	return a.transition(ctx, id, subject.EventCompleted, func(e *domain.Event, now time.Time) error { return e.Complete(now) })
}

// transition changes one event's status in a transaction of its own.
func (a *App) transition(ctx context.Context, id string, s subject.Subject, change func(*domain.Event, time.Time) error) (domain.Event, error) {
	var out domain.Event
	err := a.db.InTx(ctx, func(tx sqlite.Tx) error {
		e, err := a.transitionIn(ctx, tx, id, s, change)
		out = e
		return err
	})
	if err != nil {
		return domain.Event{}, fmt.Errorf("%s event %s: %w", s.Verb(), id, err)
	}
	return out, nil
}

// transitionIn changes one event's status in tx and announces it on s.
// An organiser changes only the events they manage.
func (a *App) transitionIn(ctx context.Context, tx sqlite.Tx, id string, s subject.Subject, change func(*domain.Event, time.Time) error) (domain.Event, error) {
	e, err := managed(ctx, tx, id)
	if err != nil {
		return domain.Event{}, err
	}
	prev := e.Version
	if err := change(&e, a.stamp()); err != nil {
		return domain.Event{}, err
	}
	if err := store.UpdateEvent(ctx, tx, e, prev); err != nil {
		return domain.Event{}, err
	}
	return e, a.announce(ctx, tx, s, e, nil)
}
