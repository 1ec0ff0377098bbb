package app

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"plein.dev/platform/sqlite"
	"plein.dev/registrations/internal/domain"
	"plein.dev/registrations/internal/store"
)

// retentionBatch bounds the registrations anonymised in one transaction,
// so that a first sweep over years of history does not hold the writer
// for long.
const retentionBatch = 200

// Retention anonymises the registrations of events that ended longer ago
// than the retention period (PLEIN_RETENTION_DAYS): a background loop's
// round.
type Retention struct {
	app *App
	// after is how long after its event's end a registration is kept.
	after time.Duration
}

// Retention returns the sweep that anonymises registrations after their
// event ended longer ago than after (0: as soon as it ended).
func (a *App) Retention(after time.Duration) *Retention {
	return &Retention{app: a, after: after}
}

// sweepCounts is what one sweep did, for its log line: counts only, never
// whom they concern.
type sweepCounts struct {
	registrations int
	keys          int
}

// Sweep anonymises every registration whose event ended before now minus
// the retention period (store.AnonymiseExpired), and deletes the data key
// of each person left with no registration holding their data — from the
// bus first, so that the personal fields of every message about them no
// longer open, then from the database. After a sweep that changed rows
// the WAL is checkpointed, so that the removed bytes leave the disk
// (secure_delete zeroes them in the database's pages). Each sweep is
// logged with its counts.
func (r *Retention) Sweep(ctx context.Context) error {
	a := r.app
	now := a.now().UTC()
	cutoff := now.Add(-r.after)
	var done sweepCounts
	// Whether there is anything to do is asked of a reader: the hourly
	// sweep that finds nothing does not wait for the writer nor hold it.
	at, found, err := store.FirstExpired(ctx, a.db.R, cutoff)
	if err != nil {
		return fmt.Errorf("retention: %w", err)
	}
	for found {
		if at, found, err = r.batch(ctx, cutoff, at, now, &done); err != nil {
			return fmt.Errorf("retention: %w", err)
		}
	}
	a.log.InfoContext(ctx, "retention sweep", "registrations_anonymised", done.registrations,
		"person_keys_deleted", done.keys, "ended_before", cutoff)
	if done.registrations == 0 {
		return nil
	}
	if err := a.db.Checkpoint(ctx); err != nil {
		return fmt.Errorf("retention: %w", err)
	}
	return nil
}

// batch anonymises up to retentionBatch expired registrations, of the
// events from the cursor at on, in one transaction. It returns where the
// next batch starts, and false when this one found fewer than a batch (no
// registration of an event that ended before cutoff is held any more).
func (r *Retention) batch(ctx context.Context, cutoff time.Time, at store.SweepCursor, now time.Time, done *sweepCounts) (store.SweepCursor, bool, error) {
	a := r.app
	var next store.SweepCursor
	var more bool
	var anonymised, keys int
	err := a.db.InTx(ctx, func(tx sqlite.Tx) error {
		anonymised, keys = 0, 0
		expired, err := store.ExpiredRegistrations(ctx, tx, cutoff, at, retentionBatch)
		if err != nil {
			return err
		}
		if more = len(expired) == retentionBatch; more {
			next = expired[len(expired)-1].SweepCursor
		}
		people := map[string]bool{}
		var summarise []string
		for _, e := range expired {
			if err := store.AnonymiseExpired(ctx, tx, e.ID, now); err != nil {
				return err
			}
			if e.Summarised && !slices.Contains(summarise, e.EventID) {
				summarise = append(summarise, e.EventID)
			}
			if e.EmailKey != "" {
				anonymised++
				people[e.EmailKey] = true
			}
		}
		// The summaries sent when the events completed named the KvK
		// numbers now gone: new versions without them replace them.
		for _, eventID := range summarise {
			if err := a.summarise(ctx, tx, eventID); err != nil {
				return err
			}
		}
		for emailKey := range people {
			deleted, err := a.forgetKeyUnlessHeld(ctx, tx, emailKey)
			if err != nil {
				return err
			}
			if deleted {
				keys++
			}
		}
		return nil
	})
	if err != nil {
		return store.SweepCursor{}, false, err
	}
	done.registrations += anonymised
	done.keys += keys
	return next, more, nil
}

// forgetKeyUnlessHeld deletes the data key of the person with this address
// (its domain.EmailKey) when none of their registrations holds personal
// data any more: its message leaves the bus, then its row. It reports
// whether there was a key to delete.
func (a *App) forgetKeyUnlessHeld(ctx context.Context, tx sqlite.Tx, emailKey string) (bool, error) {
	held, err := store.HeldFor(ctx, tx, emailKey)
	if err != nil || held {
		return false, err
	}
	k, err := store.GetPersonKey(ctx, tx, emailKey)
	if errors.Is(err, domain.ErrNotFound) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	if a.shred != nil {
		if err := a.shred(ctx, k.ID); err != nil {
			return false, fmt.Errorf("delete person key from the bus: %w", err)
		}
	}
	return store.DeletePersonKey(ctx, tx, emailKey)
}
