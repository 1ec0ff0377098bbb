package app

import (
	"context"
	"errors"
	"fmt"
	"time"

	"plein.dev/events/internal/domain"
	"plein.dev/events/internal/store"
	"plein.dev/platform/rule"
	"plein.dev/platform/sqlite"
	"plein.dev/proto/subject"
)

// A series is the events of one recurrence rule: each occurrence is an
// event of its own with the series id, moved or cancelled one by one, or
// published or cancelled with the later occurrences (Scope).

// occurrences returns the spans of a new event: its own, or with a
// recurrence the spans of every occurrence, and then it gives e the new
// series' id.
func occurrences(e *domain.Event) ([]domain.Interval, error) {
	if e.Recurrence == "" {
		return []domain.Interval{{Start: e.StartsAt, End: e.EndsAt}}, nil
	}
	spans, err := domain.Occurrences(e.Recurrence, e.StartsAt, e.EndsAt)
	if err != nil {
		return nil, err
	}
	e.SeriesID = newID()
	return spans, nil
}

// seriesConflict reports whether err is one occurrence's conflict (room
// taken or closed) rather than a fault of the whole request.
func seriesConflict(at time.Time, err error) (domain.SeriesConflict, bool) {
	var rc *domain.RoomConflictError
	var re *rule.Error
	switch {
	case errors.As(err, &rc):
		return domain.SeriesConflict{StartsAt: at, Room: rc, Reason: rc.Error()}, true
	case errors.As(err, &re) && re.Field() == "startsAt":
		return domain.SeriesConflict{StartsAt: at, Reason: re.Violations[0].Reason}, true
	}
	return domain.SeriesConflict{}, false
}

// Scope says which events a publication or cancellation takes.
type Scope int

const (
	// ThisEvent: the event alone.
	ThisEvent Scope = iota
	// ThisAndLater: the event and the later occurrences of its series that
	// allow the change, each announced.
	ThisAndLater
)

// seriesTransition changes an event and then the later occurrences of its
// series that allow the change (only those in status only, if set), all in
// one transaction, each announced.
func (a *App) seriesTransition(ctx context.Context, id string, s subject.Subject, only domain.Status, change func(*domain.Event, time.Time) error) (domain.Event, error) {
	var out domain.Event
	err := a.db.InTx(ctx, func(tx sqlite.Tx) error {
		e, err := a.transitionIn(ctx, tx, id, s, change)
		if err != nil {
			return err
		}
		out = e
		if e.SeriesID == "" {
			return nil
		}
		later, err := store.ListEvents(ctx, tx, store.EventQuery{SeriesID: e.SeriesID, From: &e.EndsAt,
			Limit: domain.MaxOccurrences + 1})
		if err != nil {
			return err
		}
		for _, o := range later {
			if o.ID == e.ID || !o.StartsAt.After(e.StartsAt) || (only != "" && o.Status != only) || !o.Live() {
				continue
			}
			if _, err := a.transitionIn(ctx, tx, o.ID, s, change); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return domain.Event{}, fmt.Errorf("%s series of event %s: %w", s.Verb(), id, err)
	}
	return out, nil
}
